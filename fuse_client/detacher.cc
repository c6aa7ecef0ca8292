// Detacher: fork early, report late.
#include "fuse_client/detacher.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace magma::fuse {
namespace {

// The parent's whole life after the fork: wait for the verdict, exit with it.
[[noreturn]] void wait_for_child(pid_t child, UniqueFd from_child) {
  char verdict = 1;
  ssize_t n;
  do {
    n = ::read(from_child.get(), &verdict, 1);
  } while (n < 0 && errno == EINTR);
  if (n == 1 && verdict == 0) ::_exit(0);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  ::_exit(WIFEXITED(status) && WEXITSTATUS(status) != 0 ? WEXITSTATUS(status) : 1);
}

}  // namespace

Result<Detacher> Detacher::start() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::from_errno("pipe");
  UniqueFd from_child(fds[0]);
  UniqueFd to_parent(fds[1]);
  pid_t pid = ::fork();
  if (pid < 0) return Status::from_errno("fork");
  if (pid > 0) {
    to_parent.reset();
    wait_for_child(pid, std::move(from_child));
  }
  return Detacher(std::move(to_parent));
}

Status Detacher::ready() {
  if (::setsid() < 0) return Status::from_errno("setsid");
  if (::chdir("/") != 0) return Status::from_errno("chdir /");
  UniqueFd null(::open("/dev/null", O_RDWR | O_CLOEXEC));
  if (!null.valid()) return Status::from_errno("open /dev/null");
  for (int fd = 0; fd <= 2; ++fd) {
    if (::dup2(null.get(), fd) < 0) return Status::from_errno("dup2");
  }
  char verdict = 0;
  if (::write(to_parent_.get(), &verdict, 1) != 1) return Status::from_errno("write to parent");
  to_parent_.reset();
  return Status::ok();
}

}  // namespace magma::fuse
