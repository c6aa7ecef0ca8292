// help, exit and quit: the commands about the session itself.
#include <iomanip>
#include <sstream>

#include "server/console/command_groups.h"
#include "server/console/console_commands.h"

namespace magma::server::console {

Result<std::string> help_command(CommandContext&, const Args&) {
  size_t width = 0;
  for (const Command& c : command_table()) width = std::max(width, command_usage(c).size());
  std::ostringstream out;
  for (const Command& c : command_table())
    out << "  " << std::left << std::setw(static_cast<int>(width + 2)) << command_usage(c) << c.help << "\n";
  out << "Paths are inside the lava, absolute or relative to the working directory;\n"
         "quote names with blanks (\"my file\").\n";
  return out.str();
}

Result<std::string> exit_command(CommandContext& ctx, const Args&) {
  ctx.session.closing = true;
  return std::string("bye\n");
}

}  // namespace magma::server::console
