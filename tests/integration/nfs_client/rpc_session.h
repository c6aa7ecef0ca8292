// A blocking RPC session on libnfs's raw (asynchronous) API, for the NFS tests: one call at
// a time, each waited for with poll() up to a deadline. TCP connects straight to the given
// port (no portmapper); UDP sends every call to it from a socket of its own.
#pragma once

#include <nfsc/libnfs.h>
#include <nfsc/libnfs-raw.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <vector>

namespace magma::nfstest {

struct RpcTarget {
  std::string host = "127.0.0.1";
  int port = 0;
  int program = 0;
  int version = 0;
  bool udp = false;
};

class RpcSession {
 public:
  // Starts a call: one of libnfs's rpc_*_async functions bound to its arguments.
  using Send = std::function<int(rpc_context*, rpc_cb, void*)>;
  // Reads the decoded results, which libnfs frees when its callback returns.
  using Read = std::function<void(void* results)>;

  // A connected session, or nullptr with error set.
  static std::unique_ptr<RpcSession> open(const RpcTarget& target, std::string& error);
  ~RpcSession();
  RpcSession(const RpcSession&) = delete;
  RpcSession& operator=(const RpcSession&) = delete;

  // AUTH_UNIX with these ids (the default: uid and gid 65534), or AUTH_NULL.
  void set_unix_credentials(uint32_t uid, uint32_t gid, std::vector<uint32_t> groups = {});
  void set_null_credentials();

  // Runs one call; "" when a reply came and read ran on its results, else why not
  // (libnfs's error, e.g. for an RPC-level rejection, or a timeout). After a timeout the
  // session answers every later call with an error.
  std::string call(const Send& send, const Read& read);

  bool udp() const { return target_.udp; }

 private:
  struct Pending {
    Read read;
    bool done = false;
    std::string error;
  };
  RpcSession(RpcTarget target, rpc_context* rpc) : target_(std::move(target)), rpc_(rpc) {}
  static void on_reply(rpc_context* rpc, int status, void* data, void* private_data);
  std::string wait(Pending& pending);

  static constexpr std::chrono::seconds kTimeout{20};
  RpcTarget target_;
  rpc_context* rpc_;
  // Every call's state lives until the context is destroyed: libnfs may still call back
  // for a call given up on (it cancels them all on destruction).
  std::list<Pending> calls_;
  bool broken_ = false;
};

}  // namespace magma::nfstest
