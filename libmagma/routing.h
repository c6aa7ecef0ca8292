// Routing: which volcano executes a request. Clients use it to send each request
// straight to its owner; volcanos use it to serve what they own and forward the rest.
// Both must agree, so the rules live here, once:
//
//   request                                   routed by the key of
//   Lookup, ReadDir, Mknod, Symlink,          its path (a create is coordinated by the
//     Unlink, Rmdir                             new name's owner, which holds its record)
//   Rename                                    its `from` path
//   Link                                      its new path
//   requests naming a flare by id             place_of(id, place): where its inode lives
//   Ping, Statfs, Topology, AclCheck,         none: the receiving volcano answers
//     AclReload, Share
//   node ops (volcano to volcano)             their own rule, next to their messages
//
// Where an inode lives: a non-directory's inode (attributes, data) lives with its id, which
// never changes, so a rename moves no data. A directory's inode lives with its entries at
// the key of its current path, so clients name it by (id, key of its path).
//
// A path that does not normalise routes nowhere (nullopt): the receiving volcano answers
// the error itself. All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "libmagma/flare_messages.h"
#include "libmagma/key.h"

namespace magma {

#define MAGMA_FLARE_OP(Name, id, Request, Response) std::optional<Key> route_key(const Request& req);
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

// The key whose owner holds the inode of a request that names a flare by id: place when
// it is set (non-zero), else the id itself.
Key place_of(const FlareId& id, const Key& place);

// The place a client sends with an id-addressed request about a flare of this type, found
// at normalised_path: the path's key for a directory, zero (meaning the id) otherwise.
Key place_for(FlareType type, std::string_view normalised_path);

}  // namespace magma
