// magmactl: the operator's command line tool. Parses the global options, then hands the
// rest of the command line to the subcommand named by the first operand.
#include <boost/log/core.hpp>
#include <iomanip>
#include <iostream>
#include <string_view>

#include "libmagma/host_port.h"
#include "libmagma/lava_key.h"
#include "libmagma/logging.h"
#include "tools/command.h"

using namespace magma;
using namespace magma::tools;

namespace {

struct CommandEntry {
  std::string_view name;
  int (*run)(const GlobalOptions&, const std::vector<std::string>&);
  std::string_view summary;
};

constexpr CommandEntry kCommands[] = {
    {"lava", lava_command, "the topology and each volcano's load (--json for JSON)"},
    {"status", lava_command, "the same as lava"},
    {"inspect", inspect_command, "which volcanos hold a path's record, inode, data and entry"},
    {"shutdown", shutdown_command, "stop every volcano of the lava cleanly"},
    {"acl", acl_command, "a volcano's decision for an address and path; reload the shares"},
    {"ls", ls_command, "list a directory of the lava without a mount"},
    {"cat", cat_command, "write a file of the lava to standard output"},
    {"put", put_command, "copy a local file into the lava"},
    {"get", get_command, "copy a file of the lava to a local file"},
    {"fsck", fsck_command, "find (--repair: repair) what crashes left behind"},
    {"rebalance", rebalance_command, "even out the records the volcanos hold"},
};

// Global options that take their value in the next word ("-H host").
bool takes_value(std::string_view arg) {
  return arg == "-H" || arg == "--host" || arg == "--timeout" || arg == "-k" || arg == "--key" || arg == "--key-file";
}

// The position of the command's name: the first word that is neither a global option nor
// the value of one; argc when there is none.
int command_position(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.empty() || arg[0] != '-') return i;
    if (takes_value(arg)) ++i;
  }
  return argc;
}

void usage(std::ostream& out, const po::options_description& global) {
  out << "usage: magmactl [GLOBAL OPTIONS] COMMAND [OPTIONS] [OPERANDS]\n\nCommands:\n";
  for (const CommandEntry& c : kCommands)
    out << "  " << std::left << std::setw(10) << c.name << c.summary << "\n";
  out << "\n" << global << "\n'magmactl COMMAND --help' describes each command.\n";
}

// A failure is reported in one line: libmagma's own log records (a volcano that did not
// answer, a retry) appear only with --verbose, with the network debug channel.
void init_log(bool verbose) {
  init_logging({"magmactl", verbose ? "n" : "", true, false});
  boost::log::core::get()->set_logging_enabled(verbose);
}

// Parses the global options among argv[1, end) into g. Returns the exit status to return
// now (after --help or a usage error), or -1 to go on.
int parse_globals(int argc_end, char** argv, GlobalOptions& g) {
  std::string host = g.host.to_string();
  auto timeout_s = static_cast<unsigned>(std::chrono::duration_cast<std::chrono::seconds>(g.timeout).count());
  bool verbose = false;
  po::options_description global("Global options");
  global.add_options()
      ("host,H", po::value(&host)->value_name("HOST[:PORT]"),
       "a volcano's flare port (default 127.0.0.1:12000); any volcano of the lava will do")
      ("timeout", po::value(&timeout_s)->value_name("SECONDS"), "per request (default 10)")
      ("key,k", po::value(&g.key_sources.key)->value_name("KEY"), "the lava key (briefly visible to ps: prefer --key-file)")
      ("key-file", po::value(&g.key_sources.key_file)->value_name("FILE"),
       "read the lava key from FILE, mode 0600 (default /etc/magma/secret; else a prompt on a terminal)")
      ("verbose,v", po::bool_switch(&verbose), "also log what the client library reports")
      ("help,h", "print this help");
  po::variables_map vm;
  try {
    std::vector<std::string> words(argv + 1, argv + argc_end);
    po::store(po::command_line_parser(words).options(global).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "magmactl: " << e.what() << " (try 'magmactl --help')\n";
    return kExitUsage;
  }
  hide_key_in_argv(argc_end, argv, g.key_sources.key);
  if (vm.count("help")) {
    usage(std::cout, global);
    return kExitOk;
  }
  Result<Endpoint> ep = parse_host_port(host);
  if (!ep || timeout_s == 0) {
    std::cerr << "magmactl: " << (ep ? "--timeout must be at least 1" : ep.status().message()) << "\n";
    return kExitUsage;
  }
  g.host = *ep;
  g.timeout = std::chrono::seconds(timeout_s);
  init_log(verbose);
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  const int at = command_position(argc, argv);
  GlobalOptions global;
  if (int done = parse_globals(at, argv, global); done >= 0) return done;
  if (at == argc) {
    std::cerr << "magmactl: missing COMMAND (try 'magmactl --help')\n";
    return kExitUsage;
  }
  std::string_view name = argv[at];
  std::vector<std::string> args(argv + at + 1, argv + argc);
  try {
    for (const CommandEntry& c : kCommands)
      if (c.name == name) {
        if (std::optional<int> done = resolve_key(global, args)) return *done;
        return c.run(global, args);
      }
  } catch (const std::exception& e) {
    std::cerr << "magmactl " << name << ": " << e.what() << "\n";
    return kExitFailure;
  }
  std::cerr << "magmactl: unknown command '" << name << "' (try 'magmactl --help')\n";
  return kExitUsage;
}
