// Guards: path locks and frozen subtrees.
#include "server/ops/guards.h"

#include "libmagma/path.h"

namespace magma::server::ops {

Guards::PathLock::~PathLock() {
  if (!guards_) return;
  {
    std::lock_guard lock(guards_->mu_);
    guards_->locked_.erase(path_);
  }
  guards_->unlocked_.notify_all();
}

Guards::PathLock Guards::lock(const std::string& path) {
  std::unique_lock lock(mu_);
  unlocked_.wait(lock, [&] { return !locked_.contains(path); });
  locked_.insert(path);
  return PathLock(this, path);
}

Status Guards::freeze(const std::string& path, uint64_t token, bool frozen) {
  std::lock_guard lock(mu_);
  Freeze key{path, token};
  if (!frozen) {
    frozen_.erase(key);
    return Status::ok();
  }
  Clock::time_point now = Clock::now();
  for (const auto& [other, until] : frozen_) {
    bool overlaps = is_same_or_below(path, other.path) || is_same_or_below(other.path, path);
    if (other.token != token && until > now && overlaps)
      return Status(Errc::Busy, other.path + " is being moved; retry");
  }
  frozen_[key] = now + kFreezeLease;
  return Status::ok();
}

Status Guards::check_unfrozen(std::string_view path) {
  std::lock_guard lock(mu_);
  Clock::time_point now = Clock::now();
  for (auto it = frozen_.begin(); it != frozen_.end();) {
    if (it->second <= now) {
      it = frozen_.erase(it);
      continue;
    }
    if (is_same_or_below(path, it->first.path))
      return Status(Errc::Busy, std::string(path) + " is being moved; retry");
    ++it;
  }
  return Status::ok();
}

}  // namespace magma::server::ops
