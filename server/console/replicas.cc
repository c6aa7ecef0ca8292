// Mirrors on the ring.
#include "server/console/replicas.h"

namespace magma::server::console {

std::vector<VolcanoInfo> mirrors_of(const Topology& topology, const VolcanoInfo& owner, size_t replicas) {
  const auto& ring = topology.volcanos;
  std::vector<VolcanoInfo> mirrors;
  for (size_t i = 0; i < ring.size(); ++i) {
    if (ring[i].nickname != owner.nickname) continue;
    for (size_t k = 1; k < replicas && k < ring.size(); ++k) mirrors.push_back(ring[(i + k) % ring.size()]);
    break;
  }
  return mirrors;
}

}  // namespace magma::server::console
