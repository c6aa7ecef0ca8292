// CREATE, MKDIR and SYMLINK (RFC 1094 sections 2.2.10, 2.2.13 and 2.2.14): new flares,
// owned by the caller (the FlareService stamps its Credentials on them).
#include "libmagma/permission.h"
#include "nfs_gateway/nfs_args.h"
#include "nfs_gateway/nfs_attr.h"
#include "nfs_gateway/nfs_procs.h"
#include "nfs_gateway/nfs_reply.h"
#include "nfs_gateway/nfs_resolve.h"

namespace magma::nfs {

using rpc::AcceptStat;

namespace {

constexpr uint32_t kDefaultDirMode = 0755;

// What sattr asks beyond what Mknod already set (type, mode, device): times, a regular
// file's size, and the owner and group from root only (as knfsd: other callers own what
// they make).
SetAttrRequest settings_after_create(const NfsCall& call, const sattr& s, const CreateSpec& spec) {
  SetAttrRequest req = setattr_of(s);
  req.mask &= ~uint32_t(kSetMode);
  if (!is_root(call.creds())) req.mask &= ~uint32_t(kSetUid | kSetGid);
  if (spec.size_used || req.size == 0) req.mask &= ~uint32_t(kSetSize);  // a new file is empty
  return req;
}

// Applies req to flare (the caller made it or may change it) and returns it updated.
Result<Resolved> apply(const NfsCall& call, Resolved flare, SetAttrRequest req) {
  if (req.mask == 0) return flare;
  req.id = flare.entry.id;
  req.place = flare.place(call.key_of);
  Result<AttrResponse> set = call.ask(req);
  if (!set) return set.status();
  flare.entry.attr = set->attr;
  return flare;
}

Result<Resolved> make_flare(const NfsCall& call, const Resolved& dir, const std::string& path, const CreateSpec& spec) {
  MAGMA_RETURN_IF_ERROR(check_may_create(dir.attr(), call.creds()));
  MAGMA_RETURN_IF_ERROR(check_may_make(spec.type, call.creds()));
  MknodRequest req;
  req.path = path;
  req.type = spec.type;
  req.mode = spec.mode;
  req.rdev = spec.rdev;
  Result<EntryResponse> made = call.ask(req);
  if (!made) return made.status();
  return Resolved{std::move(made->entry), path};
}

// CREATE of a name that exists. v2 has no exclusive create, and clients rely on knfsd's
// answer: an existing regular file asked for as a regular file is opened as
// open(O_CREAT | O_TRUNC) would, applying only the size (0 truncates; the mode stays) and
// returning it; a directory is IsDir; any other flare Exists.
Result<Resolved> create_existing(const NfsCall& call, Resolved existing, const sattr& s, const CreateSpec& spec) {
  if (existing.is_dir()) return Status(Errc::IsDir, existing.path + " is a directory");
  if (spec.type != FlareType::Regular || existing.attr().type != FlareType::Regular)
    return Status(Errc::Exists, existing.path + " exists");
  if (s.size == kUnset) return existing;
  MAGMA_RETURN_IF_ERROR(check_access(existing.attr(), call.creds(), kMayWrite, OwnerOverride::Yes));
  SetAttrRequest truncate;
  truncate.mask = kSetSize;
  truncate.size = s.size;
  return apply(call, std::move(existing), truncate);
}

Result<Resolved> create(const NfsCall& call, const Resolved& dir, const std::string& name, const sattr& s) {
  MAGMA_RETURN_IF_ERROR(check_access(dir.attr(), call.creds(), kMayExecute));
  Result<std::string> path = new_child_path_of(dir, name);
  if (!path) return path.status();
  Result<CreateSpec> spec = create_spec_of(s);
  if (!spec) return spec.status();
  if (!spec->size_used && s.size != kUnset && s.size > kMaxFileSize)
    return Status(Errc::TooBig, "size past NFS v2's 2 GiB");
  // A new name, the common case, costs one call. Twice at most: a flare removed by
  // someone else between the Mknod and the lookup is a new one. An existing file is
  // opened without the directory's write permission, as open(O_CREAT) does.
  for (int attempt = 0;; ++attempt) {
    Result<Resolved> made = make_flare(call, dir, *path, *spec);
    if (made) return apply(call, std::move(*made), settings_after_create(call, s, *spec));
    if (made.code() != Errc::Exists && made.code() != Errc::Access) return made.status();
    Result<Resolved> existing = resolve_path(call, *path);
    if (existing) return create_existing(call, std::move(*existing), s, *spec);
    if (existing.code() != Errc::NotFound || attempt > 0 || made.code() == Errc::Access) return made.status();
  }
}

Result<Resolved> make_directory(const NfsCall& call, const Resolved& dir, const std::string& name, const sattr& s) {
  Result<std::string> path = new_child_path_of(dir, name);
  if (!path) return path.status();
  CreateSpec spec;
  spec.type = FlareType::Directory;
  spec.mode = s.mode == kUnset ? kDefaultDirMode : s.mode & kPermissionBits;
  spec.size_used = true;
  Result<Resolved> made = make_flare(call, dir, *path, spec);
  if (!made) return made.status();
  return apply(call, std::move(*made), settings_after_create(call, s, spec));
}

// The directory args name, writable: what CREATE, MKDIR and SYMLINK start from.
Result<Resolved> target_dir(NfsCall& call, const DirOpArgs& args) {
  Result<Resolved> dir = resolve_dir(call, args.dir);
  if (!dir) return dir;
  MAGMA_RETURN_IF_ERROR(check_writable(call));
  return dir;
}

// CREATE and MKDIR: make (create or make_directory) what the arguments ask for.
using Maker = Result<Resolved> (*)(const NfsCall& call, const Resolved& dir, const std::string& name, const sattr& s);
AcceptStat make_and_reply(NfsCall& call, XDR* args, XDR* results, Maker make) {
  CreateArgs a;
  if (!decode_args(args, a)) return AcceptStat::GarbageArgs;
  Result<Resolved> dir = target_dir(call, a.where);
  if (!dir) return reply_error(call, results, dir.status());
  Result<Resolved> made = make(call, *dir, a.where.name, a.attributes);
  if (!made) return reply_error(call, results, made.status());
  return reply_dirop(call, results, *made);
}

}  // namespace

AcceptStat proc_create(NfsCall& call, XDR* args, XDR* results) { return make_and_reply(call, args, results, create); }

AcceptStat proc_mkdir(NfsCall& call, XDR* args, XDR* results) { return make_and_reply(call, args, results, make_directory); }

// The attributes are not used: a symlink's mode is always 0777 (as the RFC says of UNIX
// servers), and its owner is the caller.
AcceptStat proc_symlink(NfsCall& call, XDR* args, XDR* results) {
  SymlinkArgs a;
  if (!decode_args(args, a)) return AcceptStat::GarbageArgs;
  Result<Resolved> dir = target_dir(call, a.from);
  if (!dir) return reply_error(call, results, dir.status());
  Result<std::string> path = new_child_path_of(*dir, a.from.name);
  if (!path) return reply_error(call, results, path.status());
  Status may = check_may_create(dir->attr(), call.creds());
  if (!may.is_ok()) return reply_error(call, results, may);
  return reply_status(call, results, call.ask(SymlinkRequest{*path, a.to}).status());
}

}  // namespace magma::nfs
