// Gathering the lava's status: one topology download, then every volcano's Load at once.
#include "tools/lava_status.h"

#include <future>

#include "libmagma/flare_client.h"
#include "libmagma/lava_client.h"

namespace magma::tools {

Result<Topology> fetch_topology(const GlobalOptions& global) {
  auto lava = LavaClient::connect(client_options(global, global.host));
  if (!lava) return lava.status();
  return (*lava)->topology();
}

Result<LoadResponse> fetch_load(const GlobalOptions& global, const VolcanoInfo& v) {
  auto client = FlareClient::connect(client_options(global, {v.address, v.node_port}));
  if (!client) return client.status();
  return (*client)->call(Credentials{}, LoadRequest{});
}

Result<LavaStatus> gather_lava_status(const GlobalOptions& global) {
  Result<Topology> topology = fetch_topology(global);
  if (!topology) return topology.status();
  LavaStatus status{std::move(*topology), {}};
  std::vector<std::future<Result<LoadResponse>>> loads;
  for (const VolcanoInfo& v : status.topology.volcanos)
    loads.push_back(std::async(std::launch::async, [&global, v] { return fetch_load(global, v); }));
  for (size_t i = 0; i < loads.size(); ++i)
    status.volcanos.push_back(VolcanoStatus{status.topology.volcanos[i], loads[i].get()});
  return status;
}

Status all_answer(const LavaStatus& lava) {
  for (const VolcanoStatus& v : lava.volcanos)
    if (!v.alive()) return Status(v.load.status().code(), v.info.nickname + " is down: " + v.load.status().message());
  return Status::ok();
}

}  // namespace magma::tools
