// magmactl get PATH LOCAL: copies a regular flare of the lava to a local file.
#include <fcntl.h>
#include <unistd.h>

#include "libmagma/unique_fd.h"
#include "libmagma/path.h"
#include "tools/command.h"
#include "tools/flare_io.h"

namespace magma::tools {
namespace {

const CommandSpec kGetSpec{
    "get", "PATH LOCAL",
    "Copies the regular file at PATH (a path inside the lava, '/a/b') to the local file\n"
    "LOCAL, created or truncated ('-': standard output), in chunks of the protocol's\n"
    "largest I/O. Asks as the user who runs it."};

}  // namespace

int get_command(const GlobalOptions& global, const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::vector<std::string> words;
  po::options_description operands;
  operands.add_options()("words", po::value(&words), "PATH and LOCAL");
  po::positional_options_description positional;
  positional.add("words", 2);
  po::variables_map vm;
  if (auto done = parse_command_line(kGetSpec, args, options, vm, operands, positional)) return *done;
  if (words.size() != 2) return usage_error(kGetSpec, "expects PATH and LOCAL");
  const std::string& local = words[1];

  Result<std::string> path = normalise_path(words[0]);
  if (!path) return fail("bad path '" + words[0] + "'", path.status());
  auto lava = connect_lava(global);
  if (!lava) return fail("cannot reach the lava at " + global.host.to_string(), lava.status());
  Result<FlareEntry> file = find_regular(**lava, *path);
  if (!file) return fail(*path, file.status());
  const bool to_stdout = local == "-";
  UniqueFd out(to_stdout ? -1 : ::open(local.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
  if (!to_stdout && !out.valid()) return fail(local, Status::from_errno("open"));
  Result<uint64_t> copied = read_flare(**lava, file->id, to_stdout ? STDOUT_FILENO : out.get());
  if (!copied) return fail(*path, copied.status());
  return kExitOk;
}

}  // namespace magma::tools
