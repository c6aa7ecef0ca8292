// Running magmactl fsck: page through every volcano's rows (node op FsckScan), cross-check
// them (fsck_check.h), and send the repairs (node op FsckRepair) to the volcanos that
// store the rows.
//
// The coordinator is the tool, not a volcano: it pages each volcano in turn, so no
// volcano runs a long request or holds the whole lava's rows, and the tool shows the
// progress as pages arrive. Every page is one short transaction on its volcano; nothing
// is frozen.
//
// Meant for a quiet lava. The volcanos are scanned one after the other, so an operation
// running meanwhile can look like a leftover (an entry scanned before its create added
// it). Therefore a scan that finds problems is repeated and only problems seen both times
// are reported or repaired; each repair is conditional on what the scan saw (Stale if
// the row changed since). A busy lava may still show a problem that was in flux twice;
// the conditions keep its repair from undoing a newer change, but run fsck --repair on
// a quiet lava.
//
// Blocks on the network; not thread-safe (one command drives it).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/flare_messages.h"
#include "libmagma/topology.h"
#include "tools/fsck_check.h"
#include "tools/progress.h"

namespace magma::tools {

// How fsck reaches a volcano: its node port (magmactl) or an in-process service (tests).
struct FsckCalls {
  std::function<Result<FsckScanResponse>(const VolcanoInfo&, const FsckScanRequest&)> scan;
  std::function<Result<FsckRepairResponse>(const VolcanoInfo&, const FsckRepairRequest&)> repair;
};

// Every row and data file of every volcano of topology, limit of each kind per page;
// progress (may be null) advances by rows and files and names the volcano scanned.
// Fails with the first error of a volcano ("v1: ..."): a check without every volcano
// would call everything it holds missing.
Result<std::vector<VolcanoRows>> scan_lava(const Topology& topology, const FsckCalls& calls, Progress* progress,
                                           uint32_t limit = kMaxRowsPerPage);

// check_lava of a scan, confirmed by a second scan when the first found problems.
Result<std::vector<Problem>> find_problems(const Topology& topology, const FsckCalls& calls, Progress* progress,
                                           uint32_t limit = kMaxRowsPerPage);

struct RepairReport {
  size_t repaired = 0;
  std::vector<std::string> failed;  // one line each: the problem and why
};

// Sends the repair of every problem that has one to the volcano storing its row, in
// batches; a volcano that cannot be reached fails its batch's repairs.
RepairReport repair_problems(const Topology& topology, const std::vector<Problem>& problems,
                             const FsckCalls& calls);

}  // namespace magma::tools
