// FakeProgram: an RPC program for the server's tests, with procedures that answer at once,
// wait at a gate the test opens, count how often they ran, report the caller, or throw.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "nfs_gateway/rpc/rpc_program.h"

namespace magma::nfs::rpc::test {

constexpr uint32_t kFakeProgram = 0x2000f00d;
constexpr uint32_t kFakeMinVersion = 1;
constexpr uint32_t kFakeMaxVersion = 2;

enum FakeProc : uint32_t {
  kNull = 0,
  kEcho = 1,        // u_int n → n + 1; no argument: GARBAGE_ARGS
  kWhoAmI = 2,      // → has_creds, uid, gid, ngids, gids..., machine, tcp
  kSlow = 3,        // u_int n → n, once the gate opens
  kCount = 4,       // not idempotent → how many times it ran (with kSlowCount)
  kSlowCount = 5,   // not idempotent: waits at the gate, then counts
  kIdemCount = 6,   // idempotent, counts too
  kSize = 7,        // opaque<> → length, sum of the bytes
  kThrow = 8,       // throws: SYSTEM_ERR
  kFill = 9,        // u_int n → opaque<> of n bytes
};

// Slow procedures wait here until the test opens it (or 10 s pass, so a failing test ends).
class Gate {
 public:
  void pass();  // called by a procedure
  void open();
  // Waits until n procedures are waiting at the gate; false after timeout.
  bool wait_for_waiters(int n, std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;  // guarded by mu_
  int waiting_ = 0;    // guarded by mu_
};

class FakeProgram : public RpcProgram {
 public:
  uint32_t program() const override { return kFakeProgram; }
  uint32_t min_version() const override { return kFakeMinVersion; }
  uint32_t max_version() const override { return kFakeMaxVersion; }
  bool is_idempotent(uint32_t version, uint32_t procedure) const override;
  AcceptStat dispatch(const RpcCall& call, XDR* args, XDR* results) override;

  Gate gate;
  std::atomic<int> count{0};  // runs of the counting procedures

 private:
  AcceptStat who_am_i(const RpcCall& call, XDR* results);
  AcceptStat size(XDR* args, XDR* results);
};

}  // namespace magma::nfs::rpc::test
