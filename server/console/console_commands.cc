// The console's command table and the dispatch of a line to its command.
#include "server/console/console_commands.h"

#include "server/console/command_groups.h"
#include "server/console/command_line.h"

namespace magma::server::console {

namespace {

// Whether words start with name's words.
bool starts_with_name(const std::vector<std::string>& words, std::string_view name, size_t& name_words) {
  size_t i = 0;
  while (!name.empty()) {
    size_t blank = name.find(' ');
    std::string_view word = name.substr(0, blank);
    if (i == words.size() || words[i] != word) return false;
    ++i;
    name = blank == std::string_view::npos ? std::string_view() : name.substr(blank + 1);
  }
  name_words = i;
  return true;
}

}  // namespace

std::string command_usage(const Command& c) {
  return std::string(c.name) + (c.usage.empty() ? "" : " " + std::string(c.usage));
}

const std::vector<Command>& command_table() {
  static const std::vector<Command> kCommands = {
      {"help", "", 0, 0, "list the commands", help_command},
      {"cd", "[PATH]", 0, 1, "change the working directory (default /)", cd_command},
      {"pwd", "", 0, 0, "print the working directory", pwd_command},
      {"ls", "[PATH]", 0, 1, "list a directory: mode, owner, group, size, name", ls_command},
      {"cat", "PATH", 1, 1, "print a regular file's contents", cat_command},
      {"inspect", "PATH", 1, 1, "where a flare and its parent live: key, owner, mirrors", inspect_command},
      {"erase", "PATH", 1, 1, "remove a flare that is not a directory (loopback only)", erase_command},
      {"lava", "", 0, 0, "every volcano: name, fqdn, alive, slice, keys, bandwidth, storage", lava_command},
      {"cache load", "", 0, 0, "count this volcano's records and inodes, warming SQLite's cache", cache_load_command},
      {"print cache", "", 0, 0, "this volcano's in-memory state: open flares, caches, connections",
       print_cache_command},
      {"print debug", "", 0, 0, "the debug channels and whether each is on", print_debug_command},
      {"print acl", "", 0, 0, "the shares and ACL rules in force", print_acl_command},
      {"debug on", "X", 1, 1, "turn debug channels on (letters as magmad -D takes them)", debug_on_command},
      {"debug off", "X", 1, 1, "turn debug channels off", debug_off_command},
      {"exit", "", 0, 0, "end this session", exit_command},
      {"quit", "", 0, 0, "end this session", exit_command},
      {"shutdown", "", 0, 0, "stop every volcano of the lava cleanly (loopback only)", shutdown_command},
  };
  return kCommands;
}

std::optional<CommandMatch> find_command(const std::vector<std::string>& words) {
  std::optional<CommandMatch> best;
  for (const Command& c : command_table()) {
    size_t n = 0;
    if (starts_with_name(words, c.name, n) && (!best || n > best->name_words)) best = CommandMatch{&c, n};
  }
  return best;
}

std::string run_line(CommandContext& ctx, std::string_view line) {
  Result<std::vector<std::string>> words = split_words(line);
  if (!words) return "error: " + words.status().to_string() + "\n";
  if (words->empty()) return "";
  std::optional<CommandMatch> match = find_command(*words);
  if (!match) return "unknown command '" + words->front() + "': type help for the list of commands\n";
  const Command& c = *match->command;
  std::vector<std::string> args(words->begin() + static_cast<ptrdiff_t>(match->name_words), words->end());
  if (args.size() < c.min_args || args.size() > c.max_args) return "error: usage: " + command_usage(c) + "\n";
  Result<std::string> out = c.run(ctx, args);
  if (!out) return "error: " + out.status().to_string() + "\n";
  if (!out->empty() && out->back() != '\n') out->push_back('\n');
  return std::move(*out);
}

}  // namespace magma::server::console
