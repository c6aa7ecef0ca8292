// Ring changes: the coordinator's lock, and telling every volcano the result.
#include "server/lava/ring_change.h"

#include "libmagma/logging.h"
#include "server/lava.h"

namespace magma::server {

std::unique_lock<std::mutex> lock_ring_changes() {
  static std::mutex changes;
  return std::unique_lock<std::mutex>(changes);
}

Status adopt_and_push(OpEnv& env, const Topology& t) {
  Result<bool> adopted = env.lava.adopt(t);
  if (!adopted) return adopted.status();
  for (const VolcanoInfo& v : t.volcanos) {
    if (v.nickname == env.lava.nickname()) continue;
    auto pushed = env.lava.call(v, PushTopologyRequest{t});
    if (!pushed) MAGMA_LOG(warning) << "cannot push epoch " << t.epoch << " to " << v.nickname << ": "
                                    << pushed.status().to_string();
  }
  return Status::ok();
}

}  // namespace magma::server
