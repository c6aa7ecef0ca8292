// magmactl inspect PATH: which volcanos hold a flare's record, inode, data and entry.
#include <iomanip>
#include <iostream>

#include "libmagma/lava_client.h"
#include "libmagma/path.h"
#include "tools/command.h"
#include "tools/format.h"
#include "tools/placement.h"

namespace magma::tools {
namespace {

const CommandSpec kInspectSpec{
    "inspect", "PATH",
    "Looks PATH up in the lava and says which volcano holds its record (the owner of the\n"
    "path's key), its inode and data (the owner of its id, or of the path's key for a\n"
    "directory) and the entry in its parent directory. PATH is a path inside the lava\n"
    "('/a/b'), not a path below a mount point."};

void print_text(const Placement& p, const FlareEntry& e, std::ostream& out) {
  auto line = [&out](const char* name, const std::string& value) {
    out << std::left << std::setw(8) << name << value << "\n";
  };
  line("path", p.path);
  line("type", type_name(e.attr.type));
  line("id", e.id.hex());
  line("ino", std::to_string(e.attr.ino));
  line("key", p.key.hex());
  line("size", std::to_string(e.attr.size));
  line("nlink", std::to_string(e.attr.nlink));
  line("record", volcano_text(p.record));
  line("inode", volcano_text(p.inode) + " at place " + p.place.hex());
  line("data", p.data_file ? p.inode.nickname + ":" + *p.data_file : "none (not a regular file)");
  line("parent", p.parent + ", entry on " + volcano_text(p.parent_owner));
}

Json volcano_json(const VolcanoInfo& v) {
  return {{"nickname", v.nickname}, {"address", v.address}, {"flare_port", v.flare_port},
          {"node_port", v.node_port}};
}

Json placement_json(const Placement& p, const FlareEntry& e) {
  return {{"path", p.path},
          {"type", type_name(e.attr.type)},
          {"id", e.id.hex()},
          {"ino", e.attr.ino},
          {"key", p.key.hex()},
          {"size", e.attr.size},
          {"nlink", e.attr.nlink},
          {"record_owner", volcano_json(p.record)},
          {"place", p.place.hex()},
          {"inode_owner", volcano_json(p.inode)},
          {"data_file", p.data_file ? Json(*p.data_file) : Json(nullptr)},
          {"parent", p.parent},
          {"parent_owner", volcano_json(p.parent_owner)}};
}

}  // namespace

int inspect_command(const GlobalOptions& global, const std::vector<std::string>& args) {
  po::options_description options("Options");
  bool json = false;
  std::string raw_path;
  options.add_options()("json", po::bool_switch(&json), "print JSON instead of text");
  po::options_description operands;
  operands.add_options()("path", po::value(&raw_path), "the path inside the lava");
  po::positional_options_description positional;
  positional.add("path", 1);
  po::variables_map vm;
  if (auto done = parse_command_line(kInspectSpec, args, options, vm, operands, positional))
    return *done;
  if (!vm.count("path")) return usage_error(kInspectSpec, "missing PATH");

  Result<std::string> path = normalise_path(raw_path);
  if (!path) return fail("bad path '" + raw_path + "'", path.status());
  auto lava = LavaClient::connect(client_options(global, global.host));
  if (!lava) return fail("cannot reach the lava at " + global.host.to_string(), lava.status());
  // As the user who runs it: inspect sees what that user may see.
  auto found = (*lava)->call(process_credentials(), LookupRequest{*path});
  if (!found) return fail(*path, found.status());
  Placement placement = place_flare((*lava)->topology(), *path, found->entry);
  if (json)
    print_json(placement_json(placement, found->entry), std::cout);
  else
    print_text(placement, found->entry, std::cout);
  return kExitOk;
}

}  // namespace magma::tools
