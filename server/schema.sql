-- The metadata of one volcano's flare store (SQLite, WAL). Compiled into magmad as
-- server/schema_sql.h; run at every start, so every statement must be idempotent.
-- Version: meta.schema_version (FlareStore::kSchemaVersion); a change to a table bumps
-- both and adds a migration (FlareStore::open, server/flare_store.cc), which runs before
-- this script on an older store.
--
-- Conventions: ids and keys are 20-byte SHA1 blobs; times are nanoseconds since the
-- epoch; paths are normalised absolute paths (libmagma/path.h), compared bytewise.
--
-- Placement: every row has a placement key, the key of the volcano that owns it: a record
-- its key (KeyFunction(path)), an inode its place, an entry its dir_key. Each is indexed,
-- so a hand-off iterates any key range in key order cheaply.

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
  path   TEXT NOT NULL,     -- a directory's current path; a non-directory's first name
  -- Version 2:
  place       BLOB NOT NULL DEFAULT x'',  -- placement: id, or KeyFunction(path) for a directory
  last_cookie INTEGER NOT NULL DEFAULT 0, -- a directory's: the cookie of its newest entry
  dying       INTEGER NOT NULL DEFAULT 0  -- a directory being removed: no entry may be added
) WITHOUT ROWID;
-- A directory rename exports and deletes the directories of a subtree by path.
CREATE INDEX IF NOT EXISTS inodes_by_path ON inodes(path);
CREATE INDEX IF NOT EXISTS inodes_by_place ON inodes(place);
-- Startup deletes the orphans a crash left behind without scanning every inode.
CREATE INDEX IF NOT EXISTS inodes_orphans ON inodes(id) WHERE nlink = 0;

-- One row per name: key = KeyFunction(path) places it on the ring. Keys may collide, so a
-- lookup matches key AND path. An index over the namespace: the entries are the truth.
CREATE TABLE IF NOT EXISTS records (
  path TEXT PRIMARY KEY,
  key  BLOB NOT NULL,
  id   BLOB NOT NULL,
  type INTEGER NOT NULL DEFAULT 1  -- FlareType of id (version 2)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_by_key ON records(key);
CREATE INDEX IF NOT EXISTS records_by_id ON records(id);

-- A directory's entries, stored with the directory (dir_key = KeyFunction(dir_path)).
-- cookie is taken from the directory's last_cookie, so it never changes while the entry
-- lives and is never reused in that directory, wherever the directory moves: a listing
-- resumed after a cookie neither repeats nor skips entries that stayed.
CREATE TABLE IF NOT EXISTS entries (
  dir_path TEXT NOT NULL,
  name     TEXT NOT NULL,
  dir_key  BLOB NOT NULL,
  cookie   INTEGER NOT NULL,
  id       BLOB NOT NULL,
  type     INTEGER NOT NULL,
  PRIMARY KEY (dir_path, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_by_dir ON entries(dir_key, dir_path, cookie);

-- Extended attributes ("user." names only), deleted with their inode.
CREATE TABLE IF NOT EXISTS xattrs (
  id    BLOB NOT NULL,
  name  TEXT NOT NULL,
  value BLOB NOT NULL,
  PRIMARY KEY (id, name)
) WITHOUT ROWID;

INSERT OR IGNORE INTO meta(name, value) VALUES ('schema_version', '2');
