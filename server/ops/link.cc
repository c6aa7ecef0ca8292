// Link: a second name for an existing non-directory flare, sharing its inode and data.
// Coordinated by the owner of the new path's key:
//   1. AddLinks +1 at the inode's owner (with link(2)'s checks);
//   2. the record here;
//   3. AddEntry at the parent's owner. A failure undoes the steps before it.
#include "libmagma/path.h"
#include "server/ops/steps.h"

namespace magma::server::ops {

namespace {

Status link_once(OpEnv& env, const FlareId& id, const std::string& path, FlareEntry& linked) {
  InodeRef ref{id, Key{}};  // a directory, which lives elsewhere, cannot be linked
  AddLinksResponse added;
  MAGMA_RETURN_IF_ERROR(assign(add_links(env, ref, 1, /*for_link=*/true), added));
  FlareType type = added.entry.attr.type;
  auto undo_links = [&](Status failure) {
    Result<AddLinksResponse> undone = add_links(env, ref, -1);
    return undone ? failure : undone.status();  // nlink one too high: fsck recounts it
  };
  Status recorded = env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(env.guards->check_unfrozen(path));
    std::optional<RecordRow> there;
    MAGMA_RETURN_IF_ERROR(assign(t.record(path), there));
    if (there) return Status(Errc::Exists, path + " exists");
    return t.insert_record(path, id, type);
  });
  if (!recorded.is_ok()) return undo_links(recorded);
  Result<AddEntryResponse> entry = at_owner(env, AddEntryRequest{parent_path(path), std::string(base_name(path)), id, type});
  if (!entry) {
    Result<EmptyResponse> dropped = at_owner(env, DropRecordRequest{path, id});
    if (!dropped) return dropped.status();
    return undo_links(entry.code() == Errc::NotFound ? missing_status(env, path) : entry.status());
  }
  linked = added.entry;
  return Status::ok();
}

}  // namespace

Result<EntryResponse> run(OpEnv& env, const CallContext&, const LinkRequest& req) {
  Result<std::string> path = normalise_path(req.new_path);
  if (!path) return path.status();
  Guards::PathLock lock = env.guards->lock(*path);
  FlareEntry linked;
  MAGMA_RETURN_IF_ERROR(retry_busy([&] { return link_once(env, req.id, *path, linked); }));
  return EntryResponse{linked};
}

}  // namespace magma::server::ops
