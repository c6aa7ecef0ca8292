// Node op FsckRepair: the repairs magmactl fsck decided, applied to the rows this volcano
// stores (owned or not: fsck addresses the volcano that holds the row). Each repair is
// conditional on what the scan saw and runs in its own short transaction, so an operation
// that changed the row since the scan wins and the repair answers Stale; rows below a
// subtree being moved answer Busy. A repair changes its own row only: the link counts
// that follow from it are repairs of their own.
#include "libmagma/logging.h"
#include "server/data_files.h"
#include "server/ops/names.h"
#include "server/ops/wire_checks.h"

namespace magma::server::ops {

namespace {

Status stale(const std::string& what) { return Status(Errc::Stale, what + " changed since the scan"); }

Status check_repair(const FsckRepair& r) {
  switch (r.action) {
    case FsckAction::DropRecord:
      return check_below_root(r.path);
    case FsckAction::PutRecord:
      MAGMA_RETURN_IF_ERROR(check_path(r.path));
      return check_type(r.type);
    case FsckAction::DropEntry:
      return check_entry_name(r.path, r.name);
    case FsckAction::DropInode:
    case FsckAction::SetLinks:
    case FsckAction::ClearDying:
    case FsckAction::DropData:
      return Status::ok();
  }
  return Status(Errc::Invalid, "unknown fsck action");
}

Status drop_record(OpEnv& env, const FsckRepair& r) {
  return env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(env.guards->check_unfrozen(r.path));
    std::optional<RecordRow> rec;
    MAGMA_RETURN_IF_ERROR(assign(t.record(r.path), rec));
    if (!rec || rec->id != r.id) return stale("record " + r.path);
    return t.delete_record(r.path);
  });
}

Status put_record(OpEnv& env, const FsckRepair& r) {
  return env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(env.guards->check_unfrozen(r.path));
    std::optional<RecordRow> rec;
    MAGMA_RETURN_IF_ERROR(assign(t.record(r.path), rec));
    if ((rec ? rec->id : FlareId{}) != r.expect) return stale("record " + r.path);
    return t.put_record(r.path, r.id, r.type);
  });
}

Status drop_entry(OpEnv& env, const FsckRepair& r) {
  return env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(env.guards->check_unfrozen(r.path));
    std::optional<EntryRow> entry;
    MAGMA_RETURN_IF_ERROR(assign(t.entry(r.path, r.name), entry));
    if (!entry || entry->id != r.id) return stale("entry " + r.name + " of " + r.path);
    return t.delete_entry(r.path, r.name);
  });
}

// The inode id as the scan saw it (nlink expect_nlink), or Stale; Busy for a directory
// in a subtree being moved, whose rows are on their way elsewhere.
Result<Inode> inode_as_seen(OpEnv& env, Txn& t, const FsckRepair& r) {
  std::optional<Inode> in;
  MAGMA_RETURN_IF_ERROR(assign(t.inode(r.id), in));
  if (!in || in->attr.nlink != r.expect_nlink) return stale("inode " + r.id.hex());
  MAGMA_RETURN_IF_ERROR(check_not_moving(env, *in));
  return std::move(*in);
}

Status drop_inode(OpEnv& env, const FsckRepair& r) {
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(inode_as_seen(env, t, r).status());
    // Inside the transaction, as change_links decides: an open that comes after it
    // finds no inode.
    if (is_kept(env, r.id)) return Status(Errc::Busy, "flare " + r.id.hex() + " is open");
    return t.delete_inode(r.id);
  }));
  remove_data(env, {r.id});
  return Status::ok();
}

Status set_links(OpEnv& env, const FsckRepair& r) {
  return env.store.write([&](Txn& t) -> Status {
    Result<Inode> in = inode_as_seen(env, t, r);
    if (!in) return in.status();
    in->attr.nlink = r.nlink;
    return t.update_inode(*in);
  });
}

Status clear_dying(OpEnv& env, const FsckRepair& r) {
  return env.store.write([&](Txn& t) -> Status {
    std::optional<Inode> in;
    MAGMA_RETURN_IF_ERROR(assign(t.inode(r.id), in));
    if (!in || !in->dying) return stale("directory " + r.id.hex());
    return t.set_dying(r.id, false);
  });
}

// Holds the size lock of id so that no write recreates the file between the check and
// the removal.
Status drop_data(OpEnv& env, const FsckRepair& r) {
  std::unique_lock size_lock(env.data.size_lock(r.id));
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) -> Status {
    std::optional<Inode> in;
    MAGMA_RETURN_IF_ERROR(assign(t.inode(r.id), in));
    return in ? stale("data of " + r.id.hex()) : Status::ok();
  }));
  return env.data.remove(r.id);
}

Status apply(OpEnv& env, const FsckRepair& r) {
  MAGMA_RETURN_IF_ERROR(check_repair(r));
  switch (r.action) {
    case FsckAction::DropRecord: return drop_record(env, r);
    case FsckAction::PutRecord: return put_record(env, r);
    case FsckAction::DropEntry: return drop_entry(env, r);
    case FsckAction::DropInode: return drop_inode(env, r);
    case FsckAction::SetLinks: return set_links(env, r);
    case FsckAction::ClearDying: return clear_dying(env, r);
    case FsckAction::DropData: return drop_data(env, r);
  }
  return Status(Errc::Invalid, "unknown fsck action");
}

}  // namespace

Result<FsckRepairResponse> run(OpEnv& env, const CallContext&, const FsckRepairRequest& req) {
  if (req.repairs.size() > kMaxRowsPerPage) return Status(Errc::Invalid, "more than kMaxRowsPerPage repairs");
  FsckRepairResponse resp;
  for (const FsckRepair& r : req.repairs) {
    Status done = apply(env, r);
    MAGMA_LOG(info) << "fsck repair " << static_cast<int>(r.action) << " " << r.path << (r.name.empty() ? "" : "/")
                    << r.name << " " << r.id.hex() << ": " << (done.is_ok() ? "done" : done.to_string());
    resp.outcomes.push_back(FsckOutcome{static_cast<uint16_t>(done.code()), done.message()});
  }
  return resp;
}

}  // namespace magma::server::ops
