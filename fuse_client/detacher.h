// Detacher: turns mount.magma into a daemon in two steps, so that every startup error
// still reaches the terminal with a non-zero exit status. start() forks at once; the
// parent waits. The child connects and mounts, then calls ready() and the parent exits
// 0; if the child exits first, the parent exits with the child's status.
// libfuse's fuse_daemonize() cannot be used after connecting: it forks, and the
// connection's I/O thread would not survive the fork. So we fork before any thread exists.
// Not thread-safe: use from main only, before threads start. Logging to syslog is
// init_logging's business (stderr is /dev/null once ready).
#pragma once

#include "libmagma/errc.h"
#include "libmagma/unique_fd.h"

namespace magma::fuse {

class Detacher {
 public:
  // Forks. Returns only in the child (the parent waits and exits). Fails with Io when
  // the pipe or the fork fails (still in the original process).
  static Result<Detacher> start();

  // In the child, once mounted: new session, working directory "/", standard streams on
  // /dev/null; then the parent exits 0. Fails with Io.
  Status ready();

 private:
  explicit Detacher(UniqueFd to_parent) : to_parent_(std::move(to_parent)) {}
  UniqueFd to_parent_;  // closing it without a byte tells the parent to wait for our exit
};

}  // namespace magma::fuse
