// What the operations on one volcano share: reading an inode, changing a flare's link
// count (and deleting it with its last name), the attributes a door reports, new ids.
// Functions taking a Txn run inside one FlareStore transaction (REQUIRES: t is live).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "libmagma/errc.h"
#include "server/flare_store.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

using Txn = FlareStore::Txn;

// Moves r's value into out, or returns r's error.
template <class T>
Status assign(Result<T> r, T& out) {
  if (!r) return r.status();
  out = std::move(*r);
  return Status::ok();
}

// The flare with id. Stale when it is gone: that is what a vanished handle means.
Result<Inode> need_inode(Txn& t, const FlareId& id);

// Flares deleted in a transaction; their data files go only after it commits, so a failed
// commit never leaves metadata whose data is gone.
using Doomed = std::vector<FlareId>;

// A name of in came (delta > 0) or went (delta < 0), or only its ctime moves (0): sets
// nlink (a directory losing its name drops to 0 with its "."), ctime = now, and stores it.
// At nlink 0 the flare is deleted (added to doomed) unless is_kept; with a grace
// (GraceHolds) it is held instead, and deleted once the grace has passed.
Status change_links(OpEnv& env, Txn& t, Inode& in, int delta, int64_t now, Doomed& doomed);

// Busy while in is a directory in a subtree being moved (FreezeSubtree): a change to its
// inode now would stay behind at its old key.
Status check_not_moving(OpEnv& env, const Inode& in);

// True while a session holds id open or its grace after losing its last name lasts.
bool is_kept(OpEnv& env, const FlareId& id);

// Removes the data files of doomed flares (after their transaction committed). Takes each
// flare's size lock: REQUIRES the caller holds none.
void remove_data(OpEnv& env, const Doomed& doomed);

// The attributes a door reports: the stored ones plus ino and the allocated blocks.
FlareAttr report(OpEnv& env, const Inode& inode);
FlareEntry entry_of(OpEnv& env, const Inode& inode);

// Bytes of the creation path's key a new flare's id starts with: its inode then lives with
// its record, and a slice boundary at the end of such a prefix never parts them.
constexpr size_t kIdPrefix = 8;

// A fresh identity for a flare created at a path with key path_key: its first 8 bytes,
// then 12 random ones. The inode of a non-directory lives at its id, so it lands on the
// volcano that holds its record, but for the rare slice boundary inside the 8 bytes.
FlareId new_flare_id(const Key& path_key);

}  // namespace magma::server::ops
