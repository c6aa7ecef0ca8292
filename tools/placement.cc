// Placement of a flare on the lava, from the routing rules.
#include "tools/placement.h"

#include <cstdio>

#include "libmagma/path.h"
#include "libmagma/routing.h"

namespace magma::tools {

std::string data_file_of(const FlareId& id) {
  char shards[8];
  std::snprintf(shards, sizeof shards, "%02x/%02x/", id.bytes[0], id.bytes[1]);
  return "data/" + std::string(shards) + id.hex();
}

Placement place_flare(const Topology& topology, const std::string& path, const FlareEntry& entry) {
  Placement p;
  p.path = path;
  p.key = sha1_key(path);
  p.record = topology.owner_of(p.key);
  p.place = place_of(entry.id, place_for(entry.attr.type, path));
  p.inode = topology.owner_of(p.place);
  if (entry.attr.type == FlareType::Regular) p.data_file = data_file_of(entry.id);
  p.parent = parent_path(path);
  p.parent_owner = topology.owner_of(sha1_key(p.parent));
  return p;
}

}  // namespace magma::tools
