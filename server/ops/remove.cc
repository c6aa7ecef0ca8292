// Unlink and Rmdir: removing a name, and the flare with its last name unless it is open.
// Coordinated by the owner of the path's key (which holds the record and, for a
// directory, its inode and entries):
//   1. Rmdir only: SetDying here: the directory is empty and stays so (AddEntry refused);
//   2. RemoveEntry at the parent's owner, if it still names the flare;
//   3. DropRecord here, then AddLinks -1 at the inode's owner (deleting it at nlink 0
//      unless open or in its grace).
#include "libmagma/path.h"
#include "server/ops/steps.h"

namespace magma::server::ops {

namespace {

enum class Want { NonDirectory, EmptyDirectory };

Status check_type_wanted(const RecordRow& rec, Want want) {
  bool dir = rec.type == FlareType::Directory;
  if (want == Want::NonDirectory && dir) return Status(Errc::IsDir, rec.path + " is a directory");
  if (want == Want::EmptyDirectory && !dir) return Status(Errc::NotDir, rec.path + " is not a directory");
  return Status::ok();
}

Status remove_once(OpEnv& env, const std::string& path, Want want) {
  RecordRow rec;
  MAGMA_RETURN_IF_ERROR(assign(need_record(env, path), rec));
  MAGMA_RETURN_IF_ERROR(check_type_wanted(rec, want));
  bool dir = want == Want::EmptyDirectory;
  if (dir) MAGMA_RETURN_IF_ERROR(start_over_if_changed(at_owner(env, SetDyingRequest{path, rec.id, true})));
  Result<NamedResponse> removed =
      at_owner(env, RemoveEntryRequest{parent_path(path), std::string(base_name(path)), rec.id});
  if (!removed) {
    if (dir) MAGMA_RETURN_IF_ERROR(at_owner(env, SetDyingRequest{path, rec.id, false}));
    return start_over_if_changed(removed);
  }
  // The name is gone: from here on nothing starts over.
  MAGMA_RETURN_IF_ERROR(retry_busy([&] { return at_owner(env, DropRecordRequest{path, rec.id}); }));
  return add_links(env, ref_of(env, path, rec.id, rec.type), -1).status();
}

Result<EmptyResponse> remove(OpEnv& env, const std::string& raw_path, Want want) {
  Result<std::string> path = normalise_path(raw_path);
  if (!path) return path.status();
  // The root is every volcano's mount point, as EBUSY for rmdir of a mount point.
  if (*path == "/" && want == Want::EmptyDirectory) return Status(Errc::Busy, "cannot remove /");
  Guards::PathLock lock = env.guards->lock(*path);
  MAGMA_RETURN_IF_ERROR(retry_busy([&] { return remove_once(env, *path, want); }));
  return EmptyResponse{};
}

}  // namespace

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const UnlinkRequest& req) {
  return remove(env, req.path, Want::NonDirectory);
}

Result<EmptyResponse> run(OpEnv& env, const CallContext&, const RmdirRequest& req) {
  return remove(env, req.path, Want::EmptyDirectory);
}

}  // namespace magma::server::ops
