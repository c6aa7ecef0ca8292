// mount.magma: mounts a Magma lava with FUSE. Parses the command line, connects to the
// lava through the volcano named on it, mounts, detaches from the terminal (unless -f),
// serves until unmounted, and tears down in reverse order.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "fuse_client/detacher.h"
#include "fuse_client/fuse_ops.h"
#include "fuse_client/magma_fs.h"
#include "fuse_client/mount_options.h"
#include "fuse_client/mount_session.h"
#include "libmagma/lava_key.h"
#include "libmagma/logging.h"
#include "libmagma/path.h"
#include "libmagma/malloc_tuning.h"

namespace magma::fuse {
namespace {

// Exit statuses as mount(8) documents them for its helpers.
constexpr int kExitUsage = 1;
constexpr int kExitFailure = 32;

// The lava path mounted as the root: the subpath, inside the share's root with --share.
Result<std::string> root_path(LavaClient& client, const MountOptions& options) {
  if (options.share.empty()) return options.subpath;
  auto share = client.call(process_credentials(), ShareRequest{options.share});
  if (!share) return share.status();
  return options.subpath == "/" ? share->path : normalise_path(share->path + options.subpath);
}

// Connects to the lava (through the volcano named on the command line, which gives the
// topology) and binds the root nodeid to the flare at the subpath (of the share).
Result<std::unique_ptr<MagmaFs>> connect_lava(const MountOptions& options, const std::string& key) {
  ClientOptions client_options;
  client_options.host = options.host;
  client_options.port = options.port;
  client_options.key = key;
  client_options.source = options.source;
  auto client = LavaClient::connect(client_options);
  if (!client) return client.status();
  // As this process: FUSE has no caller yet.
  Result<std::string> path = root_path(**client, options);
  if (!path) return path.status();
  auto root = (*client)->call(process_credentials(), LookupRequest{*path});
  if (!root) return root.status();
  if (root->entry.attr.type != FlareType::Directory) return Status(Errc::NotDir, *path + " is not a directory");
  auto fs = std::make_unique<MagmaFs>(std::move(*client), *path);
  fs->inodes.set_root(root->entry.id);
  return fs;
}

// Logs message as an error and returns code, for main's early exits.
int fail(int code, const std::string& message) {
  MAGMA_LOG(error) << message;
  return code;
}

std::vector<std::string> session_args(const char* program, const MountOptions& options) {
  std::vector<std::string> args = {program, "-o", fuse_option_string(options, ::geteuid() == 0)};
  if (options.debug) args.emplace_back("-d");
  return args;
}

void print_help(const char* program) {
  std::printf("%s\nFUSE options (-o):\n", usage_text(program).c_str());
  std::fflush(stdout);
  fuse_lowlevel_help();
}

int mount_and_serve(const char* program, const MountOptions& options, const std::string& key) {
  char* real = ::realpath(options.mountpoint.c_str(), nullptr);
  if (real == nullptr) return fail(kExitFailure, options.mountpoint + ": " + std::strerror(errno));
  std::string mountpoint(real);
  std::free(real);
  std::optional<Detacher> detacher;
  if (!options.foreground) {
    Result<Detacher> started = Detacher::start();
    if (!started) return fail(kExitFailure, started.status().to_string());
    detacher.emplace(std::move(*started));
  }
  std::string where = options.host + ":" + std::to_string(options.port) + ":" + options.subpath;
  Result<std::unique_ptr<MagmaFs>> fs = connect_lava(options, key);
  if (!fs) return fail(kExitFailure, "cannot mount " + where + ": " + fs.status().to_string());
  Result<MountSession> session =
      MountSession::create(session_args(program, options), make_fuse_ops(), fs->get());
  if (!session) return fail(kExitUsage, session.status().to_string());
  Status mounted = session->mount(mountpoint);
  if (!mounted.is_ok()) return fail(kExitFailure, mounted.to_string());
  if (detacher) {
    Status ready = detacher->ready();
    if (!ready.is_ok()) return fail(kExitFailure, ready.to_string());
  }
  // Once detached this goes to syslog only: a successful mount(8) stays quiet.
  MAGMA_LOG(info) << "mounted " << where << " at " << mountpoint << " (a lava of "
                  << (*fs)->client->topology().volcanos.size() << " volcanos)";
  Status served = session->run();
  MAGMA_LOG(info) << "unmounting " << mountpoint;
  if (!served.is_ok()) return fail(kExitFailure, served.to_string());
  return 0;
}

int run(int argc, char** argv) {
  const char* program = argc > 0 ? argv[0] : "mount.magma";
  if (const char* slash = std::strrchr(program, '/')) program = slash + 1;
  std::vector<std::string> args(argv + 1, argv + argc);
  Result<MountOptions> options = parse_mount_options(args);
  if (!options) {
    std::fprintf(stderr, "%s: %s\nTry '%s --help'.\n", program,
                 options.status().message().c_str(), program);
    return kExitUsage;
  }
  hide_key_in_argv(argc, argv, options->key);
  if (options->help) {
    print_help(program);
    return 0;
  }
  if (options->version) {
    std::printf("mount.magma %s\n", PACKAGE_VERSION);
    std::fflush(stdout);
    fuse_lowlevel_version();
    return 0;
  }
  // Detached, stderr ends up on /dev/null: syslog keeps what happens after startup.
  init_logging(LogOptions{"mount.magma", options->debug ? "u" : "", true, !options->foreground});
  // Before detaching: a prompt needs the terminal, a missing key the user's attention.
  Result<std::string> key =
      resolve_lava_key({options->key, options->key_file, kDefaultKeyFile, ::isatty(STDIN_FILENO) == 1});
  if (!key) return fail(kExitUsage, key.status().message());
  return mount_and_serve(program, *options, *key);
}

}  // namespace
}  // namespace magma::fuse

int main(int argc, char** argv) {
  magma::tune_malloc_for_large_buffers();
  // Exceptions are for startup only; the FUSE callbacks catch their own.
  try {
    return magma::fuse::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mount.magma: %s\n", e.what());
    return 32;
  }
}
