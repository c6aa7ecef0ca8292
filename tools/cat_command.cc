// magmactl cat PATH: a regular flare's bytes on standard output, without a mount.
#include <unistd.h>

#include "libmagma/path.h"
#include "tools/command.h"
#include "tools/flare_io.h"

namespace magma::tools {
namespace {

const CommandSpec kCatSpec{
    "cat", "PATH",
    "Writes the regular file at PATH (a path inside the lava, '/a/b') to standard output,\n"
    "read in chunks of the protocol's largest I/O. Asks as the user who runs it."};

}  // namespace

int cat_command(const GlobalOptions& global, const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::string raw_path;
  po::options_description operands;
  operands.add_options()("path", po::value(&raw_path), "the path inside the lava");
  po::positional_options_description positional;
  positional.add("path", 1);
  po::variables_map vm;
  if (auto done = parse_command_line(kCatSpec, args, options, vm, operands, positional)) return *done;
  if (!vm.count("path")) return usage_error(kCatSpec, "missing PATH");

  Result<std::string> path = normalise_path(raw_path);
  if (!path) return fail("bad path '" + raw_path + "'", path.status());
  auto lava = connect_lava(global);
  if (!lava) return fail("cannot reach the lava at " + global.host.to_string(), lava.status());
  Result<FlareEntry> file = find_regular(**lava, *path);
  if (!file) return fail(*path, file.status());
  Result<uint64_t> copied = read_flare(**lava, file->id, STDOUT_FILENO);
  if (!copied) return fail(*path, copied.status());
  return kExitOk;
}

}  // namespace magma::tools
