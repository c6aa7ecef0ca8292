// Unlink and Rmdir: removing a name, and the flare with its last name unless it is open.
#include "libmagma/path.h"
#include "server/ops/names.h"

namespace magma::server::ops {

namespace {

enum class Want { NonDirectory, EmptyDirectory };

// Checks that the flare at path may be removed as want says.
Status check_removable(Txn& t, const std::string& path, const Inode& victim, Want want) {
  bool dir = victim.attr.type == FlareType::Directory;
  if (want == Want::NonDirectory) {
    if (dir) return Status(Errc::IsDir, path + " is a directory");
    return Status::ok();
  }
  if (!dir) return Status(Errc::NotDir, path + " is not a directory");
  Result<bool> busy = t.has_entries(path);
  if (!busy) return busy.status();
  if (*busy) return Status(Errc::NotEmpty, path + " is not empty");
  return Status::ok();
}

Result<EmptyResponse> remove(OpEnv& env, const std::string& raw_path, Want want) {
  Result<std::string> path = normalise_path(raw_path);
  if (!path) return path.status();
  // The root is every volcano's mount point, as EBUSY for rmdir of a mount point.
  if (*path == "/" && want == Want::EmptyDirectory) return Status(Errc::Busy, "cannot remove /");
  Doomed doomed;
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    Inode victim, parent;
    MAGMA_RETURN_IF_ERROR(assign(resolve(t, *path), victim));
    MAGMA_RETURN_IF_ERROR(check_removable(t, *path, victim, want));
    MAGMA_RETURN_IF_ERROR(assign(resolve_parent(t, *path), parent));
    int64_t now = now_ns();
    MAGMA_RETURN_IF_ERROR(remove_name(t, parent.id, *path, victim.attr.type, now));
    return drop_link(env, t, victim.id, *path, now, doomed);
  }));
  remove_data(env, doomed);
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
