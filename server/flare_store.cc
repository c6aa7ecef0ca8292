// FlareStore: opening the store and the metadata primitives, one prepared statement each.
#include "server/flare_store.h"

#include "server/schema_sql.h"

namespace magma::server {

namespace {

// The inode columns in the order read_inode() expects them.
#define MAGMA_INODE_COLUMNS(t) \
  t "id, " t "type, " t "mode, " t "uid, " t "gid, " t "nlink, " t "size, " t "atime, " t "mtime, " \
  t "ctime, " t "rdev, " t "target, " t "path"

Inode read_inode(const SqliteStmt& st, int first) {
  Inode in;
  in.id = st.key_at(first);
  FlareAttr& a = in.attr;
  a.type = static_cast<FlareType>(st.int_at(first + 1));
  a.mode = static_cast<uint32_t>(st.int_at(first + 2));
  a.uid = static_cast<uint32_t>(st.int_at(first + 3));
  a.gid = static_cast<uint32_t>(st.int_at(first + 4));
  a.nlink = static_cast<uint32_t>(st.int_at(first + 5));
  a.size = static_cast<uint64_t>(st.int_at(first + 6));
  a.atime_ns = st.int_at(first + 7);
  a.mtime_ns = st.int_at(first + 8);
  a.ctime_ns = st.int_at(first + 9);
  a.rdev = static_cast<uint64_t>(st.int_at(first + 10));
  in.target = st.text_at(first + 11);
  in.path = st.text_at(first + 12);
  return in;
}

// Binds inode as ?1..?13 in MAGMA_INODE_COLUMNS order.
SqliteStmt& bind_inode(SqliteStmt& st, const Inode& in) {
  const FlareAttr& a = in.attr;
  return st.bind(1, in.id)
      .bind(2, static_cast<int64_t>(a.type))
      .bind(3, int64_t{a.mode})
      .bind(4, int64_t{a.uid})
      .bind(5, int64_t{a.gid})
      .bind(6, int64_t{a.nlink})
      .bind(7, static_cast<int64_t>(a.size))
      .bind(8, a.atime_ns)
      .bind(9, a.mtime_ns)
      .bind(10, a.ctime_ns)
      .bind(11, static_cast<int64_t>(a.rdev))
      .bind_blob(12, in.target.data(), in.target.size())
      .bind(13, in.path);
}

// The first column of the only row of st, if there is one.
Result<std::optional<std::string>> single_text(SqliteStmt& st) {
  Result<bool> row = st.step();
  if (!row) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st.text_at(0));
}
Result<std::optional<std::string>> single_text(SqliteStmt&& st) { return single_text(st); }

}  // namespace

// ---- the store -----------------------------------------------------------------------

FlareStore::FlareStore(std::unique_ptr<SqliteDb> db, KeyFunction key_of)
    : db_(std::move(db)), key_of_(std::move(key_of)) {}

FlareStore::~FlareStore() {
  std::lock_guard lock(mu_);
  (void)set_meta("clean_shutdown", "1");
}

Result<std::unique_ptr<FlareStore>> FlareStore::open(const std::string& db_path, KeyFunction key_of,
                                                     SqlLogger log) {
  Result<std::unique_ptr<SqliteDb>> db = SqliteDb::open(db_path, std::move(log));
  if (!db) return db.status();
  Result<std::optional<std::string>> journal = single_text((*db)->prepare("PRAGMA journal_mode=WAL"));
  if (!journal) return journal.status();
  std::string mode = journal->value_or("");
  if (mode != "wal" && mode != "memory")
    return Status(Errc::Io, "sqlite: " + db_path + " cannot use WAL (journal mode " + mode + ")");
  MAGMA_RETURN_IF_ERROR((*db)->prepare("PRAGMA synchronous=NORMAL").run());
  // Only this process opens the database (FlareService holds <dir>/lock), so SQLite may
  // skip its per-transaction file locks and the shared-memory WAL index.
  MAGMA_RETURN_IF_ERROR((*db)->prepare("PRAGMA locking_mode=EXCLUSIVE").run());
  MAGMA_RETURN_IF_ERROR((*db)->exec(kSchemaSql));

  auto version = single_text((*db)->prepare("SELECT value FROM meta WHERE name = 'schema_version'"));
  if (!version) return version.status();
  if (*version != std::to_string(kSchemaVersion))
    return Status(Errc::Invalid, db_path + " has schema version " + version->value_or("?") +
                                     "; this magmad knows version " + std::to_string(kSchemaVersion));
  auto clean = single_text((*db)->prepare("SELECT value FROM meta WHERE name = 'clean_shutdown'"));
  if (!clean) return clean.status();

  std::unique_ptr<FlareStore> store(new FlareStore(std::move(*db), std::move(key_of)));
  store->clean_start_ = clean->value_or("1") == "1";
  MAGMA_RETURN_IF_ERROR(store->set_meta("clean_shutdown", "0"));
  return store;
}

Status FlareStore::set_meta(std::string_view name, std::string_view value) {
  return db_->prepare("INSERT OR REPLACE INTO meta(name, value) VALUES (?1, ?2)")
      .bind(1, name)
      .bind(2, value)
      .run();
}

Status FlareStore::transact(SqliteTxn::Mode mode, const TxnFn& fn) {
  Result<SqliteTxn> sql = SqliteTxn::begin(*db_, mode);
  if (!sql) return sql.status();
  Txn txn(*db_, key_of_);
  MAGMA_RETURN_IF_ERROR(fn(txn));
  return sql->commit();
}

Status FlareStore::read(const TxnFn& fn) {
  std::lock_guard lock(mu_);
  return transact(SqliteTxn::Mode::Deferred, fn);
}

Status FlareStore::write(const TxnFn& fn) {
  std::lock_guard lock(mu_);
  return transact(SqliteTxn::Mode::Immediate, fn);
}

Status FlareStore::write_durable(const TxnFn& fn) {
  std::lock_guard lock(mu_);
  MAGMA_RETURN_IF_ERROR(db_->prepare("PRAGMA synchronous=FULL").run());
  Status s = transact(SqliteTxn::Mode::Immediate, fn);
  Status back = db_->prepare("PRAGMA synchronous=NORMAL").run();
  return s.is_ok() ? back : s;
}

Status FlareStore::make_durable() {
  // A commit that changes nothing writes no WAL frame and syncs nothing, so change a row.
  std::string now = std::to_string(now_ns());
  return write_durable([&](Txn&) { return set_meta("last_durable_ns", now); });
}

// ---- inodes --------------------------------------------------------------------------

Result<std::optional<Inode>> FlareStore::Txn::inode(const FlareId& id) {
  SqliteStmt st = db_.prepare("SELECT " MAGMA_INODE_COLUMNS("") " FROM inodes WHERE id = ?1");
  Result<bool> row = st.bind(1, id).step();
  if (!row) return row.status();
  if (!*row) return std::optional<Inode>();
  return std::optional<Inode>(read_inode(st, 0));
}

Status FlareStore::Txn::insert_inode(const Inode& inode) {
  SqliteStmt st = db_.prepare("INSERT INTO inodes(" MAGMA_INODE_COLUMNS("") ") VALUES "
                              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  return bind_inode(st, inode).run();
}

Status FlareStore::Txn::update_inode(const Inode& inode) {
  SqliteStmt st = db_.prepare(
      "UPDATE inodes SET type = ?2, mode = ?3, uid = ?4, gid = ?5, nlink = ?6, size = ?7, "
      "atime = ?8, mtime = ?9, ctime = ?10, rdev = ?11, target = ?12, path = ?13 WHERE id = ?1");
  return bind_inode(st, inode).run();
}

Status FlareStore::Txn::touch_dir(const FlareId& dir, int nlink_delta, int64_t now) {
  return db_.prepare("UPDATE inodes SET nlink = nlink + ?2, mtime = ?3, ctime = ?3 WHERE id = ?1")
      .bind(1, dir)
      .bind(2, int64_t{nlink_delta})
      .bind(3, now)
      .run();
}

Status FlareStore::Txn::add_links(const FlareId& id, int nlink_delta, int64_t now) {
  return db_.prepare("UPDATE inodes SET nlink = nlink + ?2, ctime = ?3 WHERE id = ?1")
      .bind(1, id)
      .bind(2, int64_t{nlink_delta})
      .bind(3, now)
      .run();
}

Status FlareStore::Txn::delete_inode(const FlareId& id) {
  MAGMA_RETURN_IF_ERROR(db_.prepare("DELETE FROM xattrs WHERE id = ?1").bind(1, id).run());
  return db_.prepare("DELETE FROM inodes WHERE id = ?1").bind(1, id).run();
}

Result<std::vector<FlareId>> FlareStore::Txn::orphans() {
  SqliteStmt st = db_.prepare("SELECT id FROM inodes WHERE nlink = 0");
  std::vector<FlareId> ids;
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) return ids;
    ids.push_back(st.key_at(0));
  }
}

Result<uint64_t> FlareStore::Txn::inode_count() {
  SqliteStmt st = db_.prepare("SELECT count(*) FROM inodes");
  Result<bool> row = st.step();
  if (!row) return row.status();
  return static_cast<uint64_t>(st.int_at(0));
}

// ---- records -------------------------------------------------------------------------

Result<std::optional<FlareId>> FlareStore::Txn::record(std::string_view path) {
  SqliteStmt st = db_.prepare("SELECT id FROM records WHERE key = ?1 AND path = ?2");
  Result<bool> row = st.bind(1, key_of_(path)).bind(2, path).step();
  if (!row) return row.status();
  if (!*row) return std::optional<FlareId>();
  return std::optional<FlareId>(st.key_at(0));
}

Status FlareStore::Txn::insert_record(std::string_view path, const FlareId& id) {
  return db_.prepare("INSERT INTO records(path, key, id) VALUES (?1, ?2, ?3)")
      .bind(1, path)
      .bind(2, key_of_(path))
      .bind(3, id)
      .run();
}

Status FlareStore::Txn::delete_record(std::string_view path) {
  return db_.prepare("DELETE FROM records WHERE key = ?1 AND path = ?2")
      .bind(1, key_of_(path))
      .bind(2, path)
      .run();
}

Result<std::optional<std::string>> FlareStore::Txn::any_path_of(const FlareId& id) {
  return single_text(db_.prepare("SELECT path FROM records WHERE id = ?1 LIMIT 1").bind(1, id));
}

Result<std::vector<Record>> FlareStore::Txn::records_in(const Slice& slice, size_t limit) {
  SqliteStmt st = db_.prepare(
      "SELECT key, path, id FROM records WHERE key >= ?1 AND key <= ?2 ORDER BY key, path LIMIT ?3");
  st.bind(1, slice.start).bind(2, slice.stop).bind(3, static_cast<int64_t>(limit));
  std::vector<Record> out;
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) return out;
    out.push_back({st.key_at(0), st.text_at(1), st.key_at(2)});
  }
}

// ---- entries -------------------------------------------------------------------------

Status FlareStore::Txn::insert_entry(std::string_view dir, std::string_view name, const FlareId& id,
                                     FlareType type) {
  return db_.prepare("INSERT INTO entries(dir_key, dir_path, name, id, type) VALUES (?1, ?2, ?3, ?4, ?5)")
      .bind(1, key_of_(dir))
      .bind(2, dir)
      .bind(3, name)
      .bind(4, id)
      .bind(5, static_cast<int64_t>(type))
      .run();
}

Status FlareStore::Txn::delete_entry(std::string_view dir, std::string_view name) {
  return db_.prepare("DELETE FROM entries WHERE dir_path = ?1 AND name = ?2").bind(1, dir).bind(2, name).run();
}

Status FlareStore::Txn::update_entry(std::string_view dir, std::string_view name, const FlareId& id,
                                     FlareType type) {
  return db_.prepare("UPDATE entries SET id = ?3, type = ?4 WHERE dir_path = ?1 AND name = ?2")
      .bind(1, dir)
      .bind(2, name)
      .bind(3, id)
      .bind(4, static_cast<int64_t>(type))
      .run();
}

Result<bool> FlareStore::Txn::has_entries(std::string_view dir) {
  return db_.prepare("SELECT 1 FROM entries WHERE dir_key = ?1 AND dir_path = ?2 LIMIT 1")
      .bind(1, key_of_(dir))
      .bind(2, dir)
      .step();
}

Result<std::vector<DirRow>> FlareStore::Txn::entries_after(std::string_view dir, uint64_t cookie,
                                                           size_t limit) {
  SqliteStmt st = db_.prepare(
      "SELECT e.cookie, e.name, " MAGMA_INODE_COLUMNS("i.") " FROM entries e "
      "JOIN inodes i ON i.id = e.id "
      "WHERE e.dir_key = ?1 AND e.dir_path = ?2 AND e.cookie > ?3 ORDER BY e.cookie LIMIT ?4");
  st.bind(1, key_of_(dir)).bind(2, dir).bind(3, static_cast<int64_t>(cookie));
  st.bind(4, static_cast<int64_t>(limit));
  std::vector<DirRow> rows;
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) return rows;
    rows.push_back({static_cast<uint64_t>(st.int_at(0)), st.text_at(1), read_inode(st, 2)});
  }
}

// ---- subtrees ------------------------------------------------------------------------

Result<std::vector<std::string>> FlareStore::Txn::strings(std::string_view sql, std::string_view from) {
  // Everything strictly below from sorts in [from + "/", from + "0"): '0' follows '/'.
  SqliteStmt st = db_.prepare(sql);
  st.bind(1, from).bind(2, std::string(from) + "/").bind(3, std::string(from) + "0");
  std::vector<std::string> out;
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) return out;
    out.push_back(st.text_at(0));
  }
}

Status FlareStore::Txn::move_subtree(const std::string& from, const std::string& to) {
  // Each table: which paths sit at or below from, and how one of them is re-pathed
  // (?1 new path, ?2 its key, ?3 old path). Paths are collected before any update so the
  // scan never meets rows it has already moved.
  struct Table {
    const char* select;
    const char* update;
  };
  static constexpr Table kTables[] = {
      {"SELECT path FROM records WHERE path = ?1 OR (path >= ?2 AND path < ?3)",
       "UPDATE records SET path = ?1, key = ?2 WHERE path = ?3"},
      {"SELECT DISTINCT dir_path FROM entries WHERE dir_path = ?1 OR (dir_path >= ?2 AND dir_path < ?3)",
       "UPDATE entries SET dir_path = ?1, dir_key = ?2 WHERE dir_path = ?3"},
      {"SELECT path FROM inodes WHERE path = ?1 OR (path >= ?2 AND path < ?3)",
       "UPDATE inodes SET path = ?1 WHERE path = ?3"},
  };
  for (const Table& table : kTables) {
    Result<std::vector<std::string>> paths = strings(table.select, from);
    if (!paths) return paths.status();
    for (const std::string& old_path : *paths) {
      std::string new_path = to + old_path.substr(from.size());
      MAGMA_RETURN_IF_ERROR(db_.prepare(table.update)
                                .bind(1, new_path)
                                .bind(2, key_of_(new_path))
                                .bind(3, old_path)
                                .run());
    }
  }
  return Status::ok();
}

// ---- xattrs --------------------------------------------------------------------------

Result<std::optional<Bytes>> FlareStore::Txn::xattr(const FlareId& id, std::string_view name) {
  SqliteStmt st = db_.prepare("SELECT value FROM xattrs WHERE id = ?1 AND name = ?2");
  Result<bool> row = st.bind(1, id).bind(2, name).step();
  if (!row) return row.status();
  if (!*row) return std::optional<Bytes>();
  return std::optional<Bytes>(st.blob_at(0));
}

Status FlareStore::Txn::set_xattr(const FlareId& id, std::string_view name, const Bytes& value) {
  return db_.prepare("INSERT OR REPLACE INTO xattrs(id, name, value) VALUES (?1, ?2, ?3)")
      .bind(1, id)
      .bind(2, name)
      .bind_blob(3, value.data(), value.size())
      .run();
}

Result<bool> FlareStore::Txn::remove_xattr(const FlareId& id, std::string_view name) {
  MAGMA_RETURN_IF_ERROR(
      db_.prepare("DELETE FROM xattrs WHERE id = ?1 AND name = ?2").bind(1, id).bind(2, name).run());
  return db_.changes() > 0;
}

Result<std::vector<std::string>> FlareStore::Txn::xattr_names(const FlareId& id) {
  SqliteStmt st = db_.prepare("SELECT name FROM xattrs WHERE id = ?1 ORDER BY name");
  st.bind(1, id);
  std::vector<std::string> names;
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) return names;
    names.push_back(st.text_at(0));
  }
}

}  // namespace magma::server
