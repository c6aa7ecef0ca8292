// FlareStore: the durable metadata of a volcano's flares, in SQLite (server/schema.sql):
// inodes by FlareId, one record per path (key + full path, so colliding keys coexist),
// directory entries with stable cookies, and xattrs. It offers primitives only; the
// operations that combine them (create, rename, ...) live in server/ops/.
//
// Every row has a placement key (schema.sql): the rows of a key range, or of a subtree
// of paths, can be exported, imported and deleted in bulk (a hand-off, a directory rename).
//
// All access goes through a transaction: read() or write() runs a function on a Txn and
// commits when it returns ok, so a multi-row change is all-or-nothing across a crash.
// Commits survive kill -9 of the process (WAL, synchronous=NORMAL); make_durable() makes
// them survive a power loss too.
//
// Thread-safety: read(), write() and make_durable() may be called from any thread; they
// serialise on one mutex and block while another transaction runs. Lock order:
// DataFiles::size_lock → this mutex → OpenTable's mutex. A function run by read() or
// write() must not start another transaction (nor a node op that would).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/flare_attr.h"
#include "libmagma/flare_messages.h"
#include "libmagma/key.h"
#include "server/sqlite_db.h"

namespace magma::server {

// A flare's stored metadata.
struct Inode {
  FlareId id;
  FlareAttr attr;      // blocks and ino are not stored; the service fills them in
  std::string path;    // a directory's current path; a non-directory's first name
  std::string target;  // a symlink's target
  bool dying = false;  // a directory being removed (SetDying)
};

// Where an inode (an Inode or an InodeRow) lives: a directory with its path's key,
// anything else with its id.
template <class InodeLike>
Key place_of_inode(const InodeLike& in, const KeyFunction& key_of) {
  return in.attr.type == FlareType::Directory ? key_of(in.path) : in.id;
}

class FlareStore {
 public:
  static constexpr int kSchemaVersion = 2;

  // Opens (creating if missing) the database at db_path (":memory:" for tests), migrates
  // an older schema, applies the schema and checks its version. key_of places paths; it
  // must be the same function on every open of one store. log, when set, sees every SQL
  // statement. Fails with Io, or Invalid for a store written by a newer schema.
  static Result<std::unique_ptr<FlareStore>> open(const std::string& db_path, KeyFunction key_of,
                                                  SqlLogger log = {});
  // Records a clean shutdown, so the next open knows no crash recovery is needed.
  ~FlareStore();

  class Txn;
  using TxnFn = std::function<Status(Txn&)>;

  // Runs fn in a transaction (read: deferred; write: takes the write lock at once) and
  // commits when fn returns ok; otherwise rolls back and returns fn's error. The Txn is
  // valid only inside fn.
  Status read(const TxnFn& fn);
  Status write(const TxnFn& fn);
  // As write(), and when it returns ok the transaction and every earlier one survive a
  // power loss: the commit runs with synchronous=FULL, which fsyncs the WAL holding them
  // all. Cheaper than a checkpoint, which would also write the database file.
  Status write_durable(const TxnFn& fn);

  // Makes every committed transaction durable against power loss (a write_durable that
  // records the time of the last sync in meta).
  Status make_durable();

  // False when the previous run did not shut down cleanly (a crash, kill -9).
  bool clean_start() const { return clean_start_; }

  const KeyFunction& key_of() const { return key_of_; }

 private:
  FlareStore(std::unique_ptr<SqliteDb> db, KeyFunction key_of);
  Status transact(SqliteTxn::Mode mode, const TxnFn& fn);  // REQUIRES: mu_ held
  Status set_meta(std::string_view name, std::string_view value);

  std::mutex mu_;  // one transaction at a time
  std::unique_ptr<SqliteDb> db_;  // guarded by mu_
  const KeyFunction key_of_;
  bool clean_start_ = true;
};

// The primitives, valid inside FlareStore::read/write. Each fails with Io (or NoSpace)
// when SQLite does; "none" is an empty optional or false, not an error.
class FlareStore::Txn {
 public:
  // ---- inodes
  Result<std::optional<Inode>> inode(const FlareId& id);
  // The named directory whose place is place and whose ino_of(id) is ino.
  Result<std::optional<Inode>> dir_inode_at(const Key& place, uint64_t ino);
  Status insert_inode(const Inode& inode);  // Exists when the id is taken
  Status update_inode(const Inode& inode);  // every stored field (its place follows)
  // An entry of dir changed: nlink += nlink_delta, mtime = ctime = now.
  Status touch_dir(const FlareId& dir, int nlink_delta, int64_t now);
  // A name of id came or went: nlink += nlink_delta, ctime = now.
  Status add_links(const FlareId& id, int nlink_delta, int64_t now);
  Status set_dying(const FlareId& dir, bool dying);
  // The next cookie of directory dir's entries (its last_cookie, advanced).
  Result<uint64_t> take_cookie(const FlareId& dir);
  Status delete_inode(const FlareId& id);  // and its xattrs
  Result<std::vector<FlareId>> orphans();  // inodes with nlink 0
  Result<uint64_t> inode_count();

  // ---- records (one per path)
  Result<std::optional<RecordRow>> record(std::string_view path);
  Status insert_record(std::string_view path, const FlareId& id, FlareType type);  // Exists when taken
  Status put_record(std::string_view path, const FlareId& id, FlareType type);     // replaces
  Status delete_record(std::string_view path);
  Result<uint64_t> record_count(const Slice& slice);  // records with a key in slice

  // ---- entries (of the directory at dir)
  Result<std::optional<EntryRow>> entry(std::string_view dir, std::string_view name);
  // Adds name → id with cookie (take_cookie). Exists when dir already has name.
  Status insert_entry(std::string_view dir, std::string_view name, uint64_t cookie, const FlareId& id,
                      FlareType type);
  Status delete_entry(std::string_view dir, std::string_view name);
  // Points an existing entry at another flare, keeping its cookie.
  Status update_entry(std::string_view dir, std::string_view name, const FlareId& id, FlareType type);
  Result<bool> has_entries(std::string_view dir);
  // Up to limit entries with a cookie above cookie, in cookie order.
  Result<std::vector<EntryRow>> entries_after(std::string_view dir, uint64_t cookie, size_t limit);

  // ---- rows in bulk (flare_store_rows.cc). An export adds up to limit rows (fewer once
  // about kMaxRowBytes are taken, never none while any are left) after cursor, which it
  // advances; cursor.table == kDone when nothing is left.
  // The rows whose placement key lies in slice.
  Status export_range(const Slice& slice, RowCursor& cursor, size_t limit, Rows& out);
  // The rows at or below path: records, directory inodes with a name (and their xattrs),
  // entries of those directories. REQUIRES (as delete_subtree): path is not "/".
  Status export_subtree(const std::string& path, RowCursor& cursor, size_t limit, Rows& out);
  // Stores rows (keys recomputed), replacing a record at the same path, an inode with the
  // same id (and its xattrs) and an entry with the same name.
  Status import_rows(const Rows& rows);
  // Deletes what export_subtree(path) exports, but the record at path when
  // keep_root_record and the inode keep_inode.
  Status delete_subtree(const std::string& path, bool keep_root_record, const FlareId& keep_inode);
  // Deletes up to limit rows whose placement key lies in slice; adds to gone the ids of
  // the inodes among them. Returns the rows deleted (0: none left).
  Result<size_t> delete_range(const Slice& slice, size_t limit, std::vector<FlareId>& gone);

  // ---- xattrs
  Result<std::optional<Bytes>> xattr(const FlareId& id, std::string_view name);
  Status set_xattr(const FlareId& id, std::string_view name, const Bytes& value);
  Result<bool> remove_xattr(const FlareId& id, std::string_view name);  // false: none
  Result<std::vector<std::string>> xattr_names(const FlareId& id);       // sorted

 private:
  friend class FlareStore;
  Txn(SqliteDb& db, const KeyFunction& key_of) : db_(db), key_of_(key_of) {}
  Result<std::vector<XattrRow>> xattr_rows(const FlareId& id);
  Status export_inodes(SqliteStmt& st, bool by_place, RowCursor& cursor, size_t limit, size_t& bytes, Rows& out);

  SqliteDb& db_;
  const KeyFunction& key_of_;
};

}  // namespace magma::server
