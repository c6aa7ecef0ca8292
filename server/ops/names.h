// What several operations share: resolving paths to flares with POSIX errors, creating a
// flare, adding and removing names, dropping links, and the attributes a door reports.
// All functions run inside one FlareStore transaction (REQUIRES: t is live).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
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

// The flare at the normalised path. NotFound, or NotDir when an ancestor is not a
// directory.
Result<Inode> resolve(Txn& t, const std::string& path);

// The directory that holds (or will hold) the normalised path: NotFound, NotDir.
Result<Inode> resolve_parent(Txn& t, const std::string& path);

struct NewFlare {
  FlareType type = FlareType::Regular;
  uint32_t mode = 0;  // permission bits
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint64_t rdev = 0;
  std::string target;  // symlinks
};

// Creates a flare at the normalised path: inode, record, parent entry, parent times
// (and nlink for a directory). Below a setgid directory the group is the directory's and a
// new directory is setgid too. Fails with Exists, NotFound, NotDir.
Result<Inode> create_flare(Txn& t, const std::string& path, const NewFlare& spec, int64_t now);

// Adds the name path → id: record, entry in parent, parent's mtime/ctime, and the
// parent's nlink for a directory. The flare's own nlink is the caller's business.
Status add_name(Txn& t, const FlareId& parent, const std::string& path, const FlareId& id,
                FlareType type, int64_t now);
// Removes the name path (the mirror of add_name).
Status remove_name(Txn& t, const FlareId& parent, const std::string& path, FlareType type,
                   int64_t now);

// Flares deleted in a transaction; their data files go only after it commits, so a failed
// commit never leaves metadata whose data is gone.
using Doomed = std::vector<FlareId>;

// The name gone_path of flare id was removed: lowers nlink (a directory's to 0), updates
// ctime and the primary path, and deletes the flare when no name is left and nothing
// keeps it (is_kept), adding it to doomed; with a grace (GraceHolds), it holds it instead.
Status drop_link(OpEnv& env, Txn& t, const FlareId& id, const std::string& gone_path, int64_t now,
                 Doomed& doomed);

// True while a session holds id open or its grace after losing its last name lasts.
bool is_kept(OpEnv& env, const FlareId& id);

// Removes the data files of doomed flares (after their transaction committed). Takes each
// flare's size lock: REQUIRES the caller holds none.
void remove_data(OpEnv& env, const Doomed& doomed);

// The attributes a door reports: the stored ones plus ino and the allocated blocks.
FlareAttr report(OpEnv& env, const Inode& inode);
FlareEntry entry_of(OpEnv& env, const Inode& inode);

// A fresh identity: SHA1 of the creation path, time and 16 random bytes.
FlareId new_flare_id(std::string_view path, int64_t now);

}  // namespace magma::server::ops
