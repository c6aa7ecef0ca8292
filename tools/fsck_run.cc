// Running magmactl fsck: scanning every volcano page by page, confirming, repairing.
#include "tools/fsck_run.h"

#include <map>

namespace magma::tools {

namespace {

void take_page(FsckScanResponse& page, VolcanoRows& rows) {
  auto append = [](auto& to, auto& from) { to.insert(to.end(), from.begin(), from.end()); };
  append(rows.records, page.records);
  append(rows.inodes, page.inodes);
  append(rows.entries, page.entries);
  append(rows.data, page.data);
}

Result<VolcanoRows> scan_volcano(const VolcanoInfo& v, const FsckCalls& calls, Progress* progress, uint32_t limit) {
  VolcanoRows rows{v, {}, {}, {}, {}};
  FsckScanRequest req{Slice{}, FsckCursor{}, limit};  // the whole ring: misplaced rows too
  while (!req.cursor.done) {
    Result<FsckScanResponse> page = calls.scan(v, req);
    if (!page) return Status(page.status().code(), v.nickname + ": " + page.status().message());
    if (progress)
      progress->advance(page->records.size() + page->inodes.size() + page->entries.size() + page->data.size());
    take_page(*page, rows);
    req.cursor = page->next;
  }
  return rows;
}

Result<std::vector<Problem>> scan_and_check(const Topology& topology, const FsckCalls& calls, Progress* progress,
                                            uint32_t limit) {
  Result<std::vector<VolcanoRows>> rows = scan_lava(topology, calls, progress, limit);
  if (!rows) return rows.status();
  return check_lava(topology, *rows);
}

}  // namespace

Result<std::vector<VolcanoRows>> scan_lava(const Topology& topology, const FsckCalls& calls, Progress* progress,
                                           uint32_t limit) {
  std::vector<VolcanoRows> all;
  for (const VolcanoInfo& v : topology.volcanos) {
    if (progress) progress->stage("scanning " + v.nickname);
    Result<VolcanoRows> rows = scan_volcano(v, calls, progress, limit);
    if (!rows) return rows.status();
    all.push_back(std::move(*rows));
  }
  return all;
}

Result<std::vector<Problem>> find_problems(const Topology& topology, const FsckCalls& calls, Progress* progress,
                                           uint32_t limit) {
  Result<std::vector<Problem>> first = scan_and_check(topology, calls, progress, limit);
  if (!first || first->empty()) return first;
  Result<std::vector<Problem>> second = scan_and_check(topology, calls, progress, limit);
  if (!second) return second.status();
  return confirmed(*first, *second);
}

RepairReport repair_problems(const Topology& topology, const std::vector<Problem>& problems, const FsckCalls& calls) {
  std::map<std::string, std::vector<const Problem*>> by_volcano;
  for (const Problem& p : problems)
    if (p.repair) by_volcano[p.volcano].push_back(&p);
  RepairReport report;
  for (const auto& [nickname, list] : by_volcano) {
    const VolcanoInfo* v = topology.find(nickname);
    for (size_t start = 0; start < list.size(); start += kMaxRowsPerPage) {
      const size_t end = std::min(list.size(), start + kMaxRowsPerPage);
      FsckRepairRequest req;
      for (size_t i = start; i < end; ++i) req.repairs.push_back(*list[i]->repair);
      Result<FsckRepairResponse> answer =
          v ? calls.repair(*v, req) : Result<FsckRepairResponse>(Status(Errc::NotFound, "not in the topology"));
      for (size_t i = start; i < end; ++i) {
        Status outcome = !answer ? answer.status()
                         : i - start < answer->outcomes.size()
                             ? Status(errc_from_wire(answer->outcomes[i - start].code), answer->outcomes[i - start].message)
                             : Status(Errc::Protocol, "no outcome");
        if (outcome.is_ok())
          ++report.repaired;
        else
          report.failed.push_back(list[i]->text() + ": " + outcome.to_string());
      }
    }
  }
  return report;
}

}  // namespace magma::tools
