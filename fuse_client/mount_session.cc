// MountSession: a libfuse session's lifetime.
#include "fuse_client/mount_session.h"

#include <cstring>
#include <memory>
#include <utility>

namespace magma::fuse {

Result<MountSession> MountSession::create(const std::vector<std::string>& args,
                                         const fuse_lowlevel_ops& ops, void* userdata) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  fuse_args fargs = FUSE_ARGS_INIT(static_cast<int>(argv.size()), argv.data());
  fuse_session* se = fuse_session_new(&fargs, &ops, sizeof(ops), userdata);
  fuse_opt_free_args(&fargs);  // frees only what libfuse allocated
  if (se == nullptr) return Status(Errc::Invalid, "FUSE rejected the options");
  return MountSession(se);
}

MountSession::MountSession(MountSession&& other) noexcept
    : se_(std::exchange(other.se_, nullptr)),
      handlers_(std::exchange(other.handlers_, false)),
      mounted_(std::exchange(other.mounted_, false)) {}

MountSession::~MountSession() {
  if (se_ == nullptr) return;
  if (mounted_) fuse_session_unmount(se_);
  if (handlers_) fuse_remove_signal_handlers(se_);
  fuse_session_destroy(se_);
}

Status MountSession::mount(const std::string& mountpoint) {
  if (fuse_set_signal_handlers(se_) != 0) return Status(Errc::Io, "cannot set signal handlers");
  handlers_ = true;
  if (fuse_session_mount(se_, mountpoint.c_str()) != 0) {
    return Status(Errc::Io, "cannot mount at " + mountpoint);
  }
  mounted_ = true;
  return Status::ok();
}

Status MountSession::run() {
  std::unique_ptr<fuse_loop_config, void (*)(fuse_loop_config*)> config(fuse_loop_cfg_create(),
                                                                        fuse_loop_cfg_destroy);
  if (!config) return Status(Errc::Io, "cannot create the FUSE loop configuration");
  fuse_loop_cfg_set_clone_fd(config.get(), 0);
  int rc = fuse_session_loop_mt(se_, config.get());
  // A positive rc is the signal that ended the loop: a normal way to stop.
  if (rc < 0) return Status(Errc::Io, std::string("FUSE loop failed: ") + std::strerror(-rc));
  return Status::ok();
}

}  // namespace magma::fuse
