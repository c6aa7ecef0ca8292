// magmactl rebalance: evens out the records the volcanos hold, one pair of neighbours on
// the ring at a time (node op Balance, which the coordinator runs: the busier of the two
// hands the records nearest the other over to it, online), pass after pass until a pass
// moves nothing. A pass shows its progress on stderr (a bar on a terminal); each move is
// reported on stdout.
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "libmagma/flare_client.h"
#include "tools/command.h"
#include "tools/lava_status.h"
#include "tools/progress.h"

namespace magma::tools {
namespace {

// Each pass evens out neighbours; the records flow one slice further per pass, so a
// ring of n volcanos needs up to n - 1 passes. Bounded anyway: loads keep changing.
constexpr size_t kMaxPasses = 8;
// A move copies records and data: it may take far longer than an ordinary request. As
// long as the volcanos wait for each other during a hand-off (Lava's kHandOffTimeout).
constexpr std::chrono::minutes kMoveTimeout{60};

const CommandSpec kRebalanceSpec{
    "rebalance", "",
    "Evens out the records the volcanos hold: for each volcano and the next one on the ring,\n"
    "the busier hands the records nearest the other over to it while the lava keeps serving\n"
    "(neighbours within a twentieth of their sum, or fewer than 100 records apart, are left as\n"
    "they are). Repeats until a pass moves nothing. Reports each move."};

// Balance of lower and the next volcano, asked of the coordinator (the owner of /.dht's key).
Result<BalanceResponse> balance_pair(const GlobalOptions& global, const Topology& t, const std::string& lower) {
  const VolcanoInfo& coordinator = t.owner_of(sha1_key("/.dht"));
  ClientOptions options = client_options(global, {coordinator.address, coordinator.node_port});
  options.request_timeout = std::max<std::chrono::milliseconds>(options.request_timeout, kMoveTimeout);
  auto client = FlareClient::connect(options);
  if (!client) return client.status();
  return (*client)->call(Credentials{}, BalanceRequest{lower});
}

// One pass over the ring as topology describes it, which it updates after every move.
// Returns the records moved, or the first failure.
Result<uint64_t> run_pass(const GlobalOptions& global, Topology& topology, size_t pass) {
  Progress progress(std::cerr, "rebalance pass " + std::to_string(pass), topology.volcanos.size() - 1,
                    is_terminal(STDERR_FILENO));
  std::vector<std::string> moves;
  uint64_t moved = 0;
  for (size_t i = 0; i + 1 < topology.volcanos.size(); ++i) {
    std::string lower = topology.volcanos[i].nickname;
    progress.stage(lower + " and " + topology.volcanos[i + 1].nickname);
    Result<BalanceResponse> done = balance_pair(global, topology, lower);
    if (!done) return Status(done.code(), lower + " and its next volcano: " + done.status().message());
    topology = done->topology;
    if (done->moved > 0)
      moves.push_back(done->giver + " handed " + std::to_string(done->moved) + " records to " + done->receiver);
    moved += done->moved;
    progress.advance(1);
  }
  progress.finish("pass " + std::to_string(pass) + ": " + std::to_string(moves.size()) + " moves");
  for (const std::string& m : moves) std::cout << m << "\n";
  return moved;
}

}  // namespace

int rebalance_command(const GlobalOptions& global, const std::vector<std::string>& args) {
  po::options_description options("Options");
  po::variables_map vm;
  if (auto done = parse_command_line(kRebalanceSpec, args, options, vm)) return *done;
  // Every volcano must answer before anything moves.
  Result<LavaStatus> lava = gather_lava_status(global);
  if (!lava) return fail("cannot get the topology from " + global.host.to_string(), lava.status());
  if (Status down = all_answer(*lava); !down.is_ok()) return fail("rebalance", down);
  Topology topology = lava->topology;
  uint64_t total = 0;
  for (size_t pass = 1; pass <= kMaxPasses; ++pass) {
    Result<uint64_t> moved = run_pass(global, topology, pass);
    if (!moved) return fail("rebalance", moved.status());
    total += *moved;
    if (*moved == 0) break;
  }
  std::cout << (total == 0 ? std::string("the lava is balanced: nothing moved")
                           : "the lava is balanced: " + std::to_string(total) + " records moved")
            << "\n";
  return kExitOk;
}

}  // namespace magma::tools
