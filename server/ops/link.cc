// Link: a second name for an existing non-directory flare, sharing its inode and data.
#include "libmagma/path.h"
#include "server/ops/names.h"

namespace magma::server::ops {

Result<EntryResponse> run(OpEnv& env, const CallContext&, const LinkRequest& req) {
  Result<std::string> path = normalise_path(req.new_path);
  if (!path) return path.status();
  Inode linked;
  MAGMA_RETURN_IF_ERROR(env.store.write([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(assign(need_inode(t, req.id), linked));
    // As link(2): EPERM for a directory, ENOENT for a flare whose last name is gone.
    if (linked.attr.type == FlareType::Directory)
      return Status(Errc::Perm, "cannot hard-link directory " + linked.path);
    if (linked.attr.nlink == 0) return Status(Errc::NotFound, "flare " + req.id.hex() + " has no name left");
    Inode parent;
    MAGMA_RETURN_IF_ERROR(assign(resolve_parent(t, *path), parent));
    Result<std::optional<FlareId>> existing = t.record(*path);
    if (!existing) return existing.status();
    if (*existing) return Status(Errc::Exists, *path + " exists");
    int64_t now = now_ns();
    MAGMA_RETURN_IF_ERROR(add_name(t, parent.id, *path, linked.id, linked.attr.type, now));
    MAGMA_RETURN_IF_ERROR(t.add_links(linked.id, 1, now));
    linked.attr.nlink += 1;
    linked.attr.ctime_ns = now;
    return Status::ok();
  }));
  return EntryResponse{entry_of(env, linked)};
}

}  // namespace magma::server::ops
