// Mknod and Symlink: creating a flare at a path, owned by the caller. Coordinated by the
// owner of the path's key, which holds the new record and (its id starting with the
// path's key) nearly always the new inode:
//   1. inode + record, in one local transaction (or PutInode at the inode's owner first);
//   2. AddEntry at the parent's owner, atomic there; on failure step 1 is undone;
//   3. below a setgid directory, InheritGroup (AddEntry answered the directory's group).
#include "libmagma/path.h"
#include "server/open_table.h"
#include "server/ops/steps.h"

namespace magma::server::ops {

namespace {

struct NewFlare {
  FlareType type = FlareType::Regular;
  uint32_t mode = 0;  // permission bits
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint64_t rdev = 0;
  std::string target;  // symlinks
};

Inode new_inode(OpEnv& env, const std::string& path, const NewFlare& spec, int64_t now) {
  bool dir = spec.type == FlareType::Directory;
  bool device = spec.type == FlareType::CharDevice || spec.type == FlareType::BlockDevice;
  Inode in;
  in.id = new_flare_id(env.store.key_of()(path));
  in.path = path;
  in.target = spec.target;
  FlareAttr& a = in.attr;
  a.type = spec.type;
  a.mode = spec.mode & kPermissionBits;
  a.uid = spec.uid;
  a.gid = spec.gid;
  a.nlink = dir ? 2 : 1;  // a directory is also named by its own "."
  a.size = spec.target.size();
  a.atime_ns = a.mtime_ns = a.ctime_ns = now;
  a.rdev = device ? spec.rdev : 0;
  return in;
}

Status check_name_free(OpEnv& env, Txn& t, const std::string& path) {
  MAGMA_RETURN_IF_ERROR(env.guards->check_unfrozen(path));
  std::optional<RecordRow> there;
  MAGMA_RETURN_IF_ERROR(assign(t.record(path), there));
  return there ? Status(Errc::Exists, path + " exists") : Status::ok();
}

// Step 1: the inode and the record. local: the inode lives here too.
Status store_inode_and_record(OpEnv& env, const Inode& in, bool local) {
  auto record = [&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(check_name_free(env, t, in.path));
    if (local) MAGMA_RETURN_IF_ERROR(t.insert_inode(in));
    return t.insert_record(in.path, in.id, in.attr.type);
  };
  if (local) return env.store.write(record);
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return check_name_free(env, t, in.path); }));
  MAGMA_RETURN_IF_ERROR(at_owner(env, PutInodeRequest{InodeRow{in.id, in.attr, in.path, in.target, 0, {}}}));
  Status s = env.store.write(record);
  if (!s.is_ok()) (void)at_owner(env, DropInodeRequest{in.id, Key{}});
  return s;
}

// Undoes step 1 after AddEntry failed: nothing of the flare is left.
Status undo_store(OpEnv& env, const Inode& in, bool local) {
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    std::optional<RecordRow> rec;
    MAGMA_RETURN_IF_ERROR(assign(t.record(in.path), rec));
    if (rec && rec->id == in.id) MAGMA_RETURN_IF_ERROR(t.delete_record(in.path));
    return local ? t.delete_inode(in.id) : Status::ok();
  }));
  if (local) return Status::ok();
  return at_owner(env, DropInodeRequest{in.id, Key{}}).status();
}

// Step 3: below a setgid directory the group is the directory's and a new directory is
// setgid too.
Status inherit_group(OpEnv& env, Inode& in, const AddEntryResponse& parent) {
  if (!(parent.dir_mode & S_ISGID)) return Status::ok();
  bool dir = in.attr.type == FlareType::Directory;
  in.attr.gid = parent.dir_gid;
  if (dir) in.attr.mode |= S_ISGID;
  InodeRef ref = ref_of(env, in.path, in.id, in.attr.type);
  return at_owner(env, InheritGroupRequest{ref.id, ref.place, parent.dir_gid, dir}).status();
}

Status create_once(OpEnv& env, const std::string& path, const NewFlare& spec, Inode& made) {
  Inode in = new_inode(env, path, spec, now_ns());
  Key place = place_of_inode(in, env.store.key_of());
  // The inode's key is held like the path's while it is stored here: a hand-off of it
  // waits for the insert, or the insert for the hand-off (then it is no longer local).
  Lava::Hold hold = env.lava.enter(place);
  bool local = hold.owned();
  MAGMA_RETURN_IF_ERROR(store_inode_and_record(env, in, local));
  Result<AddEntryResponse> added =
      at_owner(env, AddEntryRequest{parent_path(path), std::string(base_name(path)), in.id, in.attr.type});
  if (!added) {
    Status undone = undo_store(env, in, local);
    if (!undone.is_ok()) return undone;  // the flare is left unlisted: fsck deletes it
    return added.code() == Errc::NotFound ? missing_status(env, path) : added.status();
  }
  MAGMA_RETURN_IF_ERROR(inherit_group(env, in, *added));
  made = std::move(in);
  return Status::ok();
}

// Creates the flare; with open_for, then holds it open for that session. Nothing can
// come between: only this session knows the new id yet, and a session ends only once its
// requests are answered. The hold is kept where the inode lives; in the rare case that is
// another volcano, the client's Open there holds it instead.
Result<EntryResponse> create(OpEnv& env, const std::string& raw_path, const NewFlare& spec,
                             const uint64_t* open_for = nullptr) {
  Result<std::string> path = normalise_path(raw_path);
  if (!path) return path.status();
  Guards::PathLock lock = env.guards->lock(*path);
  Inode made;
  MAGMA_RETURN_IF_ERROR(retry_busy([&] { return create_once(env, *path, spec, made); }));
  if (open_for && env.lava.owns(place_of_inode(made, env.store.key_of()))) env.opens.open(*open_for, made.id);
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
