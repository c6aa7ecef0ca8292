// RAII over SQLite: connection, pooled prepared statements, transactions.
#include "server/sqlite_db.h"

#include <cstring>

namespace magma::server {

Status sqlite_status(sqlite3* db, int rc, std::string_view what) {
  std::string message = "sqlite: " + std::string(what) + ": " +
                        (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_FULL: return Status(Errc::NoSpace, message);
    case SQLITE_CONSTRAINT: return Status(Errc::Exists, message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status(Errc::Busy, message);
    case SQLITE_READONLY: return Status(Errc::ReadOnly, message);
    default: return Status(Errc::Io, message);
  }
}

// ---- SqliteStmt --------------------------------------------------------------------

SqliteStmt::SqliteStmt(StmtPtr stmt, std::vector<StmtPtr>* pool, sqlite3* db)
    : stmt_(std::move(stmt)), pool_(pool), db_(db) {}

SqliteStmt::SqliteStmt(Status error) : error_(std::move(error)) {}

SqliteStmt::SqliteStmt(SqliteStmt&& o) noexcept
    : stmt_(std::move(o.stmt_)), pool_(o.pool_), db_(o.db_), error_(std::move(o.error_)) {}

SqliteStmt::~SqliteStmt() {
  if (!stmt_) return;
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  pool_->push_back(std::move(stmt_));
}

void SqliteStmt::note(int rc, const char* what) {
  if (rc != SQLITE_OK && error_.is_ok())
    error_ = sqlite_status(db_, rc, std::string(what) + " in " + sqlite3_sql(stmt_.get()));
}

SqliteStmt& SqliteStmt::bind(int index, int64_t value) {
  if (stmt_) note(sqlite3_bind_int64(stmt_.get(), index, value), "bind");
  return *this;
}

SqliteStmt& SqliteStmt::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT copies: the caller's buffer may die before step().
  if (stmt_)
    note(sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()),
                           SQLITE_TRANSIENT),
         "bind");
  return *this;
}

SqliteStmt& SqliteStmt::bind(int index, const Key& key) {
  return bind_blob(index, key.bytes.data(), key.bytes.size());
}

SqliteStmt& SqliteStmt::bind_blob(int index, const void* data, size_t size) {
  // A zero-length blob must not bind as NULL (sqlite binds NULL for a null pointer).
  static const uint8_t kEmpty = 0;
  if (stmt_)
    note(sqlite3_bind_blob(stmt_.get(), index, size ? data : &kEmpty, static_cast<int>(size),
                           SQLITE_TRANSIENT),
         "bind");
  return *this;
}

Result<bool> SqliteStmt::step() {
  if (!error_.is_ok()) return error_;
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  error_ = sqlite_status(db_, rc, sqlite3_sql(stmt_.get()));
  return error_;
}

Status SqliteStmt::run() {
  for (;;) {
    Result<bool> row = step();
    if (!row) return row.status();
    if (!*row) return Status::ok();
  }
}

int64_t SqliteStmt::int_at(int col) const { return sqlite3_column_int64(stmt_.get(), col); }

std::string SqliteStmt::text_at(int col) const {
  const char* p = reinterpret_cast<const char*>(sqlite3_column_blob(stmt_.get(), col));
  int n = sqlite3_column_bytes(stmt_.get(), col);
  return p ? std::string(p, static_cast<size_t>(n)) : std::string();
}

Bytes SqliteStmt::blob_at(int col) const {
  const uint8_t* p = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_.get(), col));
  int n = sqlite3_column_bytes(stmt_.get(), col);
  return p ? Bytes(p, p + n) : Bytes();
}

Key SqliteStmt::key_at(int col) const {
  Key k;
  const void* p = sqlite3_column_blob(stmt_.get(), col);
  if (p && sqlite3_column_bytes(stmt_.get(), col) == static_cast<int>(Key::kSize))
    std::memcpy(k.bytes.data(), p, Key::kSize);
  return k;
}

// ---- SqliteDb ----------------------------------------------------------------------

SqliteDb::SqliteDb(sqlite3* db, SqlLogger log) : db_(db), log_(std::move(log)) {}

SqliteDb::~SqliteDb() {
  idle_.clear();  // finalize every statement before the connection goes
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path, SqlLogger log) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status failed(Errc::Io, "sqlite: cannot open " + path + ": " +
                                (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    sqlite3_close_v2(raw);
    return failed;
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw, std::move(log)));
  if (db->log_) sqlite3_trace_v2(raw, SQLITE_TRACE_STMT, &SqliteDb::trace, db.get());
  return db;
}

int SqliteDb::trace(unsigned type, void* self, void* stmt, void* /*sql*/) {
  if (type != SQLITE_TRACE_STMT) return 0;
  char* expanded = sqlite3_expanded_sql(static_cast<sqlite3_stmt*>(stmt));
  if (expanded) {
    static_cast<SqliteDb*>(self)->log_(expanded);
    sqlite3_free(expanded);
  }
  return 0;
}

SqliteStmt SqliteDb::prepare(std::string_view sql) {
  std::vector<StmtPtr>& pool = idle_[std::string(sql)];
  if (!pool.empty()) {
    StmtPtr stmt = std::move(pool.back());
    pool.pop_back();
    return SqliteStmt(std::move(stmt), &pool, db_);
  }
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  if (rc != SQLITE_OK) return SqliteStmt(sqlite_status(db_, rc, "prepare " + std::string(sql)));
  if (!raw) return SqliteStmt(Status(Errc::Invalid, "sqlite: empty statement"));
  return SqliteStmt(StmtPtr(raw), &pool, db_);
}

Status SqliteDb::exec(std::string_view script) {
  const char* p = script.data();
  const char* end = p + script.size();
  while (p < end) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, p, static_cast<int>(end - p), &raw, &tail);
    if (rc != SQLITE_OK) return sqlite_status(db_, rc, "prepare script");
    StmtPtr stmt(raw);
    p = tail;
    if (!stmt) continue;  // whitespace or a comment
    do rc = sqlite3_step(stmt.get());
    while (rc == SQLITE_ROW);
    if (rc != SQLITE_DONE) return sqlite_status(db_, rc, sqlite3_sql(stmt.get()));
  }
  return Status::ok();
}

int64_t SqliteDb::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int64_t SqliteDb::changes() const { return sqlite3_changes(db_); }

// ---- SqliteTxn ---------------------------------------------------------------------

Result<SqliteTxn> SqliteTxn::begin(SqliteDb& db, Mode mode) {
  MAGMA_RETURN_IF_ERROR(db.prepare(mode == Mode::Immediate ? "BEGIN IMMEDIATE" : "BEGIN").run());
  return SqliteTxn(&db);
}

SqliteTxn::SqliteTxn(SqliteTxn&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}

SqliteTxn::~SqliteTxn() {
  // A failed COMMIT may already have rolled back; ROLLBACK outside a transaction fails.
  if (db_ && !sqlite3_get_autocommit(db_->handle())) (void)db_->prepare("ROLLBACK").run();
}

Status SqliteTxn::commit() {
  Status s = db_->prepare("COMMIT").run();
  if (s.is_ok()) db_ = nullptr;
  return s;
}

}  // namespace magma::server
