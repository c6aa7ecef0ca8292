// Node ops on directory entries, at the owner of the directory's key, where its record,
// inode and entries live together so each op is one local transaction: AddEntry,
// RemoveEntry, PutEntry, SetDying.
#include "libmagma/path.h"
#include "server/ops/names.h"
#include "server/ops/wire_checks.h"

namespace magma::server::ops {

namespace {

// A subdirectory's ".." links to its parent.
int subdir(FlareType type) { return type == FlareType::Directory ? 1 : 0; }

// The directory at dir, whose entries are about to change: not frozen (Busy), a directory
// (NotFound, NotDir) that is not being removed (NotFound).
Result<Inode> live_dir(OpEnv& env, Txn& t, const std::string& dir) {
  MAGMA_RETURN_IF_ERROR(env.guards->check_unfrozen(dir));
  std::optional<RecordRow> rec;
  MAGMA_RETURN_IF_ERROR(assign(t.record(dir), rec));
  if (!rec) return Status(Errc::NotFound, dir + " does not exist");
  if (rec->type != FlareType::Directory) return Status(Errc::NotDir, dir + " is not a directory");
  Result<Inode> in = need_inode(t, rec->id);
  if (!in) return in.code() == Errc::Stale ? Status(Errc::Io, "record " + dir + " names a missing flare") : in.status();
  if (in->dying) return Status(Errc::NotFound, dir + " is being removed");
  return in;
}

// Adds name → (id, type) to the directory dir_id at dir with a fresh cookie.
Status insert_new(Txn& t, const FlareId& dir_id, const std::string& dir, const std::string& name,
                  const FlareId& id, FlareType type) {
  uint64_t cookie = 0;
  MAGMA_RETURN_IF_ERROR(assign(t.take_cookie(dir_id), cookie));
  return t.insert_entry(dir, name, cookie, id, type);
}

}  // namespace

Result<AddEntryResponse> run(OpEnv& env, const CallContext&, const AddEntryRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_entry_name(req.dir, req.name));
  MAGMA_RETURN_IF_ERROR(check_type(req.type));
  AddEntryResponse resp;
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    Inode dir;
    MAGMA_RETURN_IF_ERROR(assign(live_dir(env, t, req.dir), dir));
    std::optional<EntryRow> there;
    MAGMA_RETURN_IF_ERROR(assign(t.entry(req.dir, req.name), there));
    if (there) return Status(Errc::Exists, req.name + " exists in " + req.dir);
    MAGMA_RETURN_IF_ERROR(insert_new(t, dir.id, req.dir, req.name, req.id, req.type));
    resp = AddEntryResponse{dir.attr.mode, dir.attr.gid};
    return t.touch_dir(dir.id, subdir(req.type), now_ns());
  }));
  return resp;
}

Result<NamedResponse> run(OpEnv& env, const CallContext&, const RemoveEntryRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_entry_name(req.dir, req.name));
  NamedResponse removed;
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(env.guards->check_unfrozen(req.dir));
    std::optional<EntryRow> there;
    MAGMA_RETURN_IF_ERROR(assign(t.entry(req.dir, req.name), there));
    if (!there) return Status(Errc::NotFound, req.name + " is not in " + req.dir);
    if (there->id != req.expect) return Status(Errc::Stale, req.dir + "/" + req.name + " changed");
    MAGMA_RETURN_IF_ERROR(t.delete_entry(req.dir, req.name));
    removed = NamedResponse{true, there->id, there->type};
    std::optional<RecordRow> dir;
    MAGMA_RETURN_IF_ERROR(assign(t.record(req.dir), dir));
    if (!dir) return Status::ok();  // entries without their directory: fsck's business
    return t.touch_dir(dir->id, -subdir(there->type), now_ns());
  }));
  return removed;
}

Result<NamedResponse> run(OpEnv& env, const CallContext&, const PutEntryRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_entry_name(req.dir, req.name));
  MAGMA_RETURN_IF_ERROR(check_type(req.type));
  NamedResponse replaced;
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    Inode dir;
    MAGMA_RETURN_IF_ERROR(assign(live_dir(env, t, req.dir), dir));
    std::optional<EntryRow> there;
    MAGMA_RETURN_IF_ERROR(assign(t.entry(req.dir, req.name), there));
    bool expected = req.expect == Key{} ? !there : there && there->id == req.expect;
    if (!expected) return Status(Errc::Stale, req.dir + "/" + req.name + " changed");
    if (there && req.keep_cookie) {
      MAGMA_RETURN_IF_ERROR(t.update_entry(req.dir, req.name, req.id, req.type));
    } else {
      if (there) MAGMA_RETURN_IF_ERROR(t.delete_entry(req.dir, req.name));
      MAGMA_RETURN_IF_ERROR(insert_new(t, dir.id, req.dir, req.name, req.id, req.type));
    }
    if (there) replaced = NamedResponse{true, there->id, there->type};
    int delta = subdir(req.type) - (there ? subdir(there->type) : 0);
    return t.touch_dir(dir.id, delta, now_ns());
  }));
  return replaced;
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const SetDyingRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_below_root(req.path));
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    std::optional<Inode> in;
    MAGMA_RETURN_IF_ERROR(assign(t.inode(req.id), in));
    if (!req.dying) return in ? t.set_dying(req.id, false) : Status::ok();
    MAGMA_RETURN_IF_ERROR(env.guards->check_unfrozen(req.path));
    std::optional<RecordRow> rec;
    MAGMA_RETURN_IF_ERROR(assign(t.record(req.path), rec));
    if (!rec || rec->id != req.id || !in) return Status(Errc::Stale, req.path + " changed");
    if (in->attr.type != FlareType::Directory) return Status(Errc::NotDir, req.path + " is not a directory");
    Result<bool> busy = t.has_entries(req.path);
    if (!busy) return busy.status();
    if (*busy) return Status(Errc::NotEmpty, req.path + " is not empty");
    return t.set_dying(req.id, true);
  }));
  return EmptyResponse{};
}

}  // namespace magma::server::ops
