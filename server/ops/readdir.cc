// ReadDir: one page of a directory's entries with full attributes (readdirplus), resumed
// by cookie. Cookies are fixed for an entry's life, so paging stays exact while the
// directory changes: an entry present throughout is listed exactly once.
#include <algorithm>

#include "libmagma/path.h"
#include "server/ops/names.h"

namespace magma::server::ops {

namespace {

// Keeps one answer well under kMaxPayload: an entry takes at most a 255-byte name plus
// about 120 bytes of cookie, id and attributes, so 4096 entries stay below 1.6 MiB.
constexpr uint32_t kMaxReadDirEntries = 4096;

}  // namespace

Result<ReadDirResponse> run(OpEnv& env, const CallContext&, const ReadDirRequest& req) {
  if (req.max_entries == 0) return Status(Errc::Invalid, "ReadDir of 0 entries");
  Result<std::string> path = normalise_path(req.path);
  if (!path) return path.status();
  size_t want = std::min(req.max_entries, kMaxReadDirEntries);
  std::vector<DirRow> rows;
  MAGMA_RETURN_IF_ERROR(env.store.read([&](Txn& t) -> Status {
    Inode dir;
    MAGMA_RETURN_IF_ERROR(assign(resolve(t, *path), dir));
    if (dir.attr.type != FlareType::Directory) return Status(Errc::NotDir, *path + " is not a directory");
    // One row more than asked tells whether this page ends the listing.
    return assign(t.entries_after(*path, req.cookie, want + 1), rows);
  }));
  ReadDirResponse resp;
  resp.eof = rows.size() <= want;
  if (!resp.eof) rows.pop_back();
  resp.entries.reserve(rows.size());
  for (const DirRow& row : rows) resp.entries.push_back(DirEntry{row.name, row.cookie, entry_of(env, row.inode)});
  return resp;
}

}  // namespace magma::server::ops
