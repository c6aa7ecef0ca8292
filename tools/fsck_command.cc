// magmactl fsck [--repair] [PATH]: finds (and repairs) what a crash between the steps of
// a multi-volcano operation left behind. The work is in fsck_run.h and fsck_check.h.
#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>

#include "libmagma/flare_client.h"
#include "libmagma/path.h"
#include "tools/command.h"
#include "tools/flare_io.h"
#include "tools/fsck_run.h"
#include "tools/lava_status.h"

namespace magma::tools {
namespace {

// Repair passes before fsck gives up: one is enough unless the lava changes meanwhile.
constexpr int kMaxPasses = 3;

const CommandSpec kFsckSpec{
    "fsck", "[PATH]",
    "Checks the lava for what a crash between the steps of an operation leaves behind:\n"
    "orphans (flares no entry lists), dangling entries, records without an entry or\n"
    "entries without a record, wrong link counts, data files without an inode. Every\n"
    "volcano must answer. Reports the problems at or below PATH (default: all). Exit\n"
    "status 0 when the lava is (or, with --repair, was made) consistent, 1 otherwise.\n"
    "Meant for a quiet lava: problems are confirmed by a second scan and repairs are\n"
    "conditional, but operations running meanwhile may still be reported."};

// FlareClients to the volcanos' node ports, opened on first use.
class NodeClients {
 public:
  explicit NodeClients(const GlobalOptions& global) : global_(global) {}

  template <class Request>
  Result<typename FlareOpTraits<Request>::Response> call(const VolcanoInfo& v, const Request& req) {
    auto it = clients_.find(v.nickname);
    if (it == clients_.end()) {
      auto client = FlareClient::connect(client_options(global_, {v.address, v.node_port}));
      if (!client) return client.status();
      it = clients_.emplace(v.nickname, std::move(*client)).first;
    }
    return it->second->call(Credentials{}, req);
  }

  FsckCalls calls() {
    return FsckCalls{[this](const VolcanoInfo& v, const FsckScanRequest& r) { return call(v, r); },
                     [this](const VolcanoInfo& v, const FsckRepairRequest& r) { return call(v, r); }};
  }

 private:
  const GlobalOptions& global_;
  std::map<std::string, std::unique_ptr<FlareClient>> clients_;
};

// Rows and files to scan, from every volcano's Load: records + entries (about one per
// record) + inodes. Fails when a volcano does not answer: fsck needs them all.
Result<uint64_t> estimate_rows(const LavaStatus& lava) {
  MAGMA_RETURN_IF_ERROR(all_answer(lava));
  uint64_t total = 0;
  for (const VolcanoStatus& v : lava.volcanos) total += 2 * v.load->keys + v.load->inodes;
  return total;
}

void print_problems(const std::vector<Problem>& problems) {
  for (const Problem& p : problems) std::cout << p.text() << "\n";
  std::cout << std::flush;
}

size_t repairable(const std::vector<Problem>& problems) {
  size_t n = 0;
  for (const Problem& p : problems) n += p.repair.has_value();
  return n;
}

// Repairs, then checks again, until clean, nothing repairable is left, or kMaxPasses.
int repair(const Topology& topology, FsckCalls& calls, std::vector<Problem> problems, const std::string& path,
           Progress& progress) {
  size_t repaired = 0;
  for (int pass = 0; pass < kMaxPasses && repairable(problems) > 0; ++pass) {
    RepairReport report = repair_problems(topology, problems, calls);
    repaired += report.repaired;
    for (const std::string& line : report.failed) std::cout << "not repaired: " << line << "\n";
    progress.stage("checking again");
    Result<std::vector<Problem>> again = find_problems(topology, calls, &progress);
    if (!again) return fail("fsck", again.status());
    problems = below(*again, path);
  }
  if (problems.empty()) {
    progress.finish("repaired " + std::to_string(repaired) + " problems; the lava is consistent");
    return kExitOk;
  }
  progress.finish("repaired " + std::to_string(repaired) + " problems; " + std::to_string(problems.size()) +
                  " remain:");
  print_problems(problems);
  return kExitProblems;
}

}  // namespace

int fsck_command(const GlobalOptions& global, const std::vector<std::string>& args) {
  po::options_description options("Options");
  bool do_repair = false;
  std::string raw_path = "/";
  options.add_options()("repair", po::bool_switch(&do_repair), "repair what can be repaired, then check again");
  po::options_description operands;
  operands.add_options()("path", po::value(&raw_path), "report only problems at or below this path");
  po::positional_options_description positional;
  positional.add("path", 1);
  po::variables_map vm;
  if (auto done = parse_command_line(kFsckSpec, args, options, vm, operands, positional)) return *done;
  Result<std::string> path = normalise_path(raw_path);
  if (!path) return fail("bad path '" + raw_path + "'", path.status());

  Result<LavaStatus> lava = gather_lava_status(global);
  if (!lava) return fail("cannot get the topology from " + global.host.to_string(), lava.status());
  Result<uint64_t> total = estimate_rows(*lava);
  if (!total) return fail("fsck", total.status());
  NodeClients clients(global);
  FsckCalls calls = clients.calls();
  Progress progress(std::cerr, "fsck", *total, is_terminal(STDERR_FILENO));
  Result<std::vector<Problem>> found = find_problems(lava->topology, calls, &progress);
  if (!found) return fail("fsck", found.status());
  std::vector<Problem> problems = below(*found, *path);
  if (problems.empty()) {
    progress.finish("the lava is consistent (" + std::to_string(lava->volcanos.size()) + " volcanos checked)");
    return kExitOk;
  }
  progress.finish(std::to_string(problems.size()) + (problems.size() == 1 ? " problem:" : " problems:"));
  print_problems(problems);
  if (!do_repair) return kExitProblems;
  return repair(lava->topology, calls, std::move(problems), *path, progress);
}

}  // namespace magma::tools
