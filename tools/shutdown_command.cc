// magmactl shutdown: asks one volcano to stop the whole lava (node op Shutdown with
// whole_lava), then waits until no volcano's flare port answers any more.
#include <iostream>
#include <thread>

#include "libmagma/flare_client.h"
#include "tools/command.h"
#include "tools/lava_status.h"

namespace magma::tools {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kPollInterval{100};

const CommandSpec kShutdownSpec{
    "shutdown", "",
    "Stops every volcano of the lava cleanly: the volcano named by -H asks all the others to\n"
    "stop, then stops itself. Waits until no volcano's flare port answers (see --wait).\n"
    "Restart each volcano with neither -b nor -r: it reloads its state from disk."};

// The volcano of topology that answers at global.host: the address the user typed may be
// a name or another address of the same host, so ask it for its nickname.
Result<VolcanoInfo> entry_volcano(const GlobalOptions& global, const Topology& topology) {
  auto client = FlareClient::connect(client_options(global, global.host));
  if (!client) return client.status();
  auto ping = (*client)->call(Credentials{}, PingRequest{});
  if (!ping) return ping.status();
  const VolcanoInfo* self = topology.find(ping->nickname);
  if (!self) return Status(Errc::NotFound, "volcano '" + ping->nickname + "' is not in its own topology");
  return *self;
}

// The volcanos of topology whose flare port still accepts connections.
std::vector<std::string> still_answering(const GlobalOptions& global, const Topology& topology) {
  std::vector<std::string> names;
  for (const VolcanoInfo& v : topology.volcanos)
    if (FlareClient::connect(client_options(global, {v.address, v.flare_port}))) names.push_back(v.nickname);
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

int shutdown_command(const GlobalOptions& global, const std::vector<std::string>& args) {
  po::options_description options("Options");
  unsigned wait_seconds = 30;
  options.add_options()("wait,w", po::value(&wait_seconds)->value_name("SECONDS"),
                        "how long to wait for every volcano to stop; 0: do not wait (default 30)");
  po::variables_map vm;
  if (auto done = parse_command_line(kShutdownSpec, args, options, vm)) return *done;

  Result<Topology> topology = fetch_topology(global);
  if (!topology) return fail("cannot get the topology from " + global.host.to_string(), topology.status());
  Result<VolcanoInfo> self = entry_volcano(global, *topology);
  if (!self) return fail("cannot identify the volcano at " + global.host.to_string(), self.status());
  auto node = FlareClient::connect(client_options(global, {self->address, self->node_port}));
  if (!node) return fail("cannot reach " + self->nickname + "'s node port", node.status());
  auto stopped = (*node)->call(Credentials{}, ShutdownRequest{true});
  // A volcano may close the connection as it stops, before its answer leaves.
  if (!stopped && stopped.status().code() != Errc::Disconnected)
    return fail(self->nickname + " refused to shut the lava down", stopped.status());
  if (wait_seconds == 0) return kExitOk;

  const auto deadline = Clock::now() + std::chrono::seconds(wait_seconds);
  std::vector<std::string> running = still_answering(global, *topology);
  while (!running.empty() && Clock::now() < deadline) {
    std::this_thread::sleep_for(kPollInterval);
    running = still_answering(global, *topology);
  }
  if (!running.empty())
    return fail("shutdown", Status(Errc::Timeout, "still answering after " + std::to_string(wait_seconds) +
                                                      " s: " + joined(running)));
  size_t n = topology->volcanos.size();
  std::cout << "lava stopped (" << n << (n == 1 ? " volcano)\n" : " volcanos)\n");
  return kExitOk;
}

}  // namespace magma::tools
