// HOST[:PORT] parsing.
#include "libmagma/host_port.h"

#include <charconv>
#include <optional>

namespace magma {

std::string Endpoint::to_string() const { return host + ":" + std::to_string(port); }

Result<uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 ||
      value > 65535)
    return Status(Errc::Invalid, "bad port '" + std::string(text) + "'");
  return static_cast<uint16_t>(value);
}

Result<Endpoint> parse_host_port(std::string_view text, uint16_t default_port) {
  const std::string quoted = "'" + std::string(text) + "'";
  std::string_view host = text;
  std::optional<std::string_view> port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return Status(Errc::Invalid, "missing ']' in " + quoted);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return Status(Errc::Invalid, "bad host " + quoted);
    if (!rest.empty()) port = rest.substr(1);
    host = text.substr(1, close - 1);
  } else if (size_t colon = text.find(':');
             colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    port = text.substr(colon + 1);
    host = text.substr(0, colon);
  }
  if (host.empty()) return Status(Errc::Invalid, "missing host in " + quoted);
  Endpoint ep{std::string(host), default_port};
  if (port) {
    Result<uint16_t> p = parse_port(*port);
    if (!p) return Status(Errc::Invalid, p.status().message() + " in " + quoted);
    ep.port = *p;
  }
  return ep;
}

}  // namespace magma
