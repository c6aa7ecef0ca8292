// OpenTable: per-session open counts of flares.
#include "server/open_table.h"

namespace magma::server {

void OpenTable::open(uint64_t session, const FlareId& id) {
  std::lock_guard lock(mu_);
  ++by_session_[{session, id}];
  ++by_flare_[id];
}

bool OpenTable::release(uint64_t session, const FlareId& id) {
  std::lock_guard lock(mu_);
  auto held = by_session_.find({session, id});
  if (held == by_session_.end()) return false;
  if (--held->second == 0) by_session_.erase(held);
  auto total = by_flare_.find(id);
  if (--total->second > 0) return false;
  by_flare_.erase(total);
  return true;
}

std::vector<FlareId> OpenTable::end_session(uint64_t session) {
  std::lock_guard lock(mu_);
  std::vector<FlareId> closed;
  auto it = by_session_.lower_bound({session, FlareId::min()});
  while (it != by_session_.end() && it->first.first == session) {
    auto total = by_flare_.find(it->first.second);
    total->second -= it->second;
    if (total->second == 0) {
      closed.push_back(total->first);
      by_flare_.erase(total);
    }
    it = by_session_.erase(it);
  }
  return closed;
}

size_t OpenTable::open_flares() const {
  std::lock_guard lock(mu_);
  return by_flare_.size();
}

bool OpenTable::is_open(const FlareId& id) const {
  std::lock_guard lock(mu_);
  return by_flare_.count(id) != 0;
}

}  // namespace magma::server
