// Rule addresses: wildcard, literal networks and host names resolved at load.
#include "acl/rule_address.h"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace magma::acl {

namespace asio_ip = boost::asio::ip;

namespace {

bool looks_numeric(std::string_view text) {
  if (text.find_first_of(":/") != std::string_view::npos) return true;
  return text.find_first_not_of("0123456789.") == std::string_view::npos;
}

// Letters, digits, '-', '.' and '_' (some resolvers accept it), starting with an alphanumeric.
bool looks_like_host_name(std::string_view text) {
  if (text.empty() || text.size() > 253 || !std::isalnum(static_cast<unsigned char>(text[0]))) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
  });
}

asio_ip::address address_of(const sockaddr* sa) {
  if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    asio_ip::address_v6::bytes_type bytes;
    std::copy(std::begin(in6->sin6_addr.s6_addr), std::end(in6->sin6_addr.s6_addr), bytes.begin());
    return asio_ip::address_v6(bytes);
  }
  const auto* in4 = reinterpret_cast<const sockaddr_in*>(sa);
  return asio_ip::address_v4(ntohl(in4->sin_addr.s_addr));
}

}  // namespace

Result<std::vector<asio_ip::address>> resolve_host(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;  // one entry per address instead of one per socket type
  addrinfo* found = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0) return Status(Errc::Invalid, "cannot resolve host '" + host + "': " + gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(found, &freeaddrinfo);
  std::vector<asio_ip::address> out;
  for (const addrinfo* ai = found; ai; ai = ai->ai_next) {
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    auto a = address_of(ai->ai_addr);
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  if (out.empty()) return Status(Errc::Invalid, "cannot resolve host '" + host + "': no IPv4 or IPv6 address");
  return out;
}

Result<std::vector<IpPrefix>> parse_rule_address(std::string_view text, const Resolver& resolve) {
  if (text == "*" || text == "all") return std::vector<IpPrefix>{IpPrefix()};
  auto literal = parse_ip_prefix(text);
  if (literal) return std::vector<IpPrefix>{*literal};
  if (looks_numeric(text)) return literal.status();
  if (!looks_like_host_name(text)) return Status(Errc::Invalid, "bad address '" + std::string(text) + "'");
  auto addresses = resolve(std::string(text));
  MAGMA_RETURN_IF_ERROR(addresses);
  if (addresses->empty()) return Status(Errc::Invalid, "cannot resolve host '" + std::string(text) + "': no address");
  std::vector<IpPrefix> out;
  for (const auto& a : *addresses) {
    IpPrefix host(a, a.is_v4() ? 32 : 128);
    if (std::find(out.begin(), out.end(), host) == out.end()) out.push_back(host);
  }
  return out;
}

}  // namespace magma::acl
