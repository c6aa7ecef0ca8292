// LavaStatus: the lava as magmactl reports it: the topology one volcano holds, and what
// each volcano of it says about its own load (node op Load on its node port).
// Gathering blocks on the network; the values are plain.
#pragma once

#include <string>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "libmagma/topology.h"
#include "tools/command.h"

namespace magma::tools {

struct VolcanoStatus {
  VolcanoInfo info;           // as the topology describes it
  Result<LoadResponse> load;  // its answer to Load, or why there was none
  bool alive() const { return load.is_ok(); }
};

struct LavaStatus {
  Topology topology;
  std::vector<VolcanoStatus> volcanos;  // in ring order, one per volcano of topology
};

// The topology held by the volcano at global.host, validated. Fails with Disconnected or
// Timeout (unreachable), the volcano's error, or Invalid (no or a bad topology).
Result<Topology> fetch_topology(const GlobalOptions& global);

// The Load answer of volcano v, asked on its node port.
Result<LoadResponse> fetch_load(const GlobalOptions& global, const VolcanoInfo& v);

// The topology from global.host and every volcano's load, asked of all at once (a dead
// volcano costs one timeout, not one per volcano). Fails only as fetch_topology does.
Result<LavaStatus> gather_lava_status(const GlobalOptions& global);

// Ok when every volcano answered; else the first that did not, as "NICK is down: why".
Status all_answer(const LavaStatus& lava);

}  // namespace magma::tools
