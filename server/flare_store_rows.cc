// FlareStore: rows in bulk, for hand-offs (a key range) and directory renames (a subtree
// of paths). Exports walk each table in its placement-key or path order through an index
// and stop after a page; the cursor resumes them exactly after the last row sent.
#include "libmagma/path.h"
#include "server/flare_store.h"

namespace magma::server {

namespace {

// Rough wire size of a row, to keep a page under kMaxRowBytes.
constexpr size_t kRowOverhead = 128;

// The keys of the ring a subtree's paths sort between: P itself and P + "/..." lie in
// [P, P + "0"), '0' being the byte after '/'. Rows in that range but not at or below P
// (a sibling "P.txt") are skipped by the caller.
std::string subtree_end(const std::string& path) { return path + "0"; }

// Steps st and hands each row to take, which appends it to out and returns its size,
// until the page is full; when st runs out of rows, moves cursor on to the next table.
template <class Take>
Status drain(SqliteStmt& st, RowCursor& cursor, size_t limit, size_t& bytes, const Rows& out, Take take) {
  while (out.size() < limit && bytes < kMaxRowBytes) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) {
      cursor.table = static_cast<uint8_t>(cursor.table + 1);
      cursor.fresh = true;
      return Status::ok();
    }
    bytes += take();
  }
  return Status::ok();
}

InodeRow inode_row(const Inode& in, uint64_t last_cookie, std::vector<XattrRow> xattrs) {
  return InodeRow{in.id, in.attr, in.path, in.target, last_cookie, std::move(xattrs)};
}

size_t row_bytes(const InodeRow& row) {
  size_t n = kRowOverhead + row.path.size() + row.target.size();
  for (const XattrRow& x : row.xattrs) n += x.name.size() + x.value.size() + 8;
  return n;
}

}  // namespace

// Inode rows from st, whose columns are id, last_cookie and the sort key: place (by_place)
// or path.
Status FlareStore::Txn::export_inodes(SqliteStmt& st, bool by_place, RowCursor& cursor, size_t limit,
                                      size_t& bytes, Rows& out) {
  Status failed;
  Status drained = drain(st, cursor, limit, bytes, out, [&]() -> size_t {
    FlareId id = st.key_at(0);
    Result<std::optional<Inode>> in = inode(id);
    Result<std::vector<XattrRow>> xattrs = xattr_rows(id);
    if (!in || !xattrs || !*in) {
      failed = !in ? in.status() : !xattrs ? xattrs.status() : Status(Errc::Io, "inode " + id.hex() + " vanished");
      return kMaxRowBytes;  // ends the page
    }
    out.inodes.push_back(inode_row(**in, static_cast<uint64_t>(st.int_at(1)), std::move(*xattrs)));
    cursor.fresh = false;
    cursor.id = id;
    if (by_place) cursor.key = st.key_at(2);
    else cursor.path = st.text_at(2);
    return row_bytes(out.inodes.back());
  });
  MAGMA_RETURN_IF_ERROR(failed);
  return drained;
}

Status FlareStore::Txn::export_range(const Slice& slice, RowCursor& cursor, size_t limit, Rows& out) {
  size_t bytes = 0;
  while (cursor.table != RowCursor::kDone && out.size() < limit && bytes < kMaxRowBytes) {
    bool fresh = cursor.fresh;
    if (cursor.table == RowCursor::kRecords) {
      SqliteStmt st = db_.prepare(fresh ? "SELECT path, id, type, key FROM records WHERE key >= ?1 AND key <= ?2 "
                                          "ORDER BY key, path"
                                        : "SELECT path, id, type, key FROM records WHERE (key, path) > (?3, ?4) "
                                          "AND key <= ?2 ORDER BY key, path");
      st.bind(1, slice.start).bind(2, slice.stop);
      if (!fresh) st.bind(3, cursor.key).bind(4, cursor.path);
      MAGMA_RETURN_IF_ERROR(drain(st, cursor, limit, bytes, out, [&]() -> size_t {
        out.records.push_back({st.text_at(0), st.key_at(1), static_cast<FlareType>(st.int_at(2))});
        cursor.fresh = false;
        cursor.key = st.key_at(3);
        cursor.path = out.records.back().path;
        return kRowOverhead + cursor.path.size();
      }));
    } else if (cursor.table == RowCursor::kInodes) {
      SqliteStmt st = db_.prepare(fresh ? "SELECT id, last_cookie, place FROM inodes WHERE place >= ?1 "
                                          "AND place <= ?2 ORDER BY place, id"
                                        : "SELECT id, last_cookie, place FROM inodes WHERE (place, id) > (?3, ?4) "
                                          "AND place <= ?2 ORDER BY place, id");
      st.bind(1, slice.start).bind(2, slice.stop);
      if (!fresh) st.bind(3, cursor.key).bind(4, cursor.id);
      MAGMA_RETURN_IF_ERROR(export_inodes(st, true, cursor, limit, bytes, out));
    } else {
      SqliteStmt st = db_.prepare(
          fresh ? "SELECT dir_path, name, cookie, id, type, dir_key FROM entries WHERE dir_key >= ?1 "
                  "AND dir_key <= ?2 ORDER BY dir_key, dir_path, cookie"
                : "SELECT dir_path, name, cookie, id, type, dir_key FROM entries "
                  "WHERE (dir_key, dir_path, cookie) > (?3, ?4, ?5) AND dir_key <= ?2 "
                  "ORDER BY dir_key, dir_path, cookie");
      st.bind(1, slice.start).bind(2, slice.stop);
      if (!fresh) st.bind(3, cursor.key).bind(4, cursor.path).bind(5, static_cast<int64_t>(cursor.cookie));
      MAGMA_RETURN_IF_ERROR(drain(st, cursor, limit, bytes, out, [&]() -> size_t {
        out.entries.push_back({st.text_at(0), st.text_at(1), static_cast<uint64_t>(st.int_at(2)), st.key_at(3),
                               static_cast<FlareType>(st.int_at(4))});
        cursor.fresh = false;
        cursor.key = st.key_at(5);
        cursor.path = out.entries.back().dir;
        cursor.cookie = out.entries.back().cookie;
        return kRowOverhead + cursor.path.size() + out.entries.back().name.size();
      }));
    }
  }
  return Status::ok();
}

Status FlareStore::Txn::export_subtree(const std::string& path, RowCursor& cursor, size_t limit, Rows& out) {
  size_t bytes = 0;
  std::string end = subtree_end(path);
  while (cursor.table != RowCursor::kDone && out.size() < limit && bytes < kMaxRowBytes) {
    bool fresh = cursor.fresh;
    if (cursor.table == RowCursor::kRecords) {
      SqliteStmt st = db_.prepare(fresh ? "SELECT path, id, type FROM records WHERE path >= ?1 AND path < ?2 ORDER BY path"
                                        : "SELECT path, id, type FROM records WHERE path > ?1 AND path < ?2 ORDER BY path");
      st.bind(1, fresh ? path : cursor.path).bind(2, end);
      MAGMA_RETURN_IF_ERROR(drain(st, cursor, limit, bytes, out, [&]() -> size_t {
        std::string p = st.text_at(0);
        cursor.fresh = false;
        cursor.path = p;
        if (!is_same_or_below(p, path)) return 0;
        out.records.push_back({std::move(p), st.key_at(1), static_cast<FlareType>(st.int_at(2))});
        return kRowOverhead + cursor.path.size();
      }));
    } else if (cursor.table == RowCursor::kInodes) {
      // Only directories with a name move; a removed one kept open stays where it is.
      SqliteStmt st = db_.prepare(
          fresh ? "SELECT id, last_cookie, path FROM inodes WHERE path >= ?1 AND path < ?2 AND type = 2 "
                  "AND nlink > 0 ORDER BY path, id"
                : "SELECT id, last_cookie, path FROM inodes WHERE (path, id) > (?1, ?3) AND path < ?2 "
                  "AND type = 2 AND nlink > 0 ORDER BY path, id");
      st.bind(1, fresh ? path : cursor.path).bind(2, end);
      if (!fresh) st.bind(3, cursor.id);
      MAGMA_RETURN_IF_ERROR(export_inodes(st, false, cursor, limit, bytes, out));
      // A sibling sharing the prefix ("/a.d" beside "/a") sorts inside the range.
      std::erase_if(out.inodes, [&](const InodeRow& r) { return !is_same_or_below(r.path, path); });
    } else {
      SqliteStmt st = db_.prepare(
          fresh ? "SELECT dir_path, name, cookie, id, type FROM entries WHERE dir_path >= ?1 AND dir_path < ?2 "
                  "ORDER BY dir_path, name"
                : "SELECT dir_path, name, cookie, id, type FROM entries WHERE (dir_path, name) > (?1, ?3) "
                  "AND dir_path < ?2 ORDER BY dir_path, name");
      st.bind(1, fresh ? path : cursor.path).bind(2, end);
      if (!fresh) st.bind(3, cursor.name);
      MAGMA_RETURN_IF_ERROR(drain(st, cursor, limit, bytes, out, [&]() -> size_t {
        cursor.fresh = false;
        cursor.path = st.text_at(0);
        cursor.name = st.text_at(1);
        if (!is_same_or_below(cursor.path, path)) return 0;
        out.entries.push_back({cursor.path, cursor.name, static_cast<uint64_t>(st.int_at(2)), st.key_at(3),
                               static_cast<FlareType>(st.int_at(4))});
        return kRowOverhead + cursor.path.size() + cursor.name.size();
      }));
    }
  }
  return Status::ok();
}

Status FlareStore::Txn::import_rows(const Rows& rows) {
  for (const RecordRow& r : rows.records) MAGMA_RETURN_IF_ERROR(put_record(r.path, r.id, r.type));
  for (const InodeRow& r : rows.inodes) {
    MAGMA_RETURN_IF_ERROR(delete_inode(r.id));
    Inode in{r.id, r.attr, r.path, r.target, false};
    MAGMA_RETURN_IF_ERROR(insert_inode(in));
    MAGMA_RETURN_IF_ERROR(db_.prepare("UPDATE inodes SET last_cookie = ?2 WHERE id = ?1")
                              .bind(1, r.id)
                              .bind(2, static_cast<int64_t>(r.last_cookie))
                              .run());
    for (const XattrRow& x : r.xattrs) MAGMA_RETURN_IF_ERROR(set_xattr(r.id, x.name, x.value));
  }
  for (const EntryRow& e : rows.entries) {
    MAGMA_RETURN_IF_ERROR(delete_entry(e.dir, e.name));
    MAGMA_RETURN_IF_ERROR(insert_entry(e.dir, e.name, e.cookie, e.id, e.type));
  }
  return Status::ok();
}

Status FlareStore::Txn::delete_subtree(const std::string& path, bool keep_root_record, const FlareId& keep_inode) {
  std::string below = path + "/";
  std::string end = subtree_end(path);
  MAGMA_RETURN_IF_ERROR(db_.prepare("DELETE FROM records WHERE (path = ?1 AND NOT ?4) OR (path >= ?2 AND path < ?3)")
                            .bind(1, path)
                            .bind(2, below)
                            .bind(3, end)
                            .bind(4, int64_t{keep_root_record})
                            .run());
  MAGMA_RETURN_IF_ERROR(db_.prepare("DELETE FROM entries WHERE dir_path = ?1 OR (dir_path >= ?2 AND dir_path < ?3)")
                            .bind(1, path)
                            .bind(2, below)
                            .bind(3, end)
                            .run());
  std::vector<FlareId> dirs;
  SqliteStmt st = db_.prepare(
      "SELECT id FROM inodes WHERE (path = ?1 OR (path >= ?2 AND path < ?3)) AND type = 2 AND nlink > 0 "
      "AND id != ?4");
  st.bind(1, path).bind(2, below).bind(3, end).bind(4, keep_inode);
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) break;
    dirs.push_back(st.key_at(0));
  }
  for (const FlareId& id : dirs) MAGMA_RETURN_IF_ERROR(delete_inode(id));
  return Status::ok();
}

Result<size_t> FlareStore::Txn::delete_range(const Slice& slice, size_t limit, std::vector<FlareId>& gone) {
  auto bounded = [&](const char* sql) -> Status {
    return db_.prepare(sql).bind(1, slice.start).bind(2, slice.stop).bind(3, static_cast<int64_t>(limit)).run();
  };
  MAGMA_RETURN_IF_ERROR(bounded(
      "DELETE FROM records WHERE path IN (SELECT path FROM records WHERE key >= ?1 AND key <= ?2 LIMIT ?3)"));
  size_t deleted = static_cast<size_t>(db_.changes());
  MAGMA_RETURN_IF_ERROR(bounded(
      "DELETE FROM entries WHERE (dir_path, name) IN "
      "(SELECT dir_path, name FROM entries WHERE dir_key >= ?1 AND dir_key <= ?2 LIMIT ?3)"));
  deleted += static_cast<size_t>(db_.changes());
  std::vector<FlareId> ids;
  SqliteStmt st = db_.prepare("SELECT id FROM inodes WHERE place >= ?1 AND place <= ?2 LIMIT ?3");
  st.bind(1, slice.start).bind(2, slice.stop).bind(3, static_cast<int64_t>(limit));
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) break;
    ids.push_back(st.key_at(0));
  }
  for (const FlareId& id : ids) MAGMA_RETURN_IF_ERROR(delete_inode(id));
  gone.insert(gone.end(), ids.begin(), ids.end());
  return deleted + ids.size();
}

}  // namespace magma::server
