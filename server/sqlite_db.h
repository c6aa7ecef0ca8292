// RAII over SQLite: SqliteDb (one connection with a pool of prepared statements),
// SqliteStmt (one prepared statement lent from that pool, reset and unbound when it goes
// back) and SqliteTxn (a transaction that rolls back unless committed). Every statement is
// prepared; values are only ever bound, never spliced into SQL text.
//
// Thread-safety: a SqliteDb and everything borrowed from it belong to one thread at a time
// (the connection is opened without SQLite's own mutex); callers serialise access.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "libmagma/byte_codec.h"
#include "libmagma/errc.h"
#include "libmagma/key.h"

namespace magma::server {

// Receives the text of every statement as it runs, with its bound values filled in.
using SqlLogger = std::function<void(std::string_view sql)>;

struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// The error of a failed SQLite call as a Status: SQLITE_FULL → NoSpace, SQLITE_CONSTRAINT
// → Exists, SQLITE_BUSY/LOCKED → Busy, SQLITE_READONLY → ReadOnly, anything else → Io.
Status sqlite_status(sqlite3* db, int rc, std::string_view what);

// A prepared statement lent by SqliteDb::prepare(). Bind parameters (1-based), then step.
// Errors stick: after a failed prepare or bind, step() and run() return that error, so a
// caller checks once. When the SqliteStmt is destroyed the statement is reset and its
// bindings cleared before it returns to the pool: an unfinished SELECT never pins a read
// snapshot and stale values never leak into the next use.
// REQUIRES: destroyed before the SqliteDb that lent it. Move-only.
class SqliteStmt {
 public:
  SqliteStmt(SqliteStmt&& o) noexcept;
  SqliteStmt& operator=(SqliteStmt&&) = delete;
  SqliteStmt(const SqliteStmt&) = delete;
  ~SqliteStmt();

  SqliteStmt& bind(int index, int64_t value);
  SqliteStmt& bind(int index, std::string_view text);
  SqliteStmt& bind(int index, const Key& key);  // as a 20-byte blob
  SqliteStmt& bind_blob(int index, const void* data, size_t size);

  // Runs to the next row: true when a row is ready, false when the statement is done.
  Result<bool> step();
  // Runs a statement that returns no rows (INSERT, UPDATE, DELETE) to completion.
  Status run();

  // Columns of the current row (0-based). REQUIRES: step() just returned true.
  int64_t int_at(int col) const;
  std::string text_at(int col) const;
  Bytes blob_at(int col) const;
  Key key_at(int col) const;  // a blob of another size reads as Key::min()

 private:
  friend class SqliteDb;
  SqliteStmt(StmtPtr stmt, std::vector<StmtPtr>* pool, sqlite3* db);
  explicit SqliteStmt(Status error);
  void note(int rc, const char* what);

  StmtPtr stmt_;
  std::vector<StmtPtr>* pool_ = nullptr;  // where stmt_ goes back to
  sqlite3* db_ = nullptr;
  Status error_;
};

class SqliteDb {
 public:
  // Opens (creating if missing) the database file at path; ":memory:" works too. When
  // log is set, every statement run is passed to it. Fails with Io.
  static Result<std::unique_ptr<SqliteDb>> open(const std::string& path, SqlLogger log = {});
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Prepares sql once and lends it out; a statement already lent (a nested use of the
  // same SQL) gets a second prepared copy. A failure is reported by the statement's
  // step()/run().
  SqliteStmt prepare(std::string_view sql);

  // Runs every statement of script in turn (schema, pragmas), discarding rows.
  Status exec(std::string_view script);

  // The rowid of the last INSERT and the rows changed by the last statement.
  int64_t last_insert_rowid() const;
  int64_t changes() const;

  sqlite3* handle() const { return db_; }

 private:
  SqliteDb(sqlite3* db, SqlLogger log);
  static int trace(unsigned type, void* self, void* stmt, void* sql);

  sqlite3* db_;
  SqlLogger log_;
  // Idle prepared statements by SQL text. Node-based, so SqliteStmt may keep a pointer
  // to its pool vector while other entries are added.
  std::unordered_map<std::string, std::vector<StmtPtr>> idle_;
};

// A transaction on a SqliteDb: BEGIN on creation, ROLLBACK on destruction unless
// commit() succeeded. REQUIRES: no other transaction is open on the same db, and the db
// outlives the SqliteTxn. Move-only.
class SqliteTxn {
 public:
  // Deferred takes the write lock at the first write; Immediate at once.
  enum class Mode { Deferred, Immediate };

  static Result<SqliteTxn> begin(SqliteDb& db, Mode mode);
  SqliteTxn(SqliteTxn&& o) noexcept;
  SqliteTxn& operator=(SqliteTxn&&) = delete;
  SqliteTxn(const SqliteTxn&) = delete;
  ~SqliteTxn();

  // Commits. On failure the transaction is rolled back (now or on destruction).
  Status commit();

 private:
  explicit SqliteTxn(SqliteDb* db) : db_(db) {}
  SqliteDb* db_;  // nullptr once finished or moved from
};

}  // namespace magma::server
