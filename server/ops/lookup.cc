// Lookup, GetAttr, ResolveDir, Readlink: reading a flare by path, by id or by place.
#include "libmagma/path.h"
#include "server/ops/steps.h"

namespace magma::server::ops {

Result<EntryResponse> run(OpEnv& env, const CallContext&, const LookupRequest& req) {
  Result<std::string> path = normalise_path(req.path);
  if (!path) return path.status();
  // The record is this volcano's (the coordinator's); the inode nearly always is too.
  std::optional<RecordRow> rec;
  std::optional<Inode> local;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(assign(t.record(*path), rec));
    if (!rec || !env.lava.owns(place_key(ref_of(env, *path, rec->id, rec->type)))) return Status::ok();
    return assign(t.inode(rec->id), local);
  }));
  if (!rec) return missing_status(env, *path);
  if (local) return EntryResponse{entry_of(env, *local)};
  std::map<FlareId, FlareEntry> found;
  MAGMA_RETURN_IF_ERROR(assign(fetch_entries(env, {ref_of(env, *path, rec->id, rec->type)}), found));
  auto it = found.find(rec->id);
  if (it == found.end()) return Status(Errc::Io, "record " + *path + " names a missing flare " + rec->id.hex());
  return EntryResponse{it->second};
}

Result<AttrResponse> run(OpEnv& env, const CallContext&, const GetAttrRequest& req) {
  Inode found;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return assign(need_inode(t, req.id), found); }));
  return AttrResponse{report(env, found)};
}

Result<ResolveDirResponse> run(OpEnv& env, const CallContext&, const ResolveDirRequest& req) {
  std::optional<Inode> found;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return assign(t.dir_inode_at(req.place, req.ino), found); }));
  if (!found) return Status(Errc::NotFound, "no directory " + std::to_string(req.ino) + " at " + req.place.hex());
  return ResolveDirResponse{found->path, entry_of(env, *found)};
}

Result<ReadlinkResponse> run(OpEnv& env, const CallContext&, const ReadlinkRequest& req) {
  Inode found;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return assign(need_inode(t, req.id), found); }));
  if (found.attr.type != FlareType::Symlink)
    return Status(Errc::Invalid, found.path + " is not a symlink");
  return ReadlinkResponse{found.target};
}

}  // namespace magma::server::ops
