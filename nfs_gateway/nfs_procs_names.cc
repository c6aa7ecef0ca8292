// REMOVE, RMDIR, RENAME and LINK (RFC 1094 sections 2.2.11, 2.2.12, 2.2.15 and 2.2.16):
// names of existing flares come and go.
#include <optional>

#include "libmagma/permission.h"
#include "nfs_gateway/nfs_args.h"
#include "nfs_gateway/nfs_procs.h"
#include "nfs_gateway/nfs_reply.h"
#include "nfs_gateway/nfs_resolve.h"

namespace magma::nfs {

using rpc::AcceptStat;

namespace {

// The directory a names, writable and searchable, and the flare a.name names in it.
struct Named {
  Resolved dir;
  Resolved flare;  // its path is the name's
};

Result<Named> named(NfsCall& call, const DirOpArgs& a) {
  Result<Resolved> dir = resolve_dir(call, a.dir);
  if (!dir) return dir.status();
  MAGMA_RETURN_IF_ERROR(check_writable(call));
  MAGMA_RETURN_IF_ERROR(check_access(dir->attr(), call.creds(), kMayExecute));
  Result<std::string> path = child_path_of(*dir, a.name);
  if (!path) return path.status();
  Result<Resolved> flare = resolve_path(call, *path);
  if (!flare) return flare.status();
  return Named{std::move(*dir), std::move(*flare)};
}

// REMOVE and RMDIR: Request (UnlinkRequest, RmdirRequest) of the name a gives.
template <class Request>
Status remove_name(NfsCall& call, const DirOpArgs& a) {
  Result<Named> victim = named(call, a);
  if (!victim) return victim.status();
  MAGMA_RETURN_IF_ERROR(check_may_delete(victim->dir.attr(), victim->flare.attr(), call.creds()));
  MAGMA_RETURN_IF_ERROR(call.ask(Request{victim->flare.path}));
  return Status::ok();
}

// The flare at path, or nullopt when nothing is there.
Result<std::optional<Resolved>> maybe_at(const NfsCall& call, const std::string& path) {
  Result<Resolved> found = resolve_path(call, path);
  if (found) return std::optional<Resolved>(std::move(*found));
  if (found.code() == Errc::NotFound) return std::optional<Resolved>();
  return found.status();
}

Status rename(NfsCall& call, const RenameArgs& a) {
  Result<Named> moved = named(call, a.from);
  if (!moved) return moved.status();
  Result<Resolved> to_dir = resolve_dir(call, a.to.dir);
  if (!to_dir) return to_dir.status();
  Result<std::string> to = child_path_of(*to_dir, a.to.name);
  if (!to) return to.status();
  Result<std::optional<Resolved>> replaced = maybe_at(call, *to);
  if (!replaced) return replaced.status();
  const FlareAttr* replaced_attr = *replaced ? &(*replaced)->attr() : nullptr;
  MAGMA_RETURN_IF_ERROR(
      check_may_rename(moved->dir.attr(), moved->flare.attr(), to_dir->attr(), replaced_attr, call.creds()));
  MAGMA_RETURN_IF_ERROR(call.ask(RenameRequest{moved->flare.path, *to, 0}));
  return Status::ok();
}

// A hard link to a directory is refused as knfsd does (IsDir).
Status link(NfsCall& call, const LinkArgs& a) {
  Result<Resolved> from = resolve(call, a.from);
  if (!from) return from.status();
  Result<Resolved> dir = resolve_dir(call, a.to.dir);
  if (!dir) return dir.status();
  MAGMA_RETURN_IF_ERROR(check_writable(call));
  if (from->is_dir()) return Status(Errc::IsDir, from->path + " is a directory");
  Result<std::string> path = new_child_path_of(*dir, a.to.name);
  if (!path) return path.status();
  MAGMA_RETURN_IF_ERROR(check_may_create(dir->attr(), call.creds()));
  MAGMA_RETURN_IF_ERROR(call.ask(LinkRequest{from->entry.id, *path}));
  return Status::ok();
}

}  // namespace

AcceptStat proc_remove(NfsCall& call, XDR* args, XDR* results) {
  DirOpArgs a;
  if (!decode_args(args, a)) return AcceptStat::GarbageArgs;
  return reply_status(call, results, remove_name<UnlinkRequest>(call, a));
}

AcceptStat proc_rmdir(NfsCall& call, XDR* args, XDR* results) {
  DirOpArgs a;
  if (!decode_args(args, a)) return AcceptStat::GarbageArgs;
  return reply_status(call, results, remove_name<RmdirRequest>(call, a));
}

AcceptStat proc_rename(NfsCall& call, XDR* args, XDR* results) {
  RenameArgs a;
  if (!decode_args(args, a)) return AcceptStat::GarbageArgs;
  return reply_status(call, results, rename(call, a));
}

AcceptStat proc_link(NfsCall& call, XDR* args, XDR* results) {
  LinkArgs a;
  if (!decode_args(args, a)) return AcceptStat::GarbageArgs;
  return reply_status(call, results, link(call, a));
}

}  // namespace magma::nfs
