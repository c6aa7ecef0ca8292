// Lookup, GetAttr, Readlink: reading a flare by path or by id.
#include "libmagma/path.h"
#include "server/ops/names.h"

namespace magma::server::ops {

Result<EntryResponse> run(OpEnv& env, const CallContext&, const LookupRequest& req) {
  Result<std::string> path = normalise_path(req.path);
  if (!path) return path.status();
  Inode found;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return assign(resolve(t, *path), found); }));
  return EntryResponse{entry_of(env, found)};
}

Result<AttrResponse> run(OpEnv& env, const CallContext&, const GetAttrRequest& req) {
  Inode found;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return assign(need_inode(t, req.id), found); }));
  return AttrResponse{report(env, found)};
}

Result<ReadlinkResponse> run(OpEnv& env, const CallContext&, const ReadlinkRequest& req) {
  Inode found;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return assign(need_inode(t, req.id), found); }));
  if (found.attr.type != FlareType::Symlink)
    return Status(Errc::Invalid, found.path + " is not a symlink");
  return ReadlinkResponse{found.target};
}

}  // namespace magma::server::ops
