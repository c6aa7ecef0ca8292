// debug on X, debug off X and print debug: the -D channels, switched while magmad runs.
#include <sstream>

#include "libmagma/logging.h"
#include "server/console/command_groups.h"

namespace magma::server::console {

namespace {

// What each letter of kDebugChannels logs (libmagma/logging.h).
const char* channel_name(char c) {
  switch (c) {
    case 'b': return "boot and configuration";
    case 'n': return "network";
    case 'p': return "protocol frames";
    case 'f': return "flare operations";
    case 's': return "SQL statements (only when magmad started with -Ds)";
    case 'u': return "FUSE requests (mount.magma only)";
  }
  return "";
}

Result<std::string> switch_channels(const std::string& letters, bool on) {
  for (char c : letters)
    if (kDebugChannels.find(c) == std::string_view::npos)
      return Status(Errc::Invalid, std::string("unknown debug channel '") + c + "' (channels: " +
                                       std::string(kDebugChannels) + ")");
  for (char c : letters) set_debug_channel(c, on);
  std::string enabled;
  for (char c : kDebugChannels)
    if (debug_channel_enabled(c)) enabled += c;
  return "debug channels on: " + (enabled.empty() ? std::string("none") : enabled) + "\n";
}

}  // namespace

Result<std::string> debug_on_command(CommandContext&, const Args& args) { return switch_channels(args[0], true); }

Result<std::string> debug_off_command(CommandContext&, const Args& args) { return switch_channels(args[0], false); }

Result<std::string> print_debug_command(CommandContext&, const Args&) {
  std::ostringstream out;
  for (char c : kDebugChannels)
    out << "  " << c << "  " << (debug_channel_enabled(c) ? "on " : "off") << "  " << channel_name(c) << "\n";
  return out.str();
}

}  // namespace magma::server::console
