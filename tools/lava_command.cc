// magmactl lava (alias: status): the topology and every volcano's load, as a table or
// as JSON.
#include <iostream>

#include "tools/command.h"
#include "tools/format.h"
#include "tools/json_writer.h"
#include "tools/lava_status.h"
#include "tools/table.h"

namespace magma::tools {
namespace {

namespace po = boost::program_options;

const CommandSpec kLavaSpec{
    "lava", "",
    "Prints the lava's topology and each volcano's load: slice, keys, inodes, storage, and\n"
    "whether it answered. Also known as 'magmactl status'."};

std::string storage_text(const LoadResponse& load) {
  uint64_t used = load.storage_total - std::min(load.storage_free, load.storage_total);
  return format_bytes(used) + " / " + format_bytes(load.storage_total);
}

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
    if (!v.alive()) out << v.info.nickname << ": " << v.error << "\n";
}

void write_load(JsonWriter& json, const LoadResponse& load) {
  json.key("epoch").number(load.epoch);
  json.key("keys").number(load.keys);
  json.key("inodes").number(load.inodes);
  json.key("data_bytes").number(load.data_bytes);
  json.key("storage_total").number(load.storage_total);
  json.key("storage_free").number(load.storage_free);
}

void print_json(const LavaStatus& lava, std::ostream& out) {
  JsonWriter json(out);
  json.begin_object().key("epoch").number(lava.topology.epoch).key("volcanos").begin_array();
  for (const VolcanoStatus& v : lava.volcanos) {
    const VolcanoInfo& i = v.info;
    json.begin_object();
    json.key("nickname").value(i.nickname).key("fqdn").value(i.fqdn).key("address").value(i.address);
    json.key("flare_port").number(i.flare_port).key("node_port").number(i.node_port);
    json.key("slice").begin_object();
    json.key("start").value(i.slice.start.hex()).key("stop").value(i.slice.stop.hex());
    json.end_object();
    json.key("alive").boolean(v.alive());
    if (v.load)
      write_load(json, *v.load);
    else
      json.key("error").value(v.error);
    json.end_object();
  }
  json.end_array().end_object();
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
    print_json(*lava, std::cout);
  else
    print_table(*lava, full_keys, std::cout);
  return kExitOk;
}

}  // namespace magma::tools
