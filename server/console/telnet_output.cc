// Text to the telnet byte stream.
#include "server/console/telnet_output.h"

namespace magma::server::console {

std::string to_telnet(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    if (c == '\n') out += '\r';
    else if (c == '\xff') out += '\xff';
    out += c;
  }
  return out;
}

}  // namespace magma::server::console
