// IpPrefix: masking, matching, printing and parsing of networks.
#include "acl/ip_prefix.h"

#include <bit>
#include <charconv>

namespace magma::acl {

namespace asio_ip = boost::asio::ip;

namespace {

constexpr unsigned kV4MappedBits = 96;  // ::ffff:0:0/96 holds the IPv4 space

bool is_v4_mapped(const AddressBytes& b) {
  for (int i = 0; i < 10; ++i)
    if (b[i] != 0) return false;
  return b[10] == 0xff && b[11] == 0xff;
}

Status bad(std::string reason) { return Status(Errc::Invalid, std::move(reason)); }

// The length of a dotted IPv4 netmask, which must be contiguous ones then zeros.
Result<unsigned> dotted_mask_length(std::string_view text) {
  boost::system::error_code ec;
  auto mask = asio_ip::make_address_v4(std::string(text), ec);
  if (ec) return bad("bad netmask '" + std::string(text) + "'");
  uint32_t bits = mask.to_uint();
  if (bits != 0 && std::countl_one(bits) + std::countr_zero(bits) != 32)
    return bad("non-contiguous netmask '" + std::string(text) + "'");
  return static_cast<unsigned>(std::popcount(bits));
}

Result<unsigned> numeric_length(std::string_view text, unsigned width, bool v4) {
  unsigned n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || text.size() > 3 || ec != std::errc() || end != text.data() + text.size())
    return bad("bad prefix length '/" + std::string(text) + "'");
  if (n > width)
    return bad("prefix length /" + std::string(text) + " out of range (" + (v4 ? "IPv4: 0 to 32" : "IPv6: 0 to 128") + ")");
  return n;
}

}  // namespace

AddressBytes match_bytes(const asio_ip::address& address) {
  if (address.is_v6()) return address.to_v6().to_bytes();
  return asio_ip::make_address_v6(asio_ip::v4_mapped, address.to_v4()).to_bytes();
}

IpPrefix::IpPrefix(const asio_ip::address& address, unsigned length)
    : network_(match_bytes(address)), bits_(address.is_v4() ? kV4MappedBits + length : length) {
  for (unsigned i = 0; i < network_.size(); ++i) {
    unsigned kept = bits_ > i * 8 ? bits_ - i * 8 : 0;
    if (kept < 8) network_[i] &= static_cast<uint8_t>(0xff00u >> kept);
  }
}

bool IpPrefix::contains(const AddressBytes& client) const {
  unsigned whole = bits_ / 8;
  for (unsigned i = 0; i < whole; ++i)
    if (client[i] != network_[i]) return false;
  unsigned rest = bits_ % 8;
  if (rest == 0) return true;
  auto mask = static_cast<uint8_t>(0xff00u >> rest);
  return (client[whole] & mask) == network_[whole];
}

std::string IpPrefix::to_string() const {
  if (bits_ == 0) return "*";
  std::string text;
  unsigned length = bits_;
  if (is_v4_mapped(network_) && bits_ >= kV4MappedBits) {
    text = asio_ip::make_address_v4(asio_ip::v4_mapped, asio_ip::address_v6(network_)).to_string();
    length -= kV4MappedBits;
    if (length == 32) return text;
  } else {
    text = asio_ip::address_v6(network_).to_string();
    if (length == 128) return text;
  }
  return text + "/" + std::to_string(length);
}

Result<IpPrefix> parse_ip_prefix(std::string_view text) {
  size_t slash = text.find('/');
  std::string host(text.substr(0, slash));
  if (host.find('%') != std::string::npos) return bad("zone index in '" + std::string(text) + "'");
  boost::system::error_code ec;
  auto address = asio_ip::make_address(host, ec);
  if (ec) return bad("bad address '" + std::string(text) + "'");
  bool v4 = address.is_v4();
  unsigned width = v4 ? 32 : 128;
  if (slash == std::string_view::npos) return IpPrefix(address, width);
  std::string_view mask = text.substr(slash + 1);
  if (mask.find('.') != std::string_view::npos) {
    if (!v4) return bad("netmask '" + std::string(mask) + "' on an IPv6 address (use /N)");
    auto length = dotted_mask_length(mask);
    MAGMA_RETURN_IF_ERROR(length);
    return IpPrefix(address, *length);
  }
  auto length = numeric_length(mask, width, v4);
  MAGMA_RETURN_IF_ERROR(length);
  return IpPrefix(address, *length);
}

}  // namespace magma::acl
