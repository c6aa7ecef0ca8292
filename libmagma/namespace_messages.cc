// Route keys of the namespace node ops: the key of the part each one works on.
#include "libmagma/path.h"
#include "libmagma/routing.h"

namespace magma {

namespace {

// The key of a path the sender should have normalised; none when it did not (the
// receiver then refuses the request itself).
std::optional<Key> path_key(const std::string& path) {
  Result<std::string> normal = normalise_path(path);
  if (!normal || *normal != path) return std::nullopt;
  return sha1_key(path);
}

std::optional<Key> inode_key(const InodeRow& in) {
  if (in.attr.type == FlareType::Directory) return path_key(in.path);
  return in.id;
}

}  // namespace

std::optional<Key> route_key(const GetRecordRequest& req) { return path_key(req.path); }
std::optional<Key> route_key(const PutRecordRequest& req) { return path_key(req.path); }
std::optional<Key> route_key(const DropRecordRequest& req) { return path_key(req.path); }
std::optional<Key> route_key(const AddEntryRequest& req) { return path_key(req.dir); }
std::optional<Key> route_key(const RemoveEntryRequest& req) { return path_key(req.dir); }
std::optional<Key> route_key(const PutEntryRequest& req) { return path_key(req.dir); }
std::optional<Key> route_key(const SetDyingRequest& req) { return path_key(req.path); }

std::optional<Key> route_key(const GetInodesRequest& req) {
  if (req.refs.empty()) return std::nullopt;
  return place_of(req.refs.front().id, req.refs.front().place);
}
std::optional<Key> route_key(const AddLinksRequest& req) { return place_of(req.id, req.place); }
std::optional<Key> route_key(const PutInodeRequest& req) { return inode_key(req.inode); }
std::optional<Key> route_key(const DropInodeRequest& req) { return place_of(req.id, req.place); }
std::optional<Key> route_key(const InheritGroupRequest& req) { return place_of(req.id, req.place); }

// Sent to chosen volcanos (every one, or a joiner that owns nothing yet).
std::optional<Key> route_key(const FreezeSubtreeRequest&) { return std::nullopt; }
std::optional<Key> route_key(const ExportSubtreeRequest&) { return std::nullopt; }
std::optional<Key> route_key(const DeleteSubtreeRequest&) { return std::nullopt; }
std::optional<Key> route_key(const ExportRangeRequest&) { return std::nullopt; }
std::optional<Key> route_key(const DeleteRangeRequest&) { return std::nullopt; }
std::optional<Key> route_key(const ReadDataRequest&) { return std::nullopt; }
std::optional<Key> route_key(const WriteDataRequest&) { return std::nullopt; }

std::optional<Key> route_key(const VolcanoStatfsRequest&) { return std::nullopt; }

std::optional<Key> route_key(const ImportRowsRequest& req) {
  if (!req.owned) return std::nullopt;
  const Rows& r = req.rows;
  if (!r.records.empty()) return path_key(r.records.front().path);
  if (!r.inodes.empty()) return inode_key(r.inodes.front());
  if (!r.entries.empty()) return path_key(r.entries.front().dir);
  return std::nullopt;
}

}  // namespace magma
