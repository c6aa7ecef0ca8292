// print acl: the shares and rules in force (acl/describe.h), as every door applies them.
#include "acl/describe.h"
#include "server/console/command_groups.h"
#include "server/shares.h"

namespace magma::server::console {

Result<std::string> print_acl_command(CommandContext& ctx, const Args&) {
  std::string out;
  for (const std::string& line : acl::describe(*ctx.services.shares.current())) out += line + "\n";
  return out;
}

}  // namespace magma::server::console
