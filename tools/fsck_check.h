// The cross-check of magmactl fsck: given every row each volcano stores (its FsckScan
// pages), what a crash between the steps of a multi-volcano operation left behind, and the
// repair of each (server/ops/ops.h lists the steps and their leftovers).
//
// The truth is the entries reachable from "/" and the inodes they name; a record is an
// index rebuilt from them. Found, with the repair (each addressed to the volcano that
// stores the row, conditional on what the scan saw):
//   dangling entry     an entry whose inode is missing             drop the entry
//   unlisted entry     an entry of a directory no one can reach     drop the entry
//   orphan             an inode with links that no entry names      drop it (and its data)
//   missing record     an entry without its record (or the record   rebuild the record
//                      names another flare)                         from the entry
//   stray record       a record without an entry                    drop the record
//   link count         nlink != entries naming it (a directory:     set nlink
//                      2 + its subdirectories)
//   dying directory    a listed directory still marked for rmdir    clear the mark
//   stray data         a data file with no inode beside it          delete the file
// Reported, never repaired (a person decides): no root, a row stored on a volcano that
// does not own its placement key (a hand-off cut short), a directory whose inode path
// differs from the entry naming it (a directory rename cut short), a directory with more
// than one name, an entry whose type differs from its inode's.
//
// An inode at nlink 0 is not an orphan: it is kept while a session holds it open, and
// its volcano deletes it when the session ends or at its next start.
//
// Replicas: there are none yet (issue 6). The scan is by slice, so a replica check can ask
// a slice's owner and each mirror for the same slice and compare their rows before this
// check runs on the owner's; VolcanoRows stays per volcano for that reason.
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "libmagma/flare_messages.h"
#include "libmagma/topology.h"

namespace magma::tools {

// What one volcano stores, as its scan pages said.
struct VolcanoRows {
  VolcanoInfo volcano;
  std::vector<RecordRow> records;
  std::vector<FsckInode> inodes;
  std::vector<EntryRow> entries;
  std::vector<FlareId> data;  // ids of its data files
};

enum class ProblemKind {
  NoRoot,
  Misplaced,
  PathMismatch,
  ManyNames,
  TypeMismatch,
  DanglingEntry,
  UnlistedEntry,
  MissingRecord,
  StrayRecord,
  Orphan,
  LinkCount,
  DyingDirectory,
  StrayData,
};
// "dangling entry", as the list above names it.
const char* problem_name(ProblemKind kind);

struct Problem {
  ProblemKind kind;
  std::string volcano;  // the nickname of the volcano storing the row concerned
  std::string path;     // the path concerned ("" for a data file)
  std::string detail;   // for a person: ids, counts
  std::optional<FsckRepair> repair;  // none: report only

  // One line: "orphan: /a/b on v1 (file 1234abcd..., nlink 1)".
  std::string text() const;
  bool operator==(const Problem& o) const { return text() == o.text(); }
};

// Every problem among the rows of every volcano of topology (one VolcanoRows per
// volcano), sorted by kind, then path. An empty result: the lava is consistent.
// REQUIRES: topology.validate() is ok.
std::vector<Problem> check_lava(const Topology& topology, const std::vector<VolcanoRows>& volcanos);

// The problems of both lists: what a second look confirmed. A problem seen only once was
// an operation under way, not a leftover.
std::vector<Problem> confirmed(const std::vector<Problem>& first, const std::vector<Problem>& second);

// The problems about path or below it (all for "/"); data files have no path and are
// kept only for "/".
std::vector<Problem> below(const std::vector<Problem>& problems, const std::string& path);

}  // namespace magma::tools
