// What magmactl's subcommands share: option parsing with --help, failure reports, JSON.
#include "tools/command.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace magma::tools {

std::optional<int> parse_command_line(const CommandSpec& spec, const std::vector<std::string>& args,
                                      po::options_description& options, po::variables_map& vm,
                                      const po::options_description& operands,
                                      const po::positional_options_description& positional) {
  options.add_options()("help,h", "print this help");
  po::options_description all;
  all.add(options).add(operands);
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: magmactl [GLOBAL OPTIONS] " << spec.name
                << (*spec.operands ? " [OPTIONS] " : " [OPTIONS]") << spec.operands << "\n"
                << spec.summary << "\n\n"
                << options;
      return kExitOk;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    return usage_error(spec, e.what());
  }
  return std::nullopt;
}

int usage_error(const CommandSpec& spec, const std::string& reason) {
  std::cerr << "magmactl " << spec.name << ": " << reason << " (try 'magmactl " << spec.name
            << " --help')\n";
  return kExitUsage;
}

int fail(const std::string& context, const Status& status) {
  std::cerr << "magmactl: " << context << ": " << status.to_string() << "\n";
  return kExitFailure;
}

void print_json(const Json& json, std::ostream& out) {
  out << json.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

std::optional<int> resolve_key(GlobalOptions& global, const std::vector<std::string>& args) {
  if (std::find(args.begin(), args.end(), "--help") != args.end() || std::find(args.begin(), args.end(), "-h") != args.end())
    return std::nullopt;
  global.key_sources.may_prompt = ::isatty(STDIN_FILENO) == 1;
  Result<std::string> key = resolve_lava_key(global.key_sources);
  if (!key) return fail("lava key", key.status());
  global.key = std::move(*key);
  return std::nullopt;
}

ClientOptions client_options(const GlobalOptions& global, const Endpoint& at) {
  ClientOptions o;
  o.key = global.key;
  o.host = at.host;
  o.port = at.port;
  o.request_timeout = global.timeout;
  o.connect_timeout = std::min(global.timeout, std::chrono::milliseconds(3000));
  return o;
}

}  // namespace magma::tools
