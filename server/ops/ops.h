// The flare operations and the namespace node ops: one handler per op of
// libmagma/flare_ops.def (node ops included), run over the parts a FlareService owns
// (OpEnv). FlareService::handle calls them for the ops whose route key this volcano owns;
// each op's logic lives in server/ops/<op or group>.cc. Handlers have FlareService::handle's
// contract: any thread, blocking on SQLite, disk and other volcanos.
//
// A flare op runs on the owner of its route key, the coordinator, and takes each step on
// another part as a node op at that part's owner (steps.h); node ops never call another
// volcano. The truth is the entries (at the parent's owner) and the inodes (at the owner
// of the id, or of the path for a directory); a record is an index that fsck rebuilds
// from the entries. Order of the steps, and what a crash between two of them leaves for
// `magmactl fsck` (never a listed entry whose flare is lost):
//
//   Mknod/Symlink  1 inode + record (one local transaction; PutInode first when the id
//                    falls on another volcano)   2 AddEntry at the parent (atomic there;
//                    a failure undoes 1)   3 InheritGroup below a setgid directory.
//                  1|2: an unlisted inode and its record: fsck deletes both.
//                  2|3: a listed flare with the creator's group instead of the directory's.
//   Unlink/Rmdir   (Rmdir: 0 SetDying: empty, and AddEntry refused)  1 RemoveEntry at the
//                    parent, if it still names the flare   2 DropRecord   3 AddLinks -1
//                    (deleted at nlink 0 unless open or in its grace).
//                  1|2: a record without an entry: fsck drops it.  2|3: an inode that
//                    no entry names, nlink too high: fsck recounts, deleting it at 0.
//                  0|1: a dying directory: fsck clears the mark.
//   Link           1 AddLinks +1   2 record   3 AddEntry (a failure undoes 2, then 1).
//                  1|2, 2|3: nlink one too high (and a record without entry): fsck
//                    recounts and drops the record.
//   Rename (file)  1 AddLinks +1 (two names for a while)   2 PutEntry at the new parent
//                    (conditional on what the coordinator saw there)   3 PutRecord
//                    4 RemoveEntry of the old name   5 DropRecord   6 AddLinks -1
//                    7 a replaced target's AddLinks -1.
//                  1|2: nlink one too high.  2..5: two entries and nlink 2, as a hard
//                    link (fsck keeps the new name if it wants one).  6|7: a target
//                    that no entry names: fsck deletes it.
//   Rename (dir)   0 SetDying on an empty target   1 FreezeSubtree of the source on every
//                    volcano   2 copy every record, directory inode and entry below it to
//                    the owners of their new keys (not the root's record)   3 PutEntry
//                    (a failure deletes the copy)   4 the root's record   5 RemoveEntry
//                    6 DeleteSubtree of the source everywhere   7 the replaced target's
//                    AddLinks -1   8 thaw.
//                  1..3: a partial, unlisted copy below the new path (directory inodes
//                    no record names): fsck deletes it; freezes lapse by themselves.
//                  3..6: the subtree twice, listed at both names: fsck finishes the move.
//   Exchange       1 freeze the directory sides   2 both PutEntry (keeping cookies)
//                    3 move each directory side's rows (two directories: through a
//                    parking path no client can name)   4 both root records.
//                  2..4: names swapped but rows at the old keys or parked: fsck finishes
//                    the moves; 1st|2nd PutEntry: one flare unlisted: fsck relinks it.
//
// Concurrency on one volcano: a coordinator holds its route path's lock (Guards), so two
// ops on one name take turns; across volcanos, conditional steps (expect) fail with Stale
// when another op got there first and the coordinator starts over; a step refused below
// a subtree being moved (Busy) is retried for a while (retry_busy).
#pragma once

#include <cstdint>
#include <memory>

#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "server/flare_service.h"
#include "server/ops/guards.h"

namespace magma::server {

class DataFiles;
class FlareStore;
class OpenTable;
class GraceHolds;
class Lava;
class Shares;

// What every operation works on. All references outlive the OpEnv.
struct OpEnv {
  const ServiceOptions& options;
  FlareStore& store;
  DataFiles& data;
  OpenTable& opens;
  GraceHolds& grace;
  Lava& lava;  // the other volcanos: every cross-volcano step goes through it
  Shares& shares;  // the ACL in force
  // Path locks and frozen subtrees of this volcano; made with the OpEnv.
  std::shared_ptr<ops::Guards> guards = std::make_shared<ops::Guards>();
};

namespace ops {

#define MAGMA_FLARE_OP(Name, id, Request, Response) \
  Result<Response> run(OpEnv& env, const CallContext& ctx, const Request& req);
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

// Drops the session's opens and deletes the flares that were kept only for it.
void end_session(OpEnv& env, uint64_t session);

// Deletes the flares whose grace after losing their last name has passed and that no
// session holds open. Cheap when none has: the service calls it before every op.
void end_expired_graces(OpEnv& env);

// Readies an opened store: with bootstrap, creates "/" and "/.dht" when the store is
// empty; without, an empty store fails with Invalid unless the volcano is joining (or
// restarting without "/", which another volcano holds). Then deletes orphans a crash left
// (nlink 0) and, after an unclean shutdown, repairs data files (see startup.cc).
Status prepare_store(OpEnv& env, bool bootstrap);

}  // namespace ops
}  // namespace magma::server
