// magmactl put LOCAL PATH: copies a local file into the lava, creating or truncating the
// regular flare at PATH.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libmagma/unique_fd.h"
#include "libmagma/path.h"
#include "tools/command.h"
#include "tools/flare_io.h"

namespace magma::tools {
namespace {

const CommandSpec kPutSpec{
    "put", "LOCAL PATH",
    "Copies the local file LOCAL ('-': standard input) to PATH (a path inside the lava,\n"
    "'/a/b'): a new regular file with LOCAL's permission bits (0644 from standard input),\n"
    "or an existing one truncated first. Written in chunks of the protocol's largest I/O\n"
    "and made durable before it returns. Acts as the user who runs it."};

// The regular flare at path, truncated, or a new one with mode.
Result<FlareId> create_or_truncate(LavaClient& lava, const std::string& path, uint32_t mode) {
  const Credentials creds = process_credentials();
  Result<FlareEntry> existing = find_regular(lava, path);
  if (existing) {
    SetAttrRequest truncate;
    truncate.id = existing->id;
    truncate.mask = kSetSize;
    truncate.size = 0;
    auto done = lava.call(creds, truncate);
    if (!done) return done.status();
    return existing->id;
  }
  if (existing.status().code() != Errc::NotFound) return existing.status();
  MknodRequest mknod;
  mknod.path = path;
  mknod.mode = mode;
  auto made = lava.call(creds, mknod);
  if (!made) return made.status();
  return made->entry.id;
}

}  // namespace

int put_command(const GlobalOptions& global, const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::vector<std::string> words;
  po::options_description operands;
  operands.add_options()("words", po::value(&words), "LOCAL and PATH");
  po::positional_options_description positional;
  positional.add("words", 2);
  po::variables_map vm;
  if (auto done = parse_command_line(kPutSpec, args, options, vm, operands, positional)) return *done;
  if (words.size() != 2) return usage_error(kPutSpec, "expects LOCAL and PATH");
  const std::string& local = words[0];

  const bool from_stdin = local == "-";
  UniqueFd in(from_stdin ? -1 : ::open(local.c_str(), O_RDONLY | O_CLOEXEC));
  if (!from_stdin && !in.valid()) return fail(local, Status::from_errno("open"));
  const int fd = from_stdin ? STDIN_FILENO : in.get();
  struct stat st{};
  if (::fstat(fd, &st) != 0) return fail(local, Status::from_errno("stat"));
  if (S_ISDIR(st.st_mode)) return fail(local, Status(Errc::IsDir, "is a directory"));
  const uint32_t mode = from_stdin ? 0644 : (st.st_mode & 07777);

  Result<std::string> path = normalise_path(words[1]);
  if (!path) return fail("bad path '" + words[1] + "'", path.status());
  auto lava = connect_lava(global);
  if (!lava) return fail("cannot reach the lava at " + global.host.to_string(), lava.status());
  Result<FlareId> id = create_or_truncate(**lava, *path, mode);
  if (!id) return fail(*path, id.status());
  Result<uint64_t> copied = write_flare(**lava, *id, fd);
  if (!copied) return fail(*path, copied.status());
  return kExitOk;
}

}  // namespace magma::tools
