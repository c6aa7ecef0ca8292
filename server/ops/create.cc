// Mknod and Symlink: creating a flare at a path, owned by the caller.
#include "libmagma/path.h"
#include "server/open_table.h"
#include "server/ops/names.h"

namespace magma::server::ops {

namespace {

// Creates the flare; with open_for, then holds it open for that session. Nothing can
// come between: only this session knows the new id yet, and a session ends only once its
// requests are answered.
Result<EntryResponse> create(OpEnv& env, const std::string& raw_path, const NewFlare& spec,
                             const uint64_t* open_for = nullptr) {
  Result<std::string> path = normalise_path(raw_path);
  if (!path) return path.status();
  Inode made;
  MAGMA_RETURN_IF_ERROR(env.store.write(
      [&](Txn& t) { return assign(create_flare(t, *path, spec, now_ns()), made); }));
  if (open_for) env.opens.open(*open_for, made.id);
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
  return create(env, req.path, spec, req.open ? &ctx.session : nullptr);
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
