// The console's commands: one table of names, arguments and help texts, the lookup of a
// line's command in it, and running a whole line. The commands themselves live in
// *_commands.cc, one file per group (command_groups.h).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libmagma/errc.h"
#include "server/console/command_context.h"

namespace magma::server::console {

// A command's handler: its output (lines ending in '\n'), or the error to print. args are
// the words after the command's name, their count already checked against the table.
using CommandFn = Result<std::string> (*)(CommandContext& ctx, const std::vector<std::string>& args);

struct Command {
  std::string_view name;   // one or two words: "ls", "print cache"
  std::string_view usage;  // its arguments as help shows them: "PATH", "[PATH]", "X"
  size_t min_args = 0;
  size_t max_args = 0;
  std::string_view help;   // one line
  CommandFn run = nullptr;
};

// Every command, in the order help lists them.
const std::vector<Command>& command_table();

// "name usage", as help and a usage error show it: "ls [PATH]".
std::string command_usage(const Command& command);

// The command whose name the first words of line are (a two-word name before a one-word
// one), with the number of words its name took; nullopt when none is.
struct CommandMatch {
  const Command* command = nullptr;
  size_t name_words = 0;
};
std::optional<CommandMatch> find_command(const std::vector<std::string>& words);

// Runs one console line and returns what to print (each line ending in '\n'): nothing for
// a blank line, "unknown command" for an unknown one, "error: ..." when the command fails
// or its arguments do not fit. Blocks as long as the command does; any thread.
std::string run_line(CommandContext& ctx, std::string_view line);

}  // namespace magma::server::console
