// Endpoint: a host and a port, and the HOST[:PORT] spelling that magmad's -r, mount.magma
// and magmactl's -H all take: "wallace", "127.0.0.2:12100", "[::1]:12000"; a bare IPv6
// address (two or more colons) has no port. Pure, thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "libmagma/errc.h"

namespace magma {

constexpr uint16_t kDefaultFlarePort = 12000;

struct Endpoint {
  std::string host;  // a name or an address; an IPv6 address without its brackets
  uint16_t port = 0;
  auto operator<=>(const Endpoint&) const = default;
  std::string to_string() const;  // "host:port"
};

// A port number, 1 to 65535. Fails with Invalid ("bad port 'x'").
Result<uint16_t> parse_port(std::string_view text);

// Parses text; the port defaults to default_port. Fails with Invalid and a one-line reason
// ("bad port 'x' in 'host:x'", "missing host in ':1'").
Result<Endpoint> parse_host_port(std::string_view text, uint16_t default_port = kDefaultFlarePort);

}  // namespace magma
