// inspect PATH: what a flare is and where the lava keeps it (the owner of its key, the
// mirrors after it, the volcano holding its inode), then the same for its parent.
// Placement comes from tools/placement.h, the rules magmactl inspect reports with.
#include <sstream>

#include "libmagma/path.h"
#include "server/console/command_groups.h"
#include "server/console/command_line.h"
#include "server/console/replicas.h"
#include "server/lava.h"
#include "tools/format.h"
#include "tools/placement.h"

namespace magma::server::console {

namespace {

std::string volcanos_text(const std::vector<VolcanoInfo>& volcanos) {
  if (volcanos.empty()) return "none (a lava of one volcano)";
  std::string out;
  for (const VolcanoInfo& v : volcanos) out += (out.empty() ? "" : ", ") + tools::volcano_text(v);
  return out;
}

void describe(std::ostream& out, const char* what, const std::string& path, const FlareEntry& e,
              const Topology& topology) {
  tools::Placement p = tools::place_flare(topology, path, e);
  out << what << " " << path << "\n"
      << "  type:    " << type_name(e.attr.type) << "\n"
      << "  uid:     " << e.attr.uid << "\n"
      << "  gid:     " << e.attr.gid << "\n"
      << "  size:    " << e.attr.size << "\n"
      << "  key:     " << p.key.hex() << "\n"
      << "  owner:   " << tools::volcano_text(p.record) << "\n"
      << "  mirrors: " << volcanos_text(mirrors_of(topology, p.record)) << "\n"
      << "  inode:   " << tools::volcano_text(p.inode) << (p.data_file ? ", data " + *p.data_file : "") << "\n";
}

}  // namespace

Result<std::string> inspect_command(CommandContext& ctx, const Args& args) {
  Result<std::string> path = resolve_path(ctx.session.cwd, args[0]);
  if (!path) return path.status();
  std::string parent = parent_path(*path);
  auto flare = ctx.services.service.handle(ctx.call(), LookupRequest{*path});
  if (!flare) return flare.status();
  auto dir = ctx.services.service.handle(ctx.call(), LookupRequest{parent});
  if (!dir) return dir.status();
  Topology topology = ctx.services.lava.topology();
  MAGMA_RETURN_IF_ERROR(topology.validate());
  std::ostringstream out;
  describe(out, "flare", *path, flare->entry, topology);
  describe(out, "parent", parent, dir->entry, topology);
  return out.str();
}

}  // namespace magma::server::console
