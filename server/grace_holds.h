// GraceHolds: flares whose last name went while no session held them open, kept
// openable by id for a grace period before they are deleted.
//
// Why: a client's kernel may still hold a cached name that points at the flare (FUSE
// entry timeouts). A path it resolved just before a rename replaced the file then opens
// the file as it was, as a local open racing the rename would, instead of failing with
// ESTALE. The grace should exceed the clients' entry timeout; 0 deletes at once.
//
// Thread-safety: every method may be called from any thread. Its mutex is a leaf, like
// OpenTable's: taken while FlareStore's mutex is held, never the other way round.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

#include "libmagma/flare_attr.h"

namespace magma::server {

class GraceHolds {
 public:
  explicit GraceHolds(std::chrono::milliseconds grace) : grace_(grace) {}

  // False when the grace is 0: callers delete at once instead of calling hold().
  bool enabled() const { return grace_.count() > 0; }
  // Holds id from now until the grace has passed.
  void hold(const FlareId& id);
  bool is_held(const FlareId& id) const;
  // How many flares are held now.
  size_t size() const;
  // Ends the holds whose grace has passed and returns their ids.
  std::vector<FlareId> take_expired();

 private:
  using Clock = std::chrono::steady_clock;
  const std::chrono::milliseconds grace_;
  mutable std::mutex mu_;
  std::deque<std::pair<Clock::time_point, FlareId>> expiries_;  // guarded by mu_; in order
  std::set<FlareId> held_;                                     // guarded by mu_
};

}  // namespace magma::server
