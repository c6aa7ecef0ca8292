// lava and shutdown: the commands about the whole lava. Each volcano answers the Load node
// op (asked of all at once, so a dead volcano costs one timeout); shutdown runs the
// Shutdown node op here, as `magmactl shutdown` asks a volcano to.
#include <algorithm>
#include <future>
#include <sstream>

#include "server/console/command_groups.h"
#include "server/console/console_access.h"
#include "server/lava.h"
#include "tools/format.h"
#include "tools/table.h"

namespace magma::server::console {

namespace {

std::string bandwidth_text(const LoadResponse& load) {
  return tools::format_bytes(load.data_read) + " / " + tools::format_bytes(load.data_written);
}

std::vector<Result<LoadResponse>> gather_loads(Lava& lava, const Topology& topology) {
  std::vector<std::future<Result<LoadResponse>>> asked;
  for (const VolcanoInfo& v : topology.volcanos)
    asked.push_back(std::async(std::launch::async, [&lava, v] { return lava.call(v, LoadRequest{}); }));
  std::vector<Result<LoadResponse>> loads;
  for (auto& a : asked) loads.push_back(a.get());
  return loads;
}

}  // namespace

Result<std::string> lava_command(CommandContext& ctx, const Args&) {
  Topology topology = ctx.services.lava.topology();
  std::vector<Result<LoadResponse>> loads = gather_loads(ctx.services.lava, topology);
  tools::Table table({{"NAME"}, {"FQDN"}, {"ADDRESS"}, {"ALIVE"}, {"SLICE"}, {"KEYS", tools::Align::Right},
                      {"DATA READ/WRITTEN", tools::Align::Right}, {"STORAGE USED/TOTAL", tools::Align::Right}});
  std::ostringstream errors;
  for (size_t i = 0; i < topology.volcanos.size(); ++i) {
    const VolcanoInfo& v = topology.volcanos[i];
    std::vector<std::string> row{v.nickname, v.fqdn, v.address + ":" + std::to_string(v.flare_port),
                                 loads[i] ? "yes" : "no", tools::slice_text(v.slice, false)};
    if (loads[i]) {
      row.insert(row.end(), {std::to_string(loads[i]->keys), bandwidth_text(*loads[i]), tools::storage_text(*loads[i])});
    } else {
      row.insert(row.end(), {"-", "-", "-"});
      errors << v.nickname << ": " << loads[i].status().to_string() << "\n";
    }
    table.add_row(std::move(row));
  }
  std::ostringstream out;
  out << "lava epoch " << topology.epoch << ", " << topology.volcanos.size()
      << (topology.volcanos.size() == 1 ? " volcano\n" : " volcanos\n");
  table.print(out);
  out << errors.str();
  return out.str();
}

Result<std::string> shutdown_command(CommandContext& ctx, const Args&) {
  MAGMA_RETURN_IF_ERROR(check_local_command(ctx.session.peer, "shutdown"));
  Lava& lava = ctx.services.lava;
  size_t volcanos = lava.topology().volcanos.size();
  // The others first, then this volcano, whose stop closes this session.
  auto stopped = lava.call(lava.self(), ShutdownRequest{true});
  if (!stopped) return stopped.status();
  ctx.session.closing = true;
  return "lava shutting down (" + std::to_string(volcanos) + (volcanos == 1 ? " volcano)\n" : " volcanos)\n");
}

}  // namespace magma::server::console
