// InodeTable: the FUSE nodeids the kernel holds, each bound to one flare, with the
// kernel's lookup count and, for directories, where they sit in the namespace.
//
// Nodeids are the table's own numbers, handed out in increasing order and never reused,
// so (nodeid, generation 0) is unique for the life of the mount. The kernel learns a
// nodeid from each entry reply (add_lookup: +1) and gives it back with forget (-n); a node
// is erased when its count reaches zero and no remembered child names it as parent.
// Hard links to one flare share one nodeid (a FlareId → nodeid map).
//
// The flare service is path-based for namespace operations, so a directory remembers
// (parent nodeid, name) rather than its whole path: renaming a directory moves its
// descendants with it, and path_of() walks up to the root to rebuild the path. Non-
// directories keep no name: hard links make it ambiguous and no operation needs it.
// A directory's inode lives on the volcano that owns its path's key, so requests about a
// directory carry that key as its place (locate()); a non-directory's id is enough.
//
// Thread-safety: every method may be called from any FUSE worker thread; one mutex
// guards everything and is never held while calling out (no I/O, no libfuse).
#pragma once

#include <fuse_lowlevel.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "libmagma/errc.h"
#include "libmagma/flare_attr.h"

namespace magma::fuse {

static_assert(sizeof(fuse_ino_t) >= sizeof(uint64_t), "nodeids are 64-bit counters");

// What a request needs to know about a nodeid.
struct NodeRef {
  FlareId id;
  FlareType type = FlareType::Regular;
};

// A nodeid's flare as an id-addressed request names it (libmagma/routing.h).
struct FlareRef {
  FlareId id;
  FlareType type = FlareType::Regular;
  Key place;  // a directory's: the key of its current path; zero (the id) otherwise
};

class InodeTable {
 public:
  // root_path: the absolute, normalised path of the flare mounted at FUSE_ROOT_ID.
  explicit InodeTable(std::string root_path);

  // Binds FUSE_ROOT_ID to the root flare, a directory. The root is never erased: the
  // kernel holds it for the whole mount and its forgets are ignored.
  void set_root(const FlareId& id);

  // Counts one lookup of entry, found as name in directory parent, and returns its
  // nodeid (the existing one for a known flare). A directory's place is updated to
  // (parent, name); a stale node remembered at that place loses its place.
  fuse_ino_t add_lookup(fuse_ino_t parent, std::string_view name, const FlareEntry& entry);

  // Subtracts n lookups; erases the node at zero. An unknown nodeid or a count going
  // below zero is a broken invariant: logged, then abort(). Forgets of the root are ignored.
  void forget(fuse_ino_t ino, uint64_t n);

  // The flare behind ino. Fails with Stale for a nodeid the table does not hold.
  Result<NodeRef> get(fuse_ino_t ino) const;

  // The flare behind ino and its place. Fails as get() and, for a directory, as path_of()
  // (Stale once its place is lost: its inode cannot be found without its path).
  Result<FlareRef> locate(fuse_ino_t ino) const;

  // The directory that holds directory ino (the root for the root itself), for "..".
  // Fails with Stale for an unknown nodeid or one whose place is unknown.
  Result<NodeRef> parent_of(fuse_ino_t ino) const;

  // The absolute path of directory ino. Fails with Stale for an unknown nodeid or one
  // whose place was lost (removed or replaced), NotDir for a non-directory.
  Result<std::string> path_of(fuse_ino_t ino) const;

  // path_of(parent) + "/" + name. Also fails as check_name (Invalid, NameTooLong).
  Result<std::string> child_path(fuse_ino_t parent, std::string_view name) const;

  // After a successful rename of (parent, name) to (new_parent, new_name): the directory
  // remembered there (if any) moves, one remembered at the target loses its place.
  // With exchange, the two swap places instead.
  void renamed(fuse_ino_t parent, std::string_view name, fuse_ino_t new_parent,
               std::string_view new_name, bool exchange);

  // After a successful rmdir or unlink of (parent, name): a directory remembered there
  // loses its place (it may still be open or looked up).
  void removed(fuse_ino_t parent, std::string_view name);

  // The number of nodes held, root included (for tests and debug logs).
  size_t size() const;

 private:
  using Place = std::pair<fuse_ino_t, std::string>;  // (parent nodeid, name)
  struct Node {
    NodeRef ref;
    uint64_t nlookup = 0;
    // Directories only; parent == 0 when the place is unknown or lost.
    fuse_ino_t parent = 0;
    std::string name;
    // Nodes whose parent is this one; they keep it alive so that paths still resolve.
    uint64_t children = 0;
  };

  // All REQUIRE mu_ held.
  void set_place(fuse_ino_t ino, fuse_ino_t parent, std::string name);
  void clear_place(fuse_ino_t ino);
  bool is_ancestor(fuse_ino_t ancestor, fuse_ino_t ino) const;
  void erase_if_unused(fuse_ino_t ino);
  fuse_ino_t find_at(fuse_ino_t parent, std::string_view name) const;  // 0 if none

  // Lock order: mu_ is a leaf; nothing else is locked or called while it is held.
  mutable std::mutex mu_;
  std::string root_path_;                           // constant after construction
  fuse_ino_t next_ino_ = FUSE_ROOT_ID + 1;          // guarded by mu_
  std::unordered_map<fuse_ino_t, Node> nodes_;      // guarded by mu_
  std::map<FlareId, fuse_ino_t> by_id_;             // guarded by mu_
  std::map<Place, fuse_ino_t> by_place_;            // guarded by mu_; directories only
};

}  // namespace magma::fuse
