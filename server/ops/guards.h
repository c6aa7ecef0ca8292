// Guards: what keeps concurrent namespace operations apart, on this volcano.
//  - Path locks. Every flare op that changes the name P is coordinated by the owner of
//    key(P) (routing.h) and holds P's lock, so an Unlink and a Rename of one name, or two
//    Renames from it, never interleave their steps.
//  - Frozen subtrees. While a directory rename copies a subtree between volcanos, each
//    volcano refuses (Busy) every namespace change at or below it (FreezeSubtree), and the
//    coordinator of a refused op retries. A freeze lapses after kFreezeLease unless
//    renewed, so a rename coordinator that died leaves nothing stuck for long.
//
// Thread-safety: every method may be called from any thread. freeze() and is_frozen()
// are called inside a FlareStore write transaction, so a freeze is ordered after every
// change that checked it before. Lock order: a path lock before the store's mutex; the
// internal mutex is taken last.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include "libmagma/errc.h"

namespace magma::server::ops {

class Guards {
 public:
  static constexpr std::chrono::seconds kFreezeLease{60};

  // Holds a path lock until destroyed. Move-only.
  class PathLock {
   public:
    PathLock(PathLock&& o) noexcept : guards_(o.guards_), path_(std::move(o.path_)) { o.guards_ = nullptr; }
    PathLock& operator=(PathLock&&) = delete;
    ~PathLock();

   private:
    friend class Guards;
    PathLock(Guards* guards, std::string path) : guards_(guards), path_(std::move(path)) {}
    Guards* guards_;
    std::string path_;
  };

  // Blocks while another thread holds path. REQUIRES: the caller holds no other path lock.
  PathLock lock(const std::string& path);

  // Freezes (or, frozen = false, thaws) the subtree at path for the move named token;
  // freezing again renews the lease. Busy when another move's freeze overlaps it (one
  // subtree holds the other): two moves must not copy the same rows.
  Status freeze(const std::string& path, uint64_t token, bool frozen);
  // Busy when path lies at or below a frozen subtree.
  Status check_unfrozen(std::string_view path);

 private:
  using Clock = std::chrono::steady_clock;
  struct Freeze {
    std::string path;
    uint64_t token = 0;
    auto operator<=>(const Freeze&) const = default;
  };

  std::mutex mu_;
  std::condition_variable unlocked_;
  std::set<std::string, std::less<>> locked_;     // guarded by mu_
  std::map<Freeze, Clock::time_point> frozen_;  // until when; guarded by mu_
};

}  // namespace magma::server::ops
