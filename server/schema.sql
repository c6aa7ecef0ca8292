-- The metadata of one volcano's flare store (SQLite, WAL). Compiled into magmad as
-- server/schema_sql.h; run at every start, so every statement must be idempotent.
-- Version: meta.schema_version (kSchemaVersion in server/flare_store.cc); a change to a
-- table bumps both and adds a migration there.
--
-- Conventions: ids and keys are 20-byte SHA1 blobs; times are nanoseconds since the
-- epoch; paths are normalised absolute paths (libmagma/path.h), compared bytewise.

CREATE TABLE IF NOT EXISTS meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- One row per flare, keyed by its FlareId: fixed at creation, it names the data file
-- (data/ab/cd/<hex id>), so a rename never moves data and hard links share it.
CREATE TABLE IF NOT EXISTS inodes (
  id     BLOB PRIMARY KEY,
  type   INTEGER NOT NULL,  -- FlareType
  mode   INTEGER NOT NULL,  -- permission bits only (07777)
  uid    INTEGER NOT NULL,
  gid    INTEGER NOT NULL,
  nlink  INTEGER NOT NULL,  -- 0: no name left; kept only while a session holds it open
  size   INTEGER NOT NULL,
  atime  INTEGER NOT NULL,
  mtime  INTEGER NOT NULL,
  ctime  INTEGER NOT NULL,
  rdev   INTEGER NOT NULL,
  target BLOB NOT NULL,     -- a symlink's target, empty otherwise
  path   TEXT NOT NULL      -- primary path; a directory's only (and current) path
) WITHOUT ROWID;
-- Re-pathing a renamed subtree scans a path range.
CREATE INDEX IF NOT EXISTS inodes_by_path ON inodes(path);
-- Startup deletes the orphans a crash left behind without scanning every inode.
CREATE INDEX IF NOT EXISTS inodes_orphans ON inodes(id) WHERE nlink = 0;

-- One row per name: key = KeyFunction(path) places it on the ring. Keys may collide, so a
-- lookup matches key AND path. Hand-off iterates key ranges through records_by_key.
CREATE TABLE IF NOT EXISTS records (
  path TEXT PRIMARY KEY,
  key  BLOB NOT NULL,
  id   BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_by_key ON records(key);
CREATE INDEX IF NOT EXISTS records_by_id ON records(id);

-- A directory's entries, stored with the directory (dir_key = KeyFunction(dir_path)).
-- cookie never changes while the entry lives and is never reused (AUTOINCREMENT), so a
-- listing resumed after a cookie neither repeats nor skips entries that stayed.
CREATE TABLE IF NOT EXISTS entries (
  cookie   INTEGER PRIMARY KEY AUTOINCREMENT,
  dir_key  BLOB NOT NULL,
  dir_path TEXT NOT NULL,
  name     TEXT NOT NULL,
  id       BLOB NOT NULL,
  type     INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS entries_by_name ON entries(dir_path, name);
CREATE INDEX IF NOT EXISTS entries_by_dir ON entries(dir_key, dir_path, cookie);

-- Extended attributes ("user." names only), deleted with their inode.
CREATE TABLE IF NOT EXISTS xattrs (
  id    BLOB NOT NULL,
  name  TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (id, name)
) WITHOUT ROWID;

INSERT OR IGNORE INTO meta(name, value) VALUES ('schema_version', '1');
