// ReadDir: one page of a directory's entries with full attributes (readdirplus), resumed
// by cookie. Cookies are fixed for an entry's life, so paging stays exact while the
// directory changes: an entry present throughout is listed exactly once.
//
// The entries live with the directory (on this volcano, the coordinator); the inodes of
// files created here nearly always do too and are read in the same transaction. The rest
// come from their owners in one GetInodes per owner, never one call per entry.
#include <algorithm>

#include "libmagma/path.h"
#include "server/ops/steps.h"

namespace magma::server::ops {

namespace {

// Keeps one answer well under kMaxPayload: an entry takes at most a 255-byte name plus
// about 120 bytes of cookie, id and attributes, so 4096 entries stay below 1.6 MiB.
constexpr uint32_t kMaxReadDirEntries = 4096;

struct Page {
  std::optional<RecordRow> dir;
  std::vector<EntryRow> rows;
  std::vector<InodeRef> refs;       // where each row's inode lives
  std::map<FlareId, Inode> local;  // the inodes found here
};

Status read_page(OpEnv& env, Txn& t, const std::string& path, uint64_t cookie, size_t want, Page& page) {
  MAGMA_RETURN_IF_ERROR(assign(t.record(path), page.dir));
  if (!page.dir) return Status::ok();
  if (page.dir->type != FlareType::Directory) return Status(Errc::NotDir, path + " is not a directory");
  // One row more than asked tells whether this page ends the listing.
  MAGMA_RETURN_IF_ERROR(assign(t.entries_after(path, cookie, want + 1), page.rows));
  for (const EntryRow& row : page.rows) {
    std::string child = path == "/" ? "/" + row.name : path + "/" + row.name;
    page.refs.push_back(ref_of(env, child, row.id, row.type));
    if (!env.lava.owns(place_key(page.refs.back()))) continue;
    std::optional<Inode> in;
    MAGMA_RETURN_IF_ERROR(assign(t.inode(row.id), in));
    if (in) page.local.emplace(row.id, std::move(*in));
  }
  return Status::ok();
}

}  // namespace

Result<ReadDirResponse> run(OpEnv& env, const CallContext&, const ReadDirRequest& req) {
  if (req.max_entries == 0) return Status(Errc::Invalid, "ReadDir of 0 entries");
  Result<std::string> path = normalise_path(req.path);
  if (!path) return path.status();
  size_t want = std::min(req.max_entries, kMaxReadDirEntries);
  Page page;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) { return read_page(env, t, *path, req.cookie, want, page); }));
  if (!page.dir) return missing_status(env, *path);
  ReadDirResponse resp;
  resp.eof = page.rows.size() <= want;
  if (!resp.eof) {
    page.rows.pop_back();
    page.refs.pop_back();
  }
  std::vector<InodeRef> remote;
  for (const InodeRef& ref : page.refs)
    if (!page.local.contains(ref.id)) remote.push_back(ref);
  std::map<FlareId, FlareEntry> fetched;
  if (!remote.empty()) MAGMA_RETURN_IF_ERROR(assign(fetch_entries(env, remote), fetched));
  resp.entries.reserve(page.rows.size());
  for (const EntryRow& row : page.rows) {
    // An entry whose flare is gone (a crash leftover) is not listed.
    if (auto in = page.local.find(row.id); in != page.local.end())
      resp.entries.push_back(DirEntry{row.name, row.cookie, entry_of(env, in->second)});
    else if (auto e = fetched.find(row.id); e != fetched.end())
      resp.entries.push_back(DirEntry{row.name, row.cookie, e->second});
  }
  return resp;
}

}  // namespace magma::server::ops
