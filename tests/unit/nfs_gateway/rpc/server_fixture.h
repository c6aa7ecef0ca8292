// What the RPC server tests share: a server on 127.0.0.1 at a free port serving one
// FakeProgram, and calls to it spelled briefly.
#pragma once

#include <boost/test/unit_test.hpp>
#include <memory>

#include "nfs_gateway/rpc/rpc_server.h"
#include "tests/unit/nfs_gateway/rpc/fake_program.h"
#include "tests/unit/nfs_gateway/rpc/rpc_test_client.h"

namespace magma::nfs::rpc::test {

inline RpcServerOptions loopback_options() {
  RpcServerOptions options;
  options.bind = "127.0.0.1";
  options.threads = 4;
  return options;
}

struct ServerFixture {
  explicit ServerFixture(RpcServerOptions options = loopback_options()) {
    auto started = RpcServer::start(options, {program});
    BOOST_REQUIRE_MESSAGE(started, (started ? "" : started.status().to_string()));
    server = std::move(started).value();
  }
  uint16_t port() const { return server->port(); }

  std::shared_ptr<FakeProgram> program = std::make_shared<FakeProgram>();
  std::unique_ptr<RpcServer> server;
};

// A call of the fake program's version 1 procedure, with one u_int argument when given.
inline CallSpec fake_call(uint32_t xid, uint32_t procedure, std::optional<uint32_t> arg = std::nullopt) {
  CallSpec c;
  c.xid = xid;
  c.program = kFakeProgram;
  c.version = kFakeMinVersion;
  c.procedure = procedure;
  if (arg) c.args = XdrWriter().word(*arg).take();
  return c;
}

// Checks that reply is an accepted SUCCESS for xid whose first result word is value.
inline void check_answer(const std::optional<Reply>& reply, uint32_t xid, uint32_t value) {
  BOOST_REQUIRE_MESSAGE(reply, "no reply to xid " << xid);
  BOOST_CHECK_EQUAL(reply->xid, xid);
  BOOST_CHECK_EQUAL(reply->reply_stat, 0u);
  BOOST_REQUIRE_EQUAL(reply->accept_stat, 0u);
  BOOST_CHECK_EQUAL(reply->result_word(0), value);
}

// Calls the fake program's ECHO through libtirpc's own client; nullopt when it fails.
inline std::optional<uint32_t> tirpc_echo(CLIENT* client, uint32_t n) {
  u_int in = n, out = 0;
  timeval timeout{5, 0};
  clnt_stat stat = clnt_call(client, kEcho, reinterpret_cast<xdrproc_t>(xdr_u_int), reinterpret_cast<char*>(&in),
                             reinterpret_cast<xdrproc_t>(xdr_u_int), reinterpret_cast<char*>(&out), timeout);
  if (stat != RPC_SUCCESS) return std::nullopt;
  return out;
}

// The reply to xid, skipping the replies before it, each of which must be a refusal (an
// error of the RPC layer, not a result). nullopt when it does not come in time.
template <class Client>
std::optional<Reply> receive_reply_to(Client& client, uint32_t xid) {
  for (;;) {
    std::optional<Reply> reply = client.receive();
    if (!reply || reply->xid == xid) return reply;
    BOOST_CHECK_MESSAGE(reply->reply_stat == 1 || reply->accept_stat != 0,
                        "a result for xid " << reply->xid << " while waiting for " << xid);
  }
}

}  // namespace magma::nfs::rpc::test
