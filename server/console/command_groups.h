// The console's command handlers, by group (each group is one file: session_commands.cc,
// fs_commands.cc, inspect_command.cc, debug_commands.cc, cache_commands.cc,
// acl_commands.cc, lava_commands.cc). Each has console_commands.h's CommandFn contract; filesystem
// commands call FlareService with CommandContext::call().
#pragma once

#include <string>
#include <vector>

#include "libmagma/errc.h"
#include "server/console/command_context.h"

namespace magma::server::console {

using Args = std::vector<std::string>;

// session_commands.cc
Result<std::string> help_command(CommandContext& ctx, const Args& args);
Result<std::string> exit_command(CommandContext& ctx, const Args& args);

// fs_commands.cc
Result<std::string> cd_command(CommandContext& ctx, const Args& args);
Result<std::string> pwd_command(CommandContext& ctx, const Args& args);
Result<std::string> ls_command(CommandContext& ctx, const Args& args);
Result<std::string> cat_command(CommandContext& ctx, const Args& args);
Result<std::string> erase_command(CommandContext& ctx, const Args& args);

// inspect_command.cc
Result<std::string> inspect_command(CommandContext& ctx, const Args& args);

// debug_commands.cc
Result<std::string> debug_on_command(CommandContext& ctx, const Args& args);
Result<std::string> debug_off_command(CommandContext& ctx, const Args& args);
Result<std::string> print_debug_command(CommandContext& ctx, const Args& args);

// cache_commands.cc
Result<std::string> cache_load_command(CommandContext& ctx, const Args& args);
Result<std::string> print_cache_command(CommandContext& ctx, const Args& args);

// acl_commands.cc
Result<std::string> print_acl_command(CommandContext& ctx, const Args& args);

// lava_commands.cc
Result<std::string> lava_command(CommandContext& ctx, const Args& args);
Result<std::string> shutdown_command(CommandContext& ctx, const Args& args);

}  // namespace magma::server::console
