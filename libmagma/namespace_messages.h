// The messages of the namespace node ops (node_ops_namespace.def): the steps a flare op
// takes on the volcanos that hold the parts it touches, and the rows that a directory
// rename or a hand-off copies between volcanos. Included by flare_messages.h; plain values.
//
// Where the parts live (placement): a path's record at key(path); a directory's inode,
// xattrs and entries at key(its path); a non-directory's inode, xattrs and data at its id.
// Every request names the part it works on, so its route key (routing.h) is the key of
// that part; the receiver checks every field (they come off the wire) and answers Moved
// for a part it does not own.
//
// "expect" fields make a step conditional: it applies only while the part still names the
// flare the coordinator saw, and fails with Stale otherwise (changed concurrently: the
// coordinator starts over). Busy means "below a directory being moved: retry soon".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libmagma/byte_codec.h"
#include "libmagma/flare_attr.h"

namespace magma {

// ---- rows: the stored parts, as they travel --------------------------------------

// path → flare. Its key is recomputed by the receiver, never sent.
struct RecordRow {
  std::string path;
  FlareId id;
  FlareType type = FlareType::Regular;
  MAGMA_FIELDS(path, id, type)
};

struct XattrRow {
  std::string name;
  Bytes value;
  MAGMA_FIELDS(name, value)
};

// A flare's inode with its xattrs. attr.ino and attr.blocks are not stored.
struct InodeRow {
  FlareId id;
  FlareAttr attr;
  std::string path;    // a directory's current path; a non-directory's first name
  std::string target;  // a symlink's target
  uint64_t last_cookie = 0;  // a directory's: the cookie its latest entry got
  std::vector<XattrRow> xattrs;
  MAGMA_FIELDS(id, attr, path, target, last_cookie, xattrs)
};

// One entry of the directory at dir. Cookies travel with their entry, so a listing
// resumed after a hand-off or a rename neither repeats nor skips.
struct EntryRow {
  std::string dir;
  std::string name;
  uint64_t cookie = 0;
  FlareId id;
  FlareType type = FlareType::Regular;
  MAGMA_FIELDS(dir, name, cookie, id, type)
};

struct Rows {
  std::vector<RecordRow> records;
  std::vector<InodeRow> inodes;
  std::vector<EntryRow> entries;
  MAGMA_FIELDS(records, inodes, entries)
  size_t size() const { return records.size() + inodes.size() + entries.size(); }
};

// Where an export stopped: the table it was in (records, inodes, entries, then done) and
// the sort key of the last row it sent. Opaque to the caller: send back what came.
struct RowCursor {
  enum Table : uint8_t { kRecords = 0, kInodes = 1, kEntries = 2, kDone = 3 };
  uint8_t table = kRecords;
  bool fresh = true;  // nothing of this table sent yet
  Key key;
  std::string path;
  std::string name;
  FlareId id;
  uint64_t cookie = 0;
  MAGMA_FIELDS(table, fresh, key, path, name, id, cookie)
};

// Most rows one export answers; it also stops early once about kMaxRowBytes are taken,
// so a page stays well under kMaxPayload.
constexpr uint32_t kMaxRowsPerPage = 4096;
constexpr size_t kMaxRowBytes = 1u << 20;
// Largest chunk of file data ReadData/WriteData move at once.
constexpr uint32_t kMaxDataChunk = 1u << 20;

// ---- records ------------------------------------------------------------------------

struct GetRecordRequest {
  std::string path;
  MAGMA_FIELDS(path)
};
// What a record or an entry names; found = false: nothing there.
struct NamedResponse {
  bool found = false;
  FlareId id;
  FlareType type = FlareType::Regular;
  MAGMA_FIELDS(found, id, type)
};

// Sets the record at path (replacing whatever it named).
struct PutRecordRequest {
  std::string path;
  FlareId id;
  FlareType type = FlareType::Regular;
  MAGMA_FIELDS(path, id, type)
};

// Deletes the record at path if it names expect; anything else stays.
struct DropRecordRequest {
  std::string path;
  FlareId expect;
  MAGMA_FIELDS(path, expect)
};

// ---- entries (at the directory's owner, with the directory's inode) ----------------

// Adds name → id to the directory at dir, atomically with its checks: dir is a directory
// (NotFound, NotDir), not being removed (NotFound), name is free (Exists). Updates the
// directory's mtime, ctime and, for a subdirectory, nlink. Answers the directory's mode
// and gid, for setgid inheritance.
struct AddEntryRequest {
  std::string dir;
  std::string name;
  FlareId id;
  FlareType type = FlareType::Regular;
  MAGMA_FIELDS(dir, name, id, type)
};
struct AddEntryResponse {
  uint32_t dir_mode = 0;
  uint32_t dir_gid = 0;
  MAGMA_FIELDS(dir_mode, dir_gid)
};

// Removes name from dir (NotFound), if it names expect (Stale otherwise). Answers what it
// removed.
struct RemoveEntryRequest {
  std::string dir;
  std::string name;
  FlareId expect;
  MAGMA_FIELDS(dir, name, expect)
};

// Rename's conditional put: sets name → id in dir when name names expect now, or nothing
// when expect is zero (Stale otherwise). dir must be a live directory (NotFound, NotDir).
// keep_cookie (an exchange): the entry keeps its place in listings; otherwise a replaced
// entry is new. Parent nlink follows the subdirectories gained and lost.
struct PutEntryRequest {
  std::string dir;
  std::string name;
  FlareId id;
  FlareType type = FlareType::Regular;
  FlareId expect;
  bool keep_cookie = false;
  MAGMA_FIELDS(dir, name, id, type, expect, keep_cookie)
};

// Marks the directory at path (whose record names id, else Stale) as being removed, after
// checking it is empty (NotEmpty): from then on AddEntry into it fails. dying = false
// undoes it.
struct SetDyingRequest {
  std::string path;
  FlareId id;
  bool dying = true;
  MAGMA_FIELDS(path, id, dying)
};

// ---- inodes (at place_of(id, place)) ------------------------------------------------

struct InodeRef {
  FlareId id;
  Key place;  // zero: the id itself (routing.h)
  MAGMA_FIELDS(id, place)
};

// Attributes of several flares whose inodes one volcano holds (ReadDir, Lookup).
struct GetInodesRequest {
  std::vector<InodeRef> refs;
  MAGMA_FIELDS(refs)
};
// found: as a door reports them (ino, blocks filled in). moved: not owned here (ask the
// owner). A ref in neither list names no flare.
struct GetInodesResponse {
  std::vector<FlareEntry> found;
  std::vector<FlareId> moved;
  MAGMA_FIELDS(found, moved)
};

// A name of the flare came (+1) or went (-1), or its ctime changes (0). A directory that
// loses its name goes to nlink 0 at once. At nlink 0 the flare is deleted unless a session
// holds it open or it is in its grace. for_link: as link(2) checks: a directory is Perm, a
// flare with no name left NotFound.
struct AddLinksRequest {
  FlareId id;
  Key place;
  int64_t delta = 0;
  bool for_link = false;
  // Not empty: a non-directory's new name (a rename), stored with its inode so that the
  // ACL judges requests by id on the path the flare has now (server/access_guard.h).
  std::string new_path;
  MAGMA_FIELDS(id, place, delta, for_link, new_path)
};
// The flare after the change; gone: it has no name left (deleted, or kept only while open).
struct AddLinksResponse {
  FlareEntry entry;
  bool gone = false;
  MAGMA_FIELDS(entry, gone)
};

// Stores a new inode (Exists when the id is taken): a create whose inode lives on
// another volcano than its record.
struct PutInodeRequest {
  InodeRow inode;
  MAGMA_FIELDS(inode)
};

// Deletes an inode, its xattrs and data: the undo of a create whose AddEntry failed.
struct DropInodeRequest {
  FlareId id;
  Key place;
  MAGMA_FIELDS(id, place)
};

// A new flare below a setgid directory: takes the directory's group, and a directory
// becomes setgid too.
struct InheritGroupRequest {
  FlareId id;
  Key place;
  uint32_t gid = 0;
  bool setgid = false;
  MAGMA_FIELDS(id, place, gid, setgid)
};

// ---- subtrees: a directory rename re-keys every record, directory inode and entry at or
// below a path. Sent to every volcano (any volcano answers: route key none).

// Refuses (Busy) every namespace change at or below path while frozen, so the copy a
// rename makes holds still. token names the rename; a freeze that overlaps another
// rename's (one subtree holds the other) is refused with Busy. Freezing again renews the
// freeze, which lapses a minute after.
struct FreezeSubtreeRequest {
  std::string path;
  uint64_t token = 0;
  bool frozen = true;
  MAGMA_FIELDS(path, token, frozen)
};

// The rows at or below path: records, live directory inodes with their xattrs, entries.
struct ExportSubtreeRequest {
  std::string path;
  RowCursor cursor;
  uint32_t limit = kMaxRowsPerPage;
  MAGMA_FIELDS(path, cursor, limit)
};
struct RowsResponse {
  Rows rows;
  RowCursor next;  // done when next.table == kDone
  MAGMA_FIELDS(rows, next)
};

// Stores rows, replacing what has the same record path, inode id or entry name.
// owned: every row's placement key must be this volcano's (Moved otherwise); a hand-off
// sends rows to a joiner that does not own them yet, so it clears it.
struct ImportRowsRequest {
  Rows rows;
  bool owned = true;
  MAGMA_FIELDS(rows, owned)
};

// Deletes the rows at or below path that ExportSubtree sends, but the record at path when
// keep_root_record and the inode keep_inode (zero: none).
struct DeleteSubtreeRequest {
  std::string path;
  bool keep_root_record = false;
  FlareId keep_inode;
  MAGMA_FIELDS(path, keep_root_record, keep_inode)
};

// ---- hand-off: the rows whose placement key lies in a slice, and file data ----------

// Records by key, inodes (with xattrs) by place, entries by their directory's key.
struct ExportRangeRequest {
  Slice slice;
  RowCursor cursor;
  uint32_t limit = kMaxRowsPerPage;
  MAGMA_FIELDS(slice, cursor, limit)
};

// Deletes up to limit rows in slice, and the data of the inodes among them.
struct DeleteRangeRequest {
  Slice slice;
  uint32_t limit = kMaxRowsPerPage;
  MAGMA_FIELDS(slice, limit)
};
struct DeleteRangeResponse {
  uint64_t deleted = 0;
  bool done = false;  // nothing left in slice
  MAGMA_FIELDS(deleted, done)
};

// Raw bytes of a data file (short at its end; empty when it does not exist).
struct ReadDataRequest {
  FlareId id;
  uint64_t offset = 0;
  uint32_t size = 0;  // at most kMaxDataChunk
  MAGMA_FIELDS(id, offset, size)
};
struct WriteDataRequest {
  FlareId id;
  uint64_t offset = 0;
  Bytes data;  // at most kMaxDataChunk
  bool sync = false;  // the last chunk: make the file durable
  MAGMA_FIELDS(id, offset, data, sync)
};

// ---- the lava's storage -------------------------------------------------------------

// One volcano's own figures for Statfs, which sums them over the lava (sent to each).
struct VolcanoStatfsRequest {
  MAGMA_FIELDS()
};

// ---- fsck: magmactl fsck pages through the rows every volcano stores, cross-checks them
// (tools/fsck_check.h) and repairs what a crash between two steps left. Both ops are
// sent to a chosen volcano (route key none) and work on what it stores, owned or not.

// An inode as fsck needs it.
struct FsckInode {
  FlareId id;
  FlareType type = FlareType::Regular;
  uint32_t nlink = 0;
  std::string path;  // a directory's current path (its place is key(path))
  bool dying = false;
  MAGMA_FIELDS(id, type, nlink, path, dying)
};

// Where a scan stopped: the rows in export order, then the data files in id order.
// Opaque to the caller: send back what came.
struct FsckCursor {
  RowCursor rows;
  bool data_fresh = true;  // no data file sent yet
  FlareId data_after;      // the last data file sent
  bool done = false;
  MAGMA_FIELDS(rows, data_fresh, data_after, done)
};

// One page of the rows whose placement key lies in slice and of the data files whose id
// does (up to limit of each kind, each page read in its own short transaction). Scanning
// by slice lets a replica check ask an owner and its mirrors for the same slice.
struct FsckScanRequest {
  Slice slice;
  FsckCursor cursor;
  uint32_t limit = kMaxRowsPerPage;
  MAGMA_FIELDS(slice, cursor, limit)
};
struct FsckScanResponse {
  std::vector<RecordRow> records;
  std::vector<FsckInode> inodes;
  std::vector<EntryRow> entries;
  std::vector<FlareId> data;  // ids of data files
  FsckCursor next;            // next.done: nothing left
  MAGMA_FIELDS(records, inodes, entries, data, next)
};

// What one repair changes. Each is conditional on what the scan saw (Stale otherwise),
// changes only its own row (no mtime, no parent nlink) and runs in its own transaction.
enum class FsckAction : uint8_t {
  DropRecord = 1,  // the record at path, if it names id
  PutRecord = 2,   // path → (id, type), if the record names expect now (zero: none)
  DropEntry = 3,   // the entry name in dir path, if it names id
  DropInode = 4,   // inode id with its xattrs and data, if nlink == expect_nlink and not open
  SetLinks = 5,    // inode id's nlink := nlink, if nlink == expect_nlink
  ClearDying = 6,  // the directory id is no longer being removed
  DropData = 7,    // the data file of id, if no inode id is stored here
};
inline bool enum_in_range(FsckAction a) { return a >= FsckAction::DropRecord && a <= FsckAction::DropData; }

struct FsckRepair {
  FsckAction action = FsckAction::DropRecord;
  std::string path;  // a record's path, or an entry's directory
  std::string name;  // an entry's name
  FlareId id;
  FlareId expect;
  FlareType type = FlareType::Regular;
  uint32_t expect_nlink = 0;
  uint32_t nlink = 0;
  MAGMA_FIELDS(action, path, name, id, expect, type, expect_nlink, nlink)
};
// A repair with the fields every action names; the caller sets the action's others.
inline FsckRepair fsck_repair(FsckAction action, std::string path, std::string name, const FlareId& id) {
  FsckRepair r;
  r.action = action;
  r.path = std::move(path);
  r.name = std::move(name);
  r.id = id;
  return r;
}

// Up to kMaxRowsPerPage repairs, applied in order; one outcome each (a failed one does
// not stop the others).
struct FsckRepairRequest {
  std::vector<FsckRepair> repairs;
  MAGMA_FIELDS(repairs)
};
struct FsckOutcome {
  uint16_t code = 0;  // Errc (errc_from_wire)
  std::string message;
  MAGMA_FIELDS(code, message)
};
struct FsckRepairResponse {
  std::vector<FsckOutcome> outcomes;  // by repair
  MAGMA_FIELDS(outcomes)
};

}  // namespace magma
