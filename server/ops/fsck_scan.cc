// Node op FsckScan: one page of what this volcano stores (records, inodes, entries, then
// data files) for magmactl fsck. A page of rows is one short read transaction, so a scan
// never holds the store for long; data files are walked through the shard tree in id
// order without touching the store.
#include <algorithm>
#include <filesystem>

#include "server/data_files.h"
#include "server/ops/names.h"
#include "server/ops/wire_checks.h"

namespace magma::server::ops {

namespace {

namespace fs = std::filesystem;

Status scan_rows(OpEnv& env, const FsckScanRequest& req, FsckScanResponse& resp) {
  Rows rows;
  return env.store.read([&](Txn& t) -> Status {
    MAGMA_RETURN_IF_ERROR(t.export_range(req.slice, resp.next.rows, req.limit, rows));
    resp.records = std::move(rows.records);
    resp.entries = std::move(rows.entries);
    for (const InodeRow& row : rows.inodes) {
      FsckInode in{row.id, row.attr.type, row.attr.nlink, row.path, false};
      if (in.type == FlareType::Directory) {  // the mark is not part of an exported row
        std::optional<Inode> stored;
        MAGMA_RETURN_IF_ERROR(assign(t.inode(row.id), stored));
        in.dying = stored && stored->dying;
      }
      resp.inodes.push_back(std::move(in));
    }
    return Status::ok();
  });
}

// The names in dir, sorted (hex names sort as the ids they spell); none when dir has gone.
Result<std::vector<std::string>> sorted_names(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) names.push_back(it->path().filename().string());
  if (ec && ec != std::errc::no_such_file_or_directory)
    return Status(Errc::Io, "cannot list " + dir.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

// Up to req.limit ids of data files in req.slice after the cursor's, in id order, through
// <root>/ab/cd/<hex id>; shards wholly before the cursor are skipped unread.
Status scan_data(OpEnv& env, const FsckScanRequest& req, FsckScanResponse& resp) {
  FsckCursor& cursor = resp.next;
  const fs::path root = fs::path(env.data.path_of(FlareId{})).parent_path().parent_path().parent_path();
  const std::string after = cursor.data_fresh ? "" : cursor.data_after.hex();
  std::vector<std::string> shards, subshards, files;
  MAGMA_RETURN_IF_ERROR(assign(sorted_names(root), shards));
  for (const std::string& ab : shards) {
    if (ab.size() != 2 || ab < after.substr(0, 2)) continue;
    MAGMA_RETURN_IF_ERROR(assign(sorted_names(root / ab), subshards));
    for (const std::string& cd : subshards) {
      if (cd.size() != 2 || ab + cd < after.substr(0, 4)) continue;
      MAGMA_RETURN_IF_ERROR(assign(sorted_names(root / ab / cd), files));
      for (const std::string& file : files) {
        std::optional<Key> id = Key::from_hex(file);
        if (!id || (!cursor.data_fresh && *id <= cursor.data_after) || !req.slice.contains(*id)) continue;
        resp.data.push_back(*id);
        if (resp.data.size() == req.limit) {
          cursor.data_fresh = false;
          cursor.data_after = *id;
          return Status::ok();
        }
      }
    }
  }
  cursor.done = true;
  return Status::ok();
}

}  // namespace

Result<FsckScanResponse> run(OpEnv& env, const CallContext&, const FsckScanRequest& req) {
  MAGMA_RETURN_IF_ERROR(check_limit(req.limit));
  MAGMA_RETURN_IF_ERROR(check_cursor(req.cursor.rows));
  FsckScanResponse resp;
  resp.next = req.cursor;
  if (resp.next.done) return resp;
  if (resp.next.rows.table != RowCursor::kDone) {
    MAGMA_RETURN_IF_ERROR(scan_rows(env, req, resp));
  } else {
    MAGMA_RETURN_IF_ERROR(scan_data(env, req, resp));
  }
  return resp;
}

}  // namespace magma::server::ops
