// The ADDRESS of a share rule: "*" or "all" (every address), a literal network (see
// ip_prefix.h), or a host name resolved once, when the share file is loaded, to every
// address it has. Resolving blocks (getaddrinfo); everything else here is pure.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "acl/ip_prefix.h"
#include "libmagma/errc.h"

namespace magma::acl {

// Turns a host name into its addresses. Fails with Invalid and a reason when the name does
// not resolve. Tests inject their own; production uses resolve_host.
using Resolver = std::function<Result<std::vector<boost::asio::ip::address>>(const std::string& host)>;

// Every IPv4 and IPv6 address of host through getaddrinfo, without duplicates. Blocks.
// Fails with Invalid: "cannot resolve host 'x': <reason>".
Result<std::vector<boost::asio::ip::address>> resolve_host(const std::string& host);

// The networks text stands for: one for "*", "all" or a literal network; one host prefix
// per address for a name. Text that looks like an address (digits and dots only, or a ':')
// or contains a '/' is never taken for a name. Fails with Invalid: parse_ip_prefix's
// reasons, "bad address 'x'" for what is neither, or the resolver's reason.
Result<std::vector<IpPrefix>> parse_rule_address(std::string_view text, const Resolver& resolve);

}  // namespace magma::acl
