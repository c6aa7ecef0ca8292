// The NFS client's tally: every check prints one line ("ok" or "FAIL" with what was found)
// and the run ends with "N passed, N failed", as the other test programs report.
#pragma once

#include <cstdio>
#include <string>

#include "tests/integration/nfs_client/nfs2_client.h"

namespace magma::nfstest {

class Tally {
 public:
  // quiet: no line for a passed check, failures on stderr.
  explicit Tally(bool quiet = false) : quiet_(quiet) {}

  // Counts one check; detail says what was found when it failed.
  bool check(bool ok, const std::string& what, const std::string& detail = "") {
    ++(ok ? passed_ : failed_);
    if (ok && !quiet_) std::printf("ok   %s\n", what.c_str());
    if (!ok)
      std::fprintf(quiet_ ? stderr : stdout, "FAIL %s%s%s\n", what.c_str(), detail.empty() ? "" : ": ", detail.c_str());
    return ok;
  }

  // The call got an accepted reply with this status.
  bool status(const Reply& reply, int expected, const std::string& what) {
    std::string found = !reply.rpc_error.empty() ? "RPC error: " + reply.rpc_error
                                                 : "status " + std::to_string(reply.status);
    return check(reply.rpc_error.empty() && reply.status == expected,
                 what + " -> " + std::to_string(expected), found);
  }

  // The call failed at the RPC level (no accepted reply with results).
  bool rpc_failed(const Reply& reply, const std::string& what) {
    return check(!reply.rpc_error.empty(), what + " -> RPC error",
                 "accepted with status " + std::to_string(reply.status));
  }

  int passed() const { return passed_; }
  int failed() const { return failed_; }

 private:
  bool quiet_;
  int passed_ = 0;
  int failed_ = 0;
};

}  // namespace magma::nfstest
