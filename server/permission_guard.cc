// POSIX permissions at the serving volcano: the attributes each request is judged on, and
// the check (the rules themselves are libmagma/permission.h's).
#include "server/permission_guard.h"

#include <sys/stat.h>

#include <vector>

#include "libmagma/path.h"
#include "libmagma/permission.h"
#include "server/flare_store.h"
#include "server/ops/ops.h"
#include "server/ops/steps.h"

namespace magma::server {

namespace {

using MaybeAttr = std::optional<FlareAttr>;

// One request's caller, and where the attributes it is judged on come from.
class Judge {
 public:
  Judge(OpEnv& env, const Credentials& creds) : env_(env), creds_(creds) {}

  const Credentials& creds() const { return creds_; }

  // The flare with id, whose inode this volcano holds (the request's route key is its).
  Result<MaybeAttr> by_id(const FlareId& id) const {
    std::optional<Inode> in;
    MAGMA_RETURN_IF_ERROR(env_.store.read([&](FlareStore::Txn& t) { return ops::assign(t.inode(id), in); }));
    return in ? MaybeAttr(in->attr) : MaybeAttr();
  }

  // The flare at a normalised path, wherever its record and inode live.
  Result<MaybeAttr> at(const std::string& path) const {
    std::optional<RecordRow> rec;
    MAGMA_RETURN_IF_ERROR(ops::assign(ops::find_record(env_, path), rec));
    if (!rec) return MaybeAttr();
    std::map<FlareId, FlareEntry> found;
    MAGMA_RETURN_IF_ERROR(
        ops::assign(ops::fetch_entries(env_, {ops::ref_of(env_, path, rec->id, rec->type)}), found));
    auto it = found.find(rec->id);
    return it == found.end() ? MaybeAttr() : MaybeAttr(it->second.attr);
  }

  // The directory at a normalised path; none when nothing, or no directory, is there (the
  // operation then answers NotFound or NotDir itself).
  Result<MaybeAttr> dir_at(const std::string& path) const {
    Result<MaybeAttr> found = at(path);
    if (found && *found && (*found)->type != FlareType::Directory) return MaybeAttr();
    return found;
  }

 private:
  OpEnv& env_;
  const Credentials& creds_;
};

// Runs decide on the attributes found, if any were: nothing there is the operation's to
// answer.
template <class Decide>
Status on(Result<MaybeAttr> found, Decide decide) {
  if (!found) return found.status();
  return *found ? decide(**found) : Status::ok();
}

// A name that is not there is NotFound only to a caller who may search its directory:
// to anyone else, whether a name exists stays hidden.
Status may_search(const Judge& j, const FlareAttr& dir) { return check_access(dir, j.creds(), kMayExecute); }

// Search permission on every directory above dir (a normalised path), from "/" down, as a
// local path resolution needs: a client may send a whole path in one request. A missing
// ancestor, or one that is no directory, ends the walk: the operation answers for it.
Status may_walk_above(const Judge& j, const std::string& dir) {
  std::vector<std::string> above;
  for (std::string d = dir; d != "/";) {
    d = parent_path(d);
    above.push_back(d);
  }
  for (auto it = above.rbegin(); it != above.rend(); ++it) {
    MaybeAttr found;
    MAGMA_RETURN_IF_ERROR(ops::assign(j.dir_at(*it), found));
    if (!found) return Status::ok();
    MAGMA_RETURN_IF_ERROR(may_search(j, *found));
  }
  return Status::ok();
}

// decide on the directory at a normalised path, once every directory above it may be
// searched.
template <class Decide>
Status on_dir(const Judge& j, const std::string& dir, Decide decide) {
  MAGMA_RETURN_IF_ERROR(may_walk_above(j, dir));
  return on(j.dir_at(dir), decide);
}

// decide on raw's parent directory; nothing for "/" and for a path the operation refuses.
template <class Decide>
Status on_parent(const Judge& j, const std::string& raw, Decide decide) {
  Result<std::string> path = normalise_path(raw);
  if (!path || *path == "/") return Status::ok();
  return on_dir(j, parent_path(*path), decide);
}

Status may_create_in_parent(const Judge& j, const std::string& raw) {
  return on_parent(j, raw, [&](const FlareAttr& dir) { return check_may_create(dir, j.creds()); });
}

Status may_remove(const Judge& j, const std::string& raw) {
  return on_parent(j, raw, [&](const FlareAttr& dir) -> Status {
    MaybeAttr victim;
    MAGMA_RETURN_IF_ERROR(ops::assign(j.at(*normalise_path(raw)), victim));
    return victim ? check_may_delete(dir, *victim, j.creds()) : may_search(j, dir);
  });
}

// Linux's rule for user.* xattrs: write access, and in a sticky directory only its owner.
Status may_change_xattr(const FlareAttr& attr, const Credentials& creds) {
  MAGMA_RETURN_IF_ERROR(check_access(attr, creds, kMayWrite));
  if (attr.type == FlareType::Directory && (attr.mode & S_ISVTX) && attr.uid != creds.uid)
    return Status(Errc::Perm, "only the owner changes xattrs of a sticky directory");
  return Status::ok();
}

// Requests that move no data and change nothing need nothing.
template <class Request>
Status check(const Judge&, const Request&) {
  return Status::ok();
}

Status check(const Judge& j, const LookupRequest& r) {
  return on_parent(j, r.path, [&](const FlareAttr& dir) { return may_search(j, dir); });
}

Status check(const Judge& j, const ReadDirRequest& r) {
  Result<std::string> path = normalise_path(r.path);
  if (!path) return Status::ok();
  return on_dir(j, *path, [&](const FlareAttr& dir) { return check_access(dir, j.creds(), kMayRead); });
}

// The directory first, as mknod(2): EACCES there before EPERM for a device.
Status check(const Judge& j, const MknodRequest& r) {
  MAGMA_RETURN_IF_ERROR(may_create_in_parent(j, r.path));
  return check_may_make(r.type, j.creds());
}
Status check(const Judge& j, const SymlinkRequest& r) { return may_create_in_parent(j, r.path); }
Status check(const Judge& j, const LinkRequest& r) { return may_create_in_parent(j, r.new_path); }
Status check(const Judge& j, const UnlinkRequest& r) { return may_remove(j, r.path); }
Status check(const Judge& j, const RmdirRequest& r) { return may_remove(j, r.path); }

Status check(const Judge& j, const RenameRequest& r) {
  Result<std::string> from = normalise_path(r.from), to = normalise_path(r.to);
  if (!from || !to || *from == "/" || *to == "/") return Status::ok();
  MaybeAttr from_dir, to_dir, moved, other;
  MAGMA_RETURN_IF_ERROR(may_walk_above(j, parent_path(*from)));
  MAGMA_RETURN_IF_ERROR(may_walk_above(j, parent_path(*to)));
  MAGMA_RETURN_IF_ERROR(ops::assign(j.dir_at(parent_path(*from)), from_dir));
  MAGMA_RETURN_IF_ERROR(ops::assign(j.dir_at(parent_path(*to)), to_dir));
  if (!from_dir || !to_dir) return Status::ok();
  MAGMA_RETURN_IF_ERROR(ops::assign(j.at(*from), moved));
  if (!moved) return may_search(j, *from_dir);
  MAGMA_RETURN_IF_ERROR(ops::assign(j.at(*to), other));
  if (!(r.flags & kRenameExchange))
    return check_may_rename(*from_dir, *moved, *to_dir, other ? &*other : nullptr, j.creds());
  if (!other) return Status::ok();
  MAGMA_RETURN_IF_ERROR(check_may_rename(*from_dir, *moved, *to_dir, nullptr, j.creds()));
  return check_may_rename(*to_dir, *other, *from_dir, nullptr, j.creds());
}

Status check(const Judge& j, const ReadRequest& r) {
  return on(j.by_id(r.id), [&](const FlareAttr& a) {
    Status read = check_access(a, j.creds(), kMayRead, OwnerOverride::Yes);
    return read.is_ok() || check_access(a, j.creds(), kMayExecute).is_ok() ? Status::ok() : read;
  });
}

Status check(const Judge& j, const WriteRequest& r) {
  return on(j.by_id(r.id),
            [&](const FlareAttr& a) { return check_access(a, j.creds(), kMayWrite, OwnerOverride::Yes); });
}

Status check(const Judge& j, const SetAttrRequest& r) {
  return on(j.by_id(r.id),
            [&](const FlareAttr& a) { return check_may_set_attr(a, j.creds(), r, OwnerOverride::Yes); });
}

Status check(const Judge& j, const GetXattrRequest& r) {
  return on(j.by_id(r.id), [&](const FlareAttr& a) { return check_access(a, j.creds(), kMayRead); });
}
Status check(const Judge& j, const SetXattrRequest& r) {
  return on(j.by_id(r.id), [&](const FlareAttr& a) { return may_change_xattr(a, j.creds()); });
}
Status check(const Judge& j, const RemoveXattrRequest& r) {
  return on(j.by_id(r.id), [&](const FlareAttr& a) { return may_change_xattr(a, j.creds()); });
}

}  // namespace

template <class Request>
Status guard_permission(OpEnv& env, const CallContext& ctx, const Request& req) {
  if (!ctx.client || is_root(ctx.creds)) return Status::ok();
  return check(Judge(env, ctx.creds), req);
}

#define MAGMA_FLARE_OP(Name, id, Request, Response) \
  template Status guard_permission(OpEnv&, const CallContext&, const Request&);
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

}  // namespace magma::server
