// HOST[:PORT] as magmactl's -H takes it: "wallace", "127.0.0.2:12100", "[::1]:12000";
// a bare IPv6 address (two or more colons) has no port. Pure, thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "libmagma/errc.h"
#include "libmagma/lava_client.h"

namespace magma::tools {

constexpr uint16_t kDefaultFlarePort = 12000;

// Parses text; the port defaults to default_port. Fails with Invalid and a one-line reason
// ("bad port 'x' in 'host:x'", "missing host").
Result<Endpoint> parse_host_port(std::string_view text, uint16_t default_port = kDefaultFlarePort);

}  // namespace magma::tools
