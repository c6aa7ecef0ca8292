// A directory rename's re-keying, coordinated across the lava: the records, directory
// inodes (with xattrs) and entries at or below a path live at the keys of their paths,
// so renaming the directory copies each of them to the owner of its new key and then
// deletes the old copy. File inodes and data live at their ids and never move.
//
// Cost: one ExportSubtree page per kMaxRowsPerPage rows per volcano, one ImportRows per
// owner per page and one DeleteSubtree per volcano: O(rows of the subtree), whatever
// their size in bytes.
//
// All functions block on every volcano of the lava; call them outside any transaction.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "libmagma/errc.h"
#include "server/ops/ops.h"

namespace magma::server::ops {

// Subtrees frozen on every volcano (FreezeSubtree) for one rename: no namespace change at
// or below them is accepted until the Frozen is destroyed (or its lease lapses).
class Frozen {
 public:
  explicit Frozen(OpEnv& env);
  ~Frozen();  // thaws every path (a failure only leaves the freeze to lapse)
  Frozen(const Frozen&) = delete;
  Frozen& operator=(const Frozen&) = delete;

  // Freezes path everywhere. Fails as the FreezeSubtree that failed did.
  Status add(const std::string& path);
  // Renews the freezes once they are half their lease old.
  Status renew_if_due();

 private:
  Status send(const std::string& path, bool frozen);

  OpEnv& env_;
  const uint64_t token_;
  std::vector<std::string> paths_;
  std::chrono::steady_clock::time_point renewed_;
};

// Copies every row at or below from, re-pathed below to, except the record at from
// itself, to the owners of the new keys. Fails with NameTooLong when a new path would be
// too long, or as the node op that failed; a copy cut short is for the caller to delete.
Status copy_subtree(OpEnv& env, Frozen& frozen, const std::string& from, const std::string& to);

// Deletes the rows at or below path on every volcano, but the record at path when
// keep_root_record and the inode keep_inode (zero: none).
Status delete_subtree(OpEnv& env, const std::string& path, bool keep_root_record = false,
                      const FlareId& keep_inode = FlareId{});

// A path no client can reach where one side of an exchange of two directories waits.
std::string parking_path();

}  // namespace magma::server::ops
