// The session's poll loop over rpc_get_fd / rpc_which_events / rpc_service.
#include "tests/integration/nfs_client/rpc_session.h"

#include <poll.h>

#include "tests/integration/nfs_client/libnfs_udp.h"

namespace magma::nfstest {

namespace {

constexpr uint32_t kNobody = 65534;

rpc_context* open_udp(const RpcTarget& target, std::string& error) {
  rpc_context* rpc = rpc_init_udp_context();
  if (!rpc) {
    error = "rpc_init_udp_context failed";
    return nullptr;
  }
  std::string any = "0.0.0.0", host = target.host;
  if (rpc_bind_udp(rpc, any.data(), 0) != 0 || rpc_set_udp_destination(rpc, host.data(), target.port, 0) != 0) {
    error = rpc_get_error(rpc);
    rpc_destroy_context(rpc);
    return nullptr;
  }
  return rpc;
}

}  // namespace

std::unique_ptr<RpcSession> RpcSession::open(const RpcTarget& target, std::string& error) {
  rpc_context* rpc = target.udp ? open_udp(target, error) : rpc_init_context();
  if (!rpc) {
    if (error.empty()) error = "rpc_init_context failed";
    return nullptr;
  }
  std::unique_ptr<RpcSession> session(new RpcSession(target, rpc));
  session->set_unix_credentials(kNobody, kNobody);
  if (target.udp) return session;
  error = session->call(
      [&](rpc_context* r, rpc_cb cb, void* p) {
        return rpc_connect_port_async(r, target.host.c_str(), target.port, target.program, target.version, cb, p);
      },
      [](void*) {});
  return error.empty() ? std::move(session) : nullptr;
}

RpcSession::~RpcSession() { rpc_destroy_context(rpc_); }

void RpcSession::set_unix_credentials(uint32_t uid, uint32_t gid, std::vector<uint32_t> groups) {
  rpc_set_auth(rpc_, libnfs_authunix_create("nfs-client", uid, gid, groups.size(), groups.data()));
}

void RpcSession::set_null_credentials() { rpc_set_auth(rpc_, libnfs_authnone_create()); }

void RpcSession::on_reply(rpc_context*, int status, void* data, void* private_data) {
  auto* pending = static_cast<Pending*>(private_data);
  pending->done = true;
  if (status == RPC_STATUS_SUCCESS) {
    pending->read(data);
  } else if (status == RPC_STATUS_ERROR && data) {
    pending->error = static_cast<const char*>(data);
  } else {
    pending->error = status == RPC_STATUS_TIMEOUT ? "timed out (libnfs)" : "cancelled";
  }
}

std::string RpcSession::call(const Send& send, const Read& read) {
  if (broken_) return "the session gave up on an earlier call";
  Pending& pending = calls_.emplace_back();
  pending.read = read;
  if (send(rpc_, on_reply, &pending) != 0) return std::string("cannot send: ") + rpc_get_error(rpc_);
  return wait(pending);
}

std::string RpcSession::wait(Pending& pending) {
  auto deadline = std::chrono::steady_clock::now() + kTimeout;
  while (!pending.done) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      broken_ = true;
      return "no reply within " + std::to_string(kTimeout.count()) + " s";
    }
    pollfd pfd{rpc_get_fd(rpc_), static_cast<short>(rpc_which_events(rpc_)), 0};
    int n = poll(&pfd, 1, static_cast<int>(std::min<long>(left.count(), 100)));
    if (n < 0) continue;
    if (rpc_service(rpc_, pfd.revents) < 0 && !pending.done) {
      broken_ = true;
      return std::string("rpc_service: ") + rpc_get_error(rpc_);
    }
  }
  return pending.error;
}

}  // namespace magma::nfstest
