// magmactl's subcommands: what every one receives (the global options), the shared
// parsing of its own options with --help, the one-line failure report and --json output. Each command
// returns the process's exit status: 0 success, 1 failure, 2 bad usage.
#pragma once

#include <boost/program_options.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/lava_client.h"
#include "libmagma/lava_key.h"

namespace magma::tools {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitProblems = 4;  // fsck: the lava has problems left (as fsck(8) says 4)

namespace po = boost::program_options;
// Keeps keys in the order written: --json reads like the text output.
using Json = nlohmann::ordered_json;

struct GlobalOptions {
  Endpoint host{"127.0.0.1", kDefaultFlarePort};  // -H: the volcano magmactl talks to first
  std::chrono::milliseconds timeout{10000};  // --timeout: per request
  KeySources key_sources;  // -k/--key, --key-file: where the lava key comes from
  std::string key;         // the lava key, once resolve_key found it; never printed
};

// Finds global.key (libmagma/lava_key.h: may prompt on a terminal) unless args, the
// command's words, only ask for --help. Returns nullopt to go on, or kExitFailure after
// writing why to stderr.
std::optional<int> resolve_key(GlobalOptions& global, const std::vector<std::string>& args);

struct CommandSpec {
  const char* name;
  const char* operands;  // for the usage line: "PATH", or ""
  const char* summary;
};

// Parses args (the words after the command's name) with options (shown by --help) and
// the operands (hidden options, filled by position). Prints the command's usage to stdout
// for --help, or a one-line reason to stderr for a usage error. Returns nullopt to go on,
// or the exit status to return now.
std::optional<int> parse_command_line(
    const CommandSpec& spec, const std::vector<std::string>& args,
    po::options_description& options, po::variables_map& vm,
    const po::options_description& operands = {},
    const po::positional_options_description& positional = {});

// Writes "magmactl NAME: <reason> (try ...)" to stderr and returns kExitUsage.
int usage_error(const CommandSpec& spec, const std::string& reason);

// Writes "magmactl: <context>: <reason>" to stderr and returns kExitFailure.
int fail(const std::string& context, const Status& status);

// Writes json indented by two spaces, ending in a newline. Bytes that are not UTF-8 (a
// path may hold any) are written as U+FFFD rather than failing.
void print_json(const Json& json, std::ostream& out);

// Options for a connection to at under global's timeouts (connecting is bounded more
// tightly: a dead volcano refuses or times out fast).
ClientOptions client_options(const GlobalOptions& global, const Endpoint& at);

int lava_command(const GlobalOptions& global, const std::vector<std::string>& args);
int inspect_command(const GlobalOptions& global, const std::vector<std::string>& args);
int shutdown_command(const GlobalOptions& global, const std::vector<std::string>& args);
int acl_command(const GlobalOptions& global, const std::vector<std::string>& args);
int ls_command(const GlobalOptions& global, const std::vector<std::string>& args);
int cat_command(const GlobalOptions& global, const std::vector<std::string>& args);
int put_command(const GlobalOptions& global, const std::vector<std::string>& args);
int get_command(const GlobalOptions& global, const std::vector<std::string>& args);
int fsck_command(const GlobalOptions& global, const std::vector<std::string>& args);
int rebalance_command(const GlobalOptions& global, const std::vector<std::string>& args);

}  // namespace magma::tools
