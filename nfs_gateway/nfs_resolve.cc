// Handles and names → flares through the FlareService.
#include "nfs_gateway/nfs_resolve.h"

#include "libmagma/path.h"

namespace magma::nfs {

namespace {

Status stale(const std::string& why) { return Status(Errc::Stale, why); }

// The share a file handle was made in. A share renamed or removed since: Stale.
Result<const acl::Share*> share_tagged(const NfsCall& call, uint32_t tag) {
  for (const acl::Share& s : call.shares->shares())
    if (share_tag_of(s.name) == tag) return &s;
  return stale("the share of this file handle is gone");
}

// The share path lies in, as the ACL sees it; none: Stale (no export holds it).
Result<const acl::Share*> share_holding(const NfsCall& call, const std::string& path) {
  acl::Decision d = call.shares->decide(call.caller.address, path);
  if (!d.share) return stale(path + " lies in no share");
  return d.share;
}

}  // namespace

Status enter_share_of(NfsCall& call, const FileRef& ref) {
  Result<const acl::Share*> share = share_tagged(call, ref.share_tag);
  if (!share) return share.status();
  call.enter(**share);
  return Status::ok();
}

namespace {

Result<Resolved> resolve_file(NfsCall& call, const FileRef& ref) {
  MAGMA_RETURN_IF_ERROR(enter_share_of(call, ref));
  Result<AttrResponse> got = call.ask(GetAttrRequest{ref.id, Key{}});
  if (!got) return got.code() == Errc::NotFound ? stale("no flare " + ref.id.hex()) : got.status();
  // A directory is named by a DirRef: one named by its id is not a handle we made.
  if (got->attr.type == FlareType::Directory) return stale("a file handle names directory " + ref.id.hex());
  return Resolved{FlareEntry{ref.id, got->attr}, std::string()};
}

Result<Resolved> resolve_directory(NfsCall& call, const DirRef& ref) {
  Result<ResolveDirResponse> got = call.ask(ResolveDirRequest{ref.place, ref.ino});
  if (!got) return got.code() == Errc::NotFound ? stale(got.status().message()) : got.status();
  Result<const acl::Share*> share = share_holding(call, got->path);
  if (!share) return share.status();
  call.enter(**share);
  return Resolved{std::move(got->entry), std::move(got->path)};
}

}  // namespace

Result<Resolved> resolve(NfsCall& call, const HandleBytes& fh) {
  Result<HandleRef> ref = decode_handle(fh);
  if (!ref) return ref.status();
  if (const FileRef* file = std::get_if<FileRef>(&*ref)) return resolve_file(call, *file);
  return resolve_directory(call, std::get<DirRef>(*ref));
}

Result<Resolved> resolve_dir(NfsCall& call, const HandleBytes& fh) {
  Result<Resolved> found = resolve(call, fh);
  if (found && !found->is_dir()) return Status(Errc::NotDir, "the handle names no directory");
  return found;
}

Result<Resolved> resolve_path(const NfsCall& call, const std::string& path) {
  Result<EntryResponse> got = call.ask(LookupRequest{path});
  if (!got) return got.status();
  return Resolved{std::move(got->entry), path};
}

Result<Resolved> parent_of(const NfsCall& call, const Resolved& dir) {
  if (dir.path == "/") return dir;
  std::string above = parent_path(dir.path);
  if (call.shares->decide(call.caller.address, above).access == acl::Access::None) return dir;
  Result<Resolved> parent = resolve_path(call, above);
  // The directory's parent vanished under it: the directory moved, so its handle is stale.
  if (!parent && parent.code() == Errc::NotFound) return stale(dir.path + " has no parent any more");
  return parent;
}

Result<std::string> child_path_of(const Resolved& dir, std::string_view name) {
  if (name.size() > kMaxNameLength) return Status(Errc::NameTooLong, "a name of " + std::to_string(name.size()) + " bytes");
  bool reserved = name.empty() || name == "." || name == "..";
  if (reserved || name.find_first_of(std::string_view("/\0", 2)) != std::string_view::npos)
    return Status(Errc::Access, "a name no directory holds (empty, . or .., or with / or NUL)");
  return child_path(dir.path, name);
}

Result<std::string> new_child_path_of(const Resolved& dir, std::string_view name) {
  if (name == "." || name == "..") return Status(Errc::Exists, "\"" + std::string(name) + "\" always exists");
  return child_path_of(dir, name);
}

HandleBytes handle_of(const NfsCall& call, const Resolved& flare) {
  if (flare.is_dir()) return encode_handle(DirRef{call.key_of(flare.path), ino_of(flare.entry.id)});
  // A file found by name is tagged with the share of that name (a share nested in the
  // call's own has its own options); one found by its handle keeps the call's.
  const acl::Share* share = call.share;
  if (!flare.path.empty()) share = call.shares->decide(call.caller.address, flare.path).share;
  return encode_handle(FileRef{flare.entry.id, share ? share_tag_of(share->name) : 0});
}

}  // namespace magma::nfs
