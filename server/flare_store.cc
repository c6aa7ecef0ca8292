// FlareStore: opening (and migrating) the store and the metadata primitives, one prepared
// statement each. Bulk rows: flare_store_rows.cc.
#include "server/flare_store.h"

#include "server/schema_sql.h"

namespace magma::server {

namespace {

// The inode columns in the order read_inode() expects them.
#define MAGMA_INODE_COLUMNS(t) \
  t "id, " t "type, " t "mode, " t "uid, " t "gid, " t "nlink, " t "size, " t "atime, " t "mtime, " \
  t "ctime, " t "rdev, " t "target, " t "path, " t "dying, " t "place"

Inode read_inode(const SqliteStmt& st) {
  Inode in;
  in.id = st.key_at(0);
  FlareAttr& a = in.attr;
  a.type = static_cast<FlareType>(st.int_at(1));
  a.mode = static_cast<uint32_t>(st.int_at(2));
  a.uid = static_cast<uint32_t>(st.int_at(3));
  a.gid = static_cast<uint32_t>(st.int_at(4));
  a.nlink = static_cast<uint32_t>(st.int_at(5));
  a.size = static_cast<uint64_t>(st.int_at(6));
  a.atime_ns = st.int_at(7);
  a.mtime_ns = st.int_at(8);
  a.ctime_ns = st.int_at(9);
  a.rdev = static_cast<uint64_t>(st.int_at(10));
  in.target = st.text_at(11);
  in.path = st.text_at(12);
  in.dying = st.int_at(13) != 0;
  return in;
}

// Binds inode as ?1..?15 in MAGMA_INODE_COLUMNS order.
SqliteStmt& bind_inode(SqliteStmt& st, const Inode& in, const KeyFunction& key_of) {
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
      .bind(13, in.path)
      .bind(14, int64_t{in.dying ? 1 : 0})
      .bind(15, place_of_inode(in, key_of));
}

// Runs st, which stores a record from ?1..?4: path, key, id, type.
Status run_record(SqliteStmt st, std::string_view path, const FlareId& id, FlareType type, const KeyFunction& key_of) {
  return st.bind(1, path).bind(2, key_of(path)).bind(3, id).bind(4, static_cast<int64_t>(type)).run();
}

// The first column of the only row of st, if there is one.
Result<std::optional<std::string>> single_text(SqliteStmt& st) {
  Result<bool> row = st.step();
  if (!row) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(st.text_at(0));
}
Result<std::optional<std::string>> single_text(SqliteStmt&& st) { return single_text(st); }

// Version 1 → 2: records get their flare's type; inodes their place, a directory's cookie
// counter and the dying mark; entries lose the global AUTOINCREMENT cookie (a hand-off
// brings entries whose cookies another volcano gave) for per-directory cookies, each
// directory starting above every cookie handed out so far.
Status migrate_from_1(SqliteDb& db, const KeyFunction& key_of) {
  MAGMA_RETURN_IF_ERROR(db.exec(
      "ALTER TABLE records ADD COLUMN type INTEGER NOT NULL DEFAULT 1;"
      "UPDATE records SET type = coalesce((SELECT type FROM inodes WHERE inodes.id = records.id), 1);"
      "ALTER TABLE inodes ADD COLUMN place BLOB NOT NULL DEFAULT x'';"
      "ALTER TABLE inodes ADD COLUMN last_cookie INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE inodes ADD COLUMN dying INTEGER NOT NULL DEFAULT 0;"
      "UPDATE inodes SET place = id WHERE type != 2;"
      "UPDATE inodes SET last_cookie = (SELECT coalesce(max(cookie), 0) FROM entries) WHERE type = 2;"
      "CREATE TABLE entries_v2 (dir_path TEXT NOT NULL, name TEXT NOT NULL, dir_key BLOB NOT NULL,"
      "  cookie INTEGER NOT NULL, id BLOB NOT NULL, type INTEGER NOT NULL,"
      "  PRIMARY KEY (dir_path, name)) WITHOUT ROWID;"
      "INSERT INTO entries_v2 SELECT dir_path, name, dir_key, cookie, id, type FROM entries;"
      "DROP TABLE entries;"
      "ALTER TABLE entries_v2 RENAME TO entries;"));
  // A directory's place is its path's key, which only the key function knows.
  std::vector<std::pair<FlareId, std::string>> dirs;
  SqliteStmt st = db.prepare("SELECT id, path FROM inodes WHERE type = 2");
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) break;
    dirs.emplace_back(st.key_at(0), st.text_at(1));
  }
  for (const auto& [id, path] : dirs)
    MAGMA_RETURN_IF_ERROR(
        db.prepare("UPDATE inodes SET place = ?2 WHERE id = ?1").bind(1, id).bind(2, key_of(path)).run());
  return db.prepare("UPDATE meta SET value = '2' WHERE name = 'schema_version'").run();
}

// Brings an existing store up to kSchemaVersion before the schema script runs on it (the
// script creates indexes over the newer columns). A new database has no meta table yet.
Status upgrade(SqliteDb& db, const std::string& db_path, const KeyFunction& key_of) {
  Result<bool> has_meta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").step();
  if (!has_meta) return has_meta.status();
  if (!*has_meta) return Status::ok();
  auto version = single_text(db.prepare("SELECT value FROM meta WHERE name = 'schema_version'"));
  if (!version) return version.status();
  std::string v = version->value_or("?");
  if (v == std::to_string(FlareStore::kSchemaVersion)) return Status::ok();
  if (v != "1")
    return Status(Errc::Invalid, db_path + " has schema version " + v + "; this magmad knows version " +
                                     std::to_string(FlareStore::kSchemaVersion));
  Result<SqliteTxn> txn = SqliteTxn::begin(db, SqliteTxn::Mode::Immediate);
  if (!txn) return txn.status();
  MAGMA_RETURN_IF_ERROR(migrate_from_1(db, key_of));
  return txn->commit();
}

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
  MAGMA_RETURN_IF_ERROR(upgrade(**db, db_path, key_of));
  MAGMA_RETURN_IF_ERROR((*db)->exec(kSchemaSql));
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
  return std::optional<Inode>(read_inode(st));
}

Result<std::optional<Inode>> FlareStore::Txn::dir_inode_at(const Key& place, uint64_t ino) {
  // Keys may collide: several directories can share a place; the inode number tells them apart.
  SqliteStmt st = db_.prepare("SELECT " MAGMA_INODE_COLUMNS("") " FROM inodes WHERE place = ?1 AND type = 2 AND nlink > 0");
  st.bind(1, place);
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) return std::optional<Inode>();
    Inode found = read_inode(st);
    if (ino_of(found.id) == ino) return std::optional<Inode>(std::move(found));
  }
}

Status FlareStore::Txn::insert_inode(const Inode& inode) {
  SqliteStmt st = db_.prepare("INSERT INTO inodes(" MAGMA_INODE_COLUMNS("") ") VALUES "
                              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
  return bind_inode(st, inode, key_of_).run();
}

Status FlareStore::Txn::update_inode(const Inode& inode) {
  SqliteStmt st = db_.prepare(
      "UPDATE inodes SET type = ?2, mode = ?3, uid = ?4, gid = ?5, nlink = ?6, size = ?7, "
      "atime = ?8, mtime = ?9, ctime = ?10, rdev = ?11, target = ?12, path = ?13, dying = ?14, "
      "place = ?15 WHERE id = ?1");
  return bind_inode(st, inode, key_of_).run();
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

Status FlareStore::Txn::set_dying(const FlareId& dir, bool dying) {
  return db_.prepare("UPDATE inodes SET dying = ?2 WHERE id = ?1").bind(1, dir).bind(2, int64_t{dying}).run();
}

Result<uint64_t> FlareStore::Txn::take_cookie(const FlareId& dir) {
  SqliteStmt st = db_.prepare("UPDATE inodes SET last_cookie = last_cookie + 1 WHERE id = ?1 RETURNING last_cookie");
  Result<bool> row = st.bind(1, dir).step();
  if (!row) return row.status();
  if (!*row) return Status(Errc::Io, "no directory " + dir.hex() + " to take a cookie from");
  return static_cast<uint64_t>(st.int_at(0));
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

Result<std::optional<RecordRow>> FlareStore::Txn::record(std::string_view path) {
  SqliteStmt st = db_.prepare("SELECT id, type FROM records WHERE key = ?1 AND path = ?2");
  Result<bool> row = st.bind(1, key_of_(path)).bind(2, path).step();
  if (!row) return row.status();
  if (!*row) return std::optional<RecordRow>();
  return std::optional<RecordRow>(RecordRow{std::string(path), st.key_at(0), static_cast<FlareType>(st.int_at(1))});
}

Status FlareStore::Txn::insert_record(std::string_view path, const FlareId& id, FlareType type) {
  return run_record(db_.prepare("INSERT INTO records(path, key, id, type) VALUES (?1, ?2, ?3, ?4)"), path, id, type,
                    key_of_);
}

Status FlareStore::Txn::put_record(std::string_view path, const FlareId& id, FlareType type) {
  return run_record(db_.prepare("INSERT OR REPLACE INTO records(path, key, id, type) VALUES (?1, ?2, ?3, ?4)"), path,
                    id, type, key_of_);
}

Status FlareStore::Txn::delete_record(std::string_view path) {
  return db_.prepare("DELETE FROM records WHERE path = ?1").bind(1, path).run();
}

Result<uint64_t> FlareStore::Txn::record_count(const Slice& slice) {
  SqliteStmt st = db_.prepare("SELECT count(*) FROM records WHERE key >= ?1 AND key <= ?2");
  Result<bool> row = st.bind(1, slice.start).bind(2, slice.stop).step();
  if (!row) return row.status();
  return static_cast<uint64_t>(st.int_at(0));
}

// ---- entries -------------------------------------------------------------------------

Result<std::optional<EntryRow>> FlareStore::Txn::entry(std::string_view dir, std::string_view name) {
  SqliteStmt st = db_.prepare("SELECT cookie, id, type FROM entries WHERE dir_path = ?1 AND name = ?2");
  Result<bool> row = st.bind(1, dir).bind(2, name).step();
  if (!row) return row.status();
  if (!*row) return std::optional<EntryRow>();
  return std::optional<EntryRow>(EntryRow{std::string(dir), std::string(name), static_cast<uint64_t>(st.int_at(0)),
                                          st.key_at(1), static_cast<FlareType>(st.int_at(2))});
}

Status FlareStore::Txn::insert_entry(std::string_view dir, std::string_view name, uint64_t cookie,
                                     const FlareId& id, FlareType type) {
  return db_.prepare("INSERT INTO entries(dir_path, name, dir_key, cookie, id, type) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, dir)
      .bind(2, name)
      .bind(3, key_of_(dir))
      .bind(4, static_cast<int64_t>(cookie))
      .bind(5, id)
      .bind(6, static_cast<int64_t>(type))
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

Result<std::vector<EntryRow>> FlareStore::Txn::entries_after(std::string_view dir, uint64_t cookie,
                                                             size_t limit) {
  SqliteStmt st = db_.prepare(
      "SELECT cookie, name, id, type FROM entries "
      "WHERE dir_key = ?1 AND dir_path = ?2 AND cookie > ?3 ORDER BY cookie LIMIT ?4");
  st.bind(1, key_of_(dir)).bind(2, dir).bind(3, static_cast<int64_t>(cookie));
  st.bind(4, static_cast<int64_t>(limit));
  std::vector<EntryRow> rows;
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) return rows;
    rows.push_back({std::string(dir), st.text_at(1), static_cast<uint64_t>(st.int_at(0)), st.key_at(2),
                    static_cast<FlareType>(st.int_at(3))});
  }
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
  Result<std::vector<XattrRow>> rows = xattr_rows(id);
  if (!rows) return rows.status();
  std::vector<std::string> names;
  for (XattrRow& row : *rows) names.push_back(std::move(row.name));
  return names;
}

Result<std::vector<XattrRow>> FlareStore::Txn::xattr_rows(const FlareId& id) {
  SqliteStmt st = db_.prepare("SELECT name, value FROM xattrs WHERE id = ?1 ORDER BY name");
  st.bind(1, id);
  std::vector<XattrRow> rows;
  for (;;) {
    Result<bool> row = st.step();
    if (!row) return row.status();
    if (!*row) return rows;
    rows.push_back({st.text_at(0), st.blob_at(1)});
  }
}

}  // namespace magma::server
