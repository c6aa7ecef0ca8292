// Mknod and Symlink: creating a flare at a path, owned by the caller.
#include "libmagma/path.h"
#include "server/ops/names.h"

namespace magma::server::ops {

namespace {

Result<EntryResponse> create(OpEnv& env, const std::string& raw_path, const NewFlare& spec) {
  Result<std::string> path = normalise_path(raw_path);
  if (!path) return path.status();
  Inode made;
  MAGMA_RETURN_IF_ERROR(env.store.write(
      [&](Txn& t) { return assign(create_flare(t, *path, spec, now_ns()), made); }));
  return EntryResponse{entry_of(env, made)};
}

}  // namespace

Result<EntryResponse> run(OpEnv& env, const CallContext& ctx, const MknodRequest& req) {
  if (!enum_in_range(req.type)) return Status(Errc::Invalid, "unknown flare type");
  if (req.type == FlareType::Symlink) return Status(Errc::Invalid, "symlinks are made by Symlink");
  NewFlare spec;
  spec.type = req.type;
  spec.mode = req.mode;
  spec.uid = ctx.creds.uid;
  spec.gid = ctx.creds.gid;
  spec.rdev = req.rdev;
  return create(env, req.path, spec);
}

Result<EntryResponse> run(OpEnv& env, const CallContext& ctx, const SymlinkRequest& req) {
  // As symlink(2): an empty target is ENOENT, one longer than PATH_MAX is ENAMETOOLONG.
  if (req.target.empty()) return Status(Errc::NotFound, "empty symlink target");
  if (req.target.size() > kMaxPathLength)
    return Status(Errc::NameTooLong, "symlink target of " + std::to_string(req.target.size()) + " bytes");
  if (req.target.find('\0') != std::string::npos) return Status(Errc::Invalid, "symlink target contains NUL");
  NewFlare spec;
  spec.type = FlareType::Symlink;
  spec.mode = 0777;
  spec.uid = ctx.creds.uid;
  spec.gid = ctx.creds.gid;
  spec.target = req.target;
  return create(env, req.path, spec);
}

}  // namespace magma::server::ops
