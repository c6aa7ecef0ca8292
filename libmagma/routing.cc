// Routing: the route key of every flare op.
#include "libmagma/routing.h"

#include "libmagma/path.h"

namespace magma {
namespace {

// The key of path once normalised; nullopt when it does not normalise.
std::optional<Key> path_key(std::string_view path) {
  Result<std::string> normalised = normalise_path(path);
  if (!normalised) return std::nullopt;
  return sha1_key(*normalised);
}

}  // namespace

Key place_of(const FlareId& id, const Key& place) { return place == Key{} ? id : place; }

Key place_for(FlareType type, std::string_view normalised_path) {
  return type == FlareType::Directory ? sha1_key(normalised_path) : Key{};
}

// Any volcano answers these.
std::optional<Key> route_key(const PingRequest&) { return std::nullopt; }
std::optional<Key> route_key(const StatfsRequest&) { return std::nullopt; }
std::optional<Key> route_key(const TopologyRequest&) { return std::nullopt; }
std::optional<Key> route_key(const AclCheckRequest&) { return std::nullopt; }
std::optional<Key> route_key(const AclReloadRequest&) { return std::nullopt; }
std::optional<Key> route_key(const ShareRequest&) { return std::nullopt; }

// By path: the owner of the name holds its record.
std::optional<Key> route_key(const LookupRequest& req) { return path_key(req.path); }
std::optional<Key> route_key(const MknodRequest& req) { return path_key(req.path); }
std::optional<Key> route_key(const SymlinkRequest& req) { return path_key(req.path); }
std::optional<Key> route_key(const UnlinkRequest& req) { return path_key(req.path); }
std::optional<Key> route_key(const RmdirRequest& req) { return path_key(req.path); }
std::optional<Key> route_key(const ReadDirRequest& req) { return path_key(req.path); }
std::optional<Key> route_key(const RenameRequest& req) { return path_key(req.from); }
std::optional<Key> route_key(const LinkRequest& req) { return path_key(req.new_path); }

// By id: only a non-directory is read, written or followed, so its id is its place.
std::optional<Key> route_key(const ReadlinkRequest& req) { return req.id; }
std::optional<Key> route_key(const ReadRequest& req) { return req.id; }
std::optional<Key> route_key(const WriteRequest& req) { return req.id; }

// By (id, place): a directory's inode moves with its path.
std::optional<Key> route_key(const ResolveDirRequest& req) { return req.place; }
std::optional<Key> route_key(const GetAttrRequest& req) { return place_of(req.id, req.place); }
std::optional<Key> route_key(const SetAttrRequest& req) { return place_of(req.id, req.place); }
std::optional<Key> route_key(const OpenRequest& req) { return place_of(req.id, req.place); }
std::optional<Key> route_key(const ReleaseRequest& req) { return place_of(req.id, req.place); }
std::optional<Key> route_key(const FsyncRequest& req) { return place_of(req.id, req.place); }
std::optional<Key> route_key(const SetXattrRequest& req) { return place_of(req.id, req.place); }
std::optional<Key> route_key(const GetXattrRequest& req) { return place_of(req.id, req.place); }
std::optional<Key> route_key(const ListXattrRequest& req) { return place_of(req.id, req.place); }
std::optional<Key> route_key(const RemoveXattrRequest& req) { return place_of(req.id, req.place); }

// fsck asks each volcano about what it stores, owned or not.
std::optional<Key> route_key(const FsckScanRequest&) { return std::nullopt; }
std::optional<Key> route_key(const FsckRepairRequest&) { return std::nullopt; }

}  // namespace magma
