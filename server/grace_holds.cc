// GraceHolds: a FIFO of expiries (every hold lasts the same grace, so FIFO is time order).
#include "server/grace_holds.h"

namespace magma::server {

void GraceHolds::hold(const FlareId& id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (held_.insert(id).second) expiries_.emplace_back(Clock::now() + grace_, id);
}

size_t GraceHolds::size() const {
  std::lock_guard lock(mu_);
  return held_.size();
}

bool GraceHolds::is_held(const FlareId& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  return held_.count(id) > 0;
}

std::vector<FlareId> GraceHolds::take_expired() {
  std::vector<FlareId> expired;
  auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  while (!expiries_.empty() && expiries_.front().first <= now) {
    expired.push_back(expiries_.front().second);
    held_.erase(expiries_.front().second);
    expiries_.pop_front();
  }
  return expired;
}

}  // namespace magma::server
