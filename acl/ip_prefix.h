// IpPrefix: a network — an IPv4 or IPv6 address and a prefix length — that client
// addresses are matched against, and the ADDRESS[/N | /MASK] spelling share files use.
// Every address is matched in the 128-bit IPv6 space, an IPv4 address as its v4-mapped
// form ::ffff:a.b.c.d: so an IPv4 rule also matches an IPv6 socket's v4-mapped client.
// Values, thread-safe; matching allocates nothing.
#pragma once

#include <array>
#include <compare>
#include <boost/asio/ip/address.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "libmagma/errc.h"

namespace magma::acl {

using AddressBytes = std::array<uint8_t, 16>;

// The bytes an address is matched on: IPv6 as is, IPv4 as ::ffff:a.b.c.d.
AddressBytes match_bytes(const boost::asio::ip::address& address);

class IpPrefix {
 public:
  IpPrefix() = default;  // ::/0: every address, IPv4 or IPv6
  // The network of address with length leading bits; host bits are cleared.
  // REQUIRES: length <= 32 for an IPv4 address, <= 128 for IPv6.
  IpPrefix(const boost::asio::ip::address& address, unsigned length);

  bool contains(const AddressBytes& client) const;
  bool contains(const boost::asio::ip::address& client) const { return contains(match_bytes(client)); }

  // The prefix length in the 128-bit space: IPv4 /N counts 96 + N, so 0.0.0.0/0 (96) is
  // more specific than ::/0 (0). Longer is more specific.
  unsigned specificity() const { return bits_; }

  // "*" for ::/0; "10.0.0.0/8", "2001:db8::/32"; a single host without its length
  // ("10.0.0.5", "::1").
  std::string to_string() const;

  // Same network and length. The order only groups equal prefixes.
  auto operator<=>(const IpPrefix&) const = default;

 private:
  AddressBytes network_{};
  unsigned bits_ = 0;
};

// Parses ADDRESS, ADDRESS/N or IPV4/DOTTED-MASK (a literal address, never a name).
// Fails with Invalid and the reason: "bad address 'x'", "zone index in 'fe80::1%eth0'",
// "bad prefix length '/x'", "prefix length /33 out of range (IPv4: 0 to 32)",
// "bad netmask '1.2.3'", "non-contiguous netmask '255.0.255.0'",
// "netmask '255.0.0.0' on an IPv6 address (use /N)".
Result<IpPrefix> parse_ip_prefix(std::string_view text);

}  // namespace magma::acl
