// Placement: where the lava keeps a flare, as magmactl inspect reports it, computed
// from a topology with the rules of libmagma/routing.h: the record at the owner of
// key(path), the inode (and a regular file's data) at the owner of its place, the entry
// naming it at the owner of its parent directory's key. Pure, thread-safe.
#pragma once

#include <optional>
#include <string>

#include "libmagma/flare_attr.h"
#include "libmagma/topology.h"

namespace magma::tools {

struct Placement {
  std::string path;         // normalised
  Key key;                  // key(path)
  VolcanoInfo record;       // owns key: holds the path's record
  Key place;                // place_of(id, place_for(type, path))
  VolcanoInfo inode;        // owns place: holds the inode (and entries, for a directory)
  std::optional<std::string> data_file;  // regular files: relative to inode's storage dir
  std::string parent;       // parent directory's path ("/" for "/")
  VolcanoInfo parent_owner; // owns key(parent): holds the entry naming this flare
};

// REQUIRES: path normalised; topology.validate() is ok.
Placement place_flare(const Topology& topology, const std::string& path, const FlareEntry& entry);

// Where a volcano's storage directory keeps id's data: "data/ab/cd/<40 hex digits>", ab
// and cd being the id's first two bytes (server/data_files.h).
std::string data_file_of(const FlareId& id);

}  // namespace magma::tools
