// magmactl acl: `acl check ADDRESS PATH [r|w]` prints a volcano's decision for a client
// address and the rule that made it; `acl reload` makes every volcano read its shares
// directory again (as SIGHUP does) and prints the rules then in force.
#include <iostream>

#include "libmagma/flare_client.h"
#include "tools/command.h"
#include "tools/lava_status.h"

namespace magma::tools {
namespace {

const CommandSpec kAclSpec{
    "acl", "check ADDRESS PATH [r|w] | reload",
    "check: the decision of the volcano named by -H for a client at ADDRESS on PATH (a path\n"
    "  of the lava), optionally for reading (r) or writing (w), with the share and the rule\n"
    "  that made it (magma-acl(5)).\n"
    "reload: every volcano reads its shares directory again; a volcano whose files have an\n"
    "  error keeps its rules in force and says why (FILE:LINE: reason)."};

void print_lines(const std::vector<std::string>& lines, const std::string& indent = "") {
  for (const std::string& line : lines) std::cout << indent << line << "\n";
}

int check(const GlobalOptions& global, const std::vector<std::string>& words) {
  if (words.size() < 3 || words.size() > 4) return usage_error(kAclSpec, "acl check takes ADDRESS PATH [r|w]");
  auto client = FlareClient::connect(client_options(global, global.host));
  if (!client) return fail("cannot reach " + global.host.to_string(), client.status());
  auto answer = (*client)->call(Credentials{}, AclCheckRequest{words[1], words[2], words.size() == 4 ? words[3] : ""});
  if (!answer) return fail("acl check", answer.status());
  print_lines(answer->lines);
  return kExitOk;
}

int reload(const GlobalOptions& global) {
  Result<Topology> topology = fetch_topology(global);
  if (!topology) return fail("cannot get the topology from " + global.host.to_string(), topology.status());
  int status = kExitOk;
  for (const VolcanoInfo& v : topology->volcanos) {
    auto client = FlareClient::connect(client_options(global, {v.address, v.flare_port}));
    if (!client) {
      status = fail(v.nickname + " is unreachable", client.status());
      continue;
    }
    auto answer = (*client)->call(Credentials{}, AclReloadRequest{});
    if (!answer) {
      status = fail(v.nickname + " kept its rules", answer.status());
      continue;
    }
    std::cout << v.nickname << ": reloaded\n";
    print_lines(answer->lines, "  ");
  }
  return status;
}

}  // namespace

int acl_command(const GlobalOptions& global, const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::vector<std::string> words;
  po::options_description operands;
  operands.add_options()("words", po::value(&words), "the subcommand and its operands");
  po::positional_options_description positional;
  positional.add("words", -1);
  po::variables_map vm;
  if (auto done = parse_command_line(kAclSpec, args, options, vm, operands, positional)) return *done;
  if (!words.empty() && words[0] == "check") return check(global, words);
  if (words.size() == 1 && words[0] == "reload") return reload(global);
  return usage_error(kAclSpec, words.empty() ? "missing check or reload" : "unknown acl command '" + words[0] + "'");
}

}  // namespace magma::tools
