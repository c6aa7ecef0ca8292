// magmactl lava (alias: status): the topology and every volcano's load, as a table or
// as JSON.
#include <iostream>

#include "tools/command.h"
#include "tools/format.h"
#include "tools/lava_status.h"
#include "tools/table.h"

namespace magma::tools {
namespace {

const CommandSpec kLavaSpec{
    "lava", "",
    "Prints the lava's topology and each volcano's load: slice, keys, inodes, storage, and\n"
    "whether it answered. Also known as 'magmactl status'."};

void print_table(const LavaStatus& lava, bool full_keys, std::ostream& out) {
  out << "lava epoch " << lava.topology.epoch << ", " << lava.volcanos.size()
      << (lava.volcanos.size() == 1 ? " volcano\n" : " volcanos\n");
  Table table({{"NICKNAME"}, {"ADDRESS"}, {"FLARE", Align::Right}, {"NODE", Align::Right},
               {"SLICE"}, {"EPOCH", Align::Right}, {"KEYS", Align::Right},
               {"INODES", Align::Right}, {"DATA", Align::Right}, {"STORAGE USED/TOTAL", Align::Right},
               {"ALIVE"}});
  for (const VolcanoStatus& v : lava.volcanos) {
    const VolcanoInfo& i = v.info;
    std::vector<std::string> row{i.nickname, i.address, std::to_string(i.flare_port),
                                 std::to_string(i.node_port), slice_text(i.slice, full_keys)};
    if (v.load) {
      row.insert(row.end(), {std::to_string(v.load->epoch), std::to_string(v.load->keys),
                             std::to_string(v.load->inodes), format_bytes(v.load->data_bytes),
                             storage_text(*v.load), "yes"});
    } else {
      row.insert(row.end(), {"-", "-", "-", "-", "-", "no"});
    }
    table.add_row(std::move(row));
  }
  table.print(out);
  for (const VolcanoStatus& v : lava.volcanos)
    if (!v.alive()) out << v.info.nickname << ": " << v.load.status().to_string() << "\n";
}

Json volcano_json(const VolcanoStatus& v) {
  const VolcanoInfo& i = v.info;
  Json json = {{"nickname", i.nickname},
               {"fqdn", i.fqdn},
               {"address", i.address},
               {"flare_port", i.flare_port},
               {"node_port", i.node_port},
               {"slice", {{"start", i.slice.start.hex()}, {"stop", i.slice.stop.hex()}}},
               {"alive", v.alive()}};
  if (!v.load) {
    json["error"] = v.load.status().to_string();
    return json;
  }
  const LoadResponse& load = *v.load;
  json.update({{"epoch", load.epoch},
               {"keys", load.keys},
               {"inodes", load.inodes},
               {"data_bytes", load.data_bytes},
               {"storage_total", load.storage_total},
               {"storage_free", load.storage_free}});
  return json;
}

Json lava_json(const LavaStatus& lava) {
  Json volcanos = Json::array();
  for (const VolcanoStatus& v : lava.volcanos) volcanos.push_back(volcano_json(v));
  return {{"epoch", lava.topology.epoch}, {"volcanos", std::move(volcanos)}};
}

}  // namespace

int lava_command(const GlobalOptions& global, const std::vector<std::string>& args) {
  po::options_description options("Options");
  bool json = false;
  bool full_keys = false;
  options.add_options()
      ("json", po::bool_switch(&json), "print JSON instead of a table")
      ("long,l", po::bool_switch(&full_keys), "print slices with all 40 hex digits");
  po::variables_map vm;
  if (auto done = parse_command_line(kLavaSpec, args, options, vm)) return *done;
  Result<LavaStatus> lava = gather_lava_status(global);
  if (!lava) return fail("cannot get the topology from " + global.host.to_string(), lava.status());
  if (json)
    print_json(lava_json(*lava), std::cout);
  else
    print_table(*lava, full_keys, std::cout);
  return kExitOk;
}

}  // namespace magma::tools
