// MountSession: owns a libfuse low-level session and its mount. Creation, signal
// handlers and mount happen in that order; destruction undoes them in reverse.
// Not thread-safe: create, mount and run from main; run() starts the FUSE workers.
#pragma once

#include <fuse_lowlevel.h>

#include <string>
#include <vector>

#include "libmagma/errc.h"

namespace magma::fuse {

class MountSession {
 public:
  // A session with ops and userdata (which must outlive it), configured by args as a
  // command line (args[0] is the program name; "-o", "opts", "-d"). libfuse prints what
  // it rejects to stderr. Fails with Invalid (bad option) or Io.
  static Result<MountSession> create(const std::vector<std::string>& args,
                                     const fuse_lowlevel_ops& ops, void* userdata);
  ~MountSession();
  MountSession(MountSession&& other) noexcept;
  MountSession& operator=(MountSession&&) = delete;

  // Makes SIGINT, SIGTERM and SIGHUP end run(), then mounts at mountpoint (absolute).
  // Fails with Io (libfuse printed why).
  Status mount(const std::string& mountpoint);

  // Serves requests on a pool of worker threads until unmounted or signalled; blocks.
  // Fails with Io when the loop broke.
  Status run();

 private:
  explicit MountSession(fuse_session* se) : se_(se) {}
  fuse_session* se_;  // owned; null once moved from
  bool handlers_ = false;
  bool mounted_ = false;
};

}  // namespace magma::fuse
