// Mirrors: the volcanos that keep a key's replicas, as DESIGN.md defines them: the R-1
// volcanos that follow the owner on the ring (R = kReplicas, "a file should be available
// from two different nodes"). Replication itself is not built yet; console inspect shows
// where the replicas belong. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <vector>

#include "libmagma/topology.h"

namespace magma::server::console {

constexpr size_t kReplicas = 2;

// The volcanos after owner on topology's ring (wrapping around), at most replicas - 1
// of them and never owner itself: fewer in a lava of fewer volcanos, none when owner is
// not in topology.
std::vector<VolcanoInfo> mirrors_of(const Topology& topology, const VolcanoInfo& owner,
                                    size_t replicas = kReplicas);

}  // namespace magma::server::console
