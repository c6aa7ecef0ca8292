// HOST[:PORT] parsing for magmactl's -H.
#include "tools/host_port.h"

#include <charconv>
#include <string>

namespace magma::tools {
namespace {

Result<uint16_t> parse_port(std::string_view port, std::string_view whole) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
      value > 65535)
    return Status(Errc::Invalid, "bad port '" + std::string(port) + "' in '" + std::string(whole) + "'");
  return static_cast<uint16_t>(value);
}

}  // namespace

Result<Endpoint> parse_host_port(std::string_view text, uint16_t default_port) {
  const std::string_view whole = text;
  std::string_view host = text;
  std::optional<std::string_view> port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos)
      return Status(Errc::Invalid, "missing ']' in '" + std::string(whole) + "'");
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':')
      return Status(Errc::Invalid, "bad host '" + std::string(whole) + "'");
    if (!rest.empty()) port = rest.substr(1);
    host = text.substr(1, close - 1);
  } else if (size_t colon = text.find(':');
             colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    port = text.substr(colon + 1);
    host = text.substr(0, colon);
  }
  if (host.empty()) return Status(Errc::Invalid, "missing host in '" + std::string(whole) + "'");
  Endpoint ep{std::string(host), default_port};
  if (port) {
    Result<uint16_t> p = parse_port(*port, whole);
    if (!p) return p.status();
    ep.port = *p;
  }
  return ep;
}

}  // namespace magma::tools
