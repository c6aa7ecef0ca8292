// OpenTable: which session holds which flare open, with a count per (session, flare)
// because one session may open the same flare many times. A flare whose last name is
// gone lives on while this table says someone holds it (POSIX unlink-while-open).
//
// Thread-safety: every method may be called from any thread. Its mutex is a leaf: the
// service calls in while holding FlareStore's mutex, never the other way round, so "is it
// open?" and "delete it" happen atomically with respect to Open and Release.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "libmagma/flare_attr.h"

namespace magma::server {

class OpenTable {
 public:
  // Records one more open of id by session.
  void open(uint64_t session, const FlareId& id);

  // Undoes one open of id by session. Returns true when that was the last open of id by
  // any session; false when others remain or session did not hold id open.
  bool release(uint64_t session, const FlareId& id);

  // Drops every open of session. Returns the ids nobody holds open any more.
  std::vector<FlareId> end_session(uint64_t session);

  bool is_open(const FlareId& id) const;
  // How many flares some session holds open.
  size_t open_flares() const;

 private:
  mutable std::mutex mu_;
  std::map<std::pair<uint64_t, FlareId>, uint64_t> by_session_;  // guarded by mu_
  std::map<FlareId, uint64_t> by_flare_;                          // guarded by mu_; sums
};

}  // namespace magma::server
