// LOOKUP and READDIR (RFC 1094 sections 2.2.5 and 2.2.17).
#include <algorithm>

#include "libmagma/permission.h"
#include "nfs_gateway/nfs_args.h"
#include "nfs_gateway/nfs_attr.h"
#include "nfs_gateway/nfs_procs.h"
#include "nfs_gateway/nfs_readdir.h"
#include "nfs_gateway/nfs_reply.h"
#include "nfs_gateway/nfs_resolve.h"

namespace magma::nfs {

using rpc::AcceptStat;

namespace {

// name in dir: searching needs x on dir; "." is dir and ".." its parent, never above the
// export's root.
Result<Resolved> look_up(const NfsCall& call, const Resolved& dir, const std::string& name) {
  MAGMA_RETURN_IF_ERROR(check_access(dir.attr(), call.creds(), kMayExecute));
  if (name == ".") return dir;
  if (name == "..") return parent_of(call, dir);
  Result<std::string> path = child_path_of(dir, name);
  if (!path) return path.status();
  return resolve_path(call, *path);
}

// Adds "." and ".." where pos asks for them; false when one does not fit.
Result<bool> add_dots(const NfsCall& call, const Resolved& dir, const ReadDirPosition& pos, ReplyBudget& budget,
                      DirListing& out) {
  if (pos.dot) {
    if (!budget.take(".")) return false;
    out.add(fileid_of(dir.attr()), ".", kCookieAfterDot);
  }
  if (pos.dotdot) {
    Result<Resolved> parent = parent_of(call, dir);
    if (!parent) return parent.status();
    if (!budget.take("..")) return false;
    out.add(fileid_of(parent->attr()), "..", kCookieAfterDotDot);
  }
  return true;
}

// Adds dir's entries after the service cookie after while they fit; true when the
// listing reached its end.
Result<bool> add_entries(const NfsCall& call, const Resolved& dir, uint64_t after, ReplyBudget& budget,
                         DirListing& out) {
  for (;;) {
    // With no room left, one entry is still asked for: none at all means the end.
    uint32_t room = std::max(budget.max_entries(), 1u);
    Result<ReadDirResponse> page = call.ask(ReadDirRequest{dir.path, after, room});
    if (!page) return page.status();
    for (const DirEntry& e : page->entries) {
      if (!budget.take(e.name)) return false;
      Result<uint32_t> cookie = nfs_cookie_of(e.cookie);
      if (!cookie) return cookie.status();
      out.add(fileid_of(e.entry.attr), e.name, *cookie);
      after = e.cookie;
    }
    if (page->eof) return true;
    // A page of nothing but crash leftovers (entries without their flare) gives no
    // cookie to resume after: answer what fits so far.
    if (page->entries.empty()) return false;
  }
}

// The listing of dir from cookie within count bytes; eof when it ends the directory.
Result<bool> list(const NfsCall& call, const Resolved& dir, uint32_t cookie, uint32_t count, DirListing& out) {
  ReadDirPosition pos = position_of(cookie);
  ReplyBudget budget(count);
  Result<bool> dots = add_dots(call, dir, pos, budget, out);
  if (!dots || !*dots) return dots;
  return add_entries(call, dir, pos.after, budget, out);
}

}  // namespace

AcceptStat proc_lookup(NfsCall& call, XDR* args, XDR* results) {
  DirOpArgs a;
  if (!decode_args(args, a)) return AcceptStat::GarbageArgs;
  Result<Resolved> dir = resolve_dir(call, a.dir);
  if (!dir) return reply_error(call, results, dir.status());
  Result<Resolved> found = look_up(call, *dir, a.name);
  if (!found) return reply_error(call, results, found.status());
  return reply_dirop(call, results, *found);
}

AcceptStat proc_readdir(NfsCall& call, XDR* args, XDR* results) {
  readdirargs a{};
  if (!xdr_readdirargs(args, &a)) return AcceptStat::GarbageArgs;
  Result<Resolved> dir = resolve_dir(call, handle_bytes(a.dir));
  if (!dir) return reply_error(call, results, dir.status());
  Status may = check_access(dir->attr(), call.creds(), kMayRead);
  if (!may.is_ok()) return reply_error(call, results, may);
  DirListing listing;
  Result<bool> eof = list(call, *dir, cookie_value(a.cookie), a.count, listing);
  if (!eof) return reply_error(call, results, eof.status());
  // An empty page that is not the end would have the client ask again forever.
  if (listing.empty() && !*eof)
    return reply_error(call, results, Status(Errc::Range, "READDIR count " + std::to_string(a.count) + " holds no entry"));
  readdirres res = listing.reply(*eof);
  return encode_reply(results, xdr_readdirres, res);
}

}  // namespace magma::nfs
