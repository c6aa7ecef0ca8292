// The text of /.dht/<nickname>: what the lava knows about one volcano, one `name: value`
// line per field. Never holds the lava's secret key (VolcanoInfo has none). Pure.
#pragma once

#include <cstdint>
#include <string>

#include "libmagma/flare_messages.h"
#include "libmagma/topology.h"

namespace magma::server {

// The description of volcano v of a topology at epoch: name, addresses, ports, slice,
// then, when it answered Load (load is not null), its own epoch, what it holds and its
// storage, or "alive: no" when it did not.
std::string describe_volcano(const VolcanoInfo& v, uint64_t epoch, const LoadResponse* load);

}  // namespace magma::server
