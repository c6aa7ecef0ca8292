// Lava::is_volcano_address: which peers may name the client they forward for.
#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "libmagma/logging.h"
#include "server/lava.h"

namespace magma::server {

namespace {

namespace ip = boost::asio::ip;

// Every address of every volcano in topology. A name that does not resolve is logged and
// left out: its volcano's forwarded requests are then judged by its own address.
std::set<ip::address> resolve_volcanos(const Topology& topology) {
  std::set<ip::address> addresses;
  boost::asio::io_context io;
  ip::tcp::resolver resolver(io);
  for (const VolcanoInfo& v : topology.volcanos) {
    boost::system::error_code ec;
    auto found = resolver.resolve(v.address, "", ec);
    if (ec) {
      MAGMA_LOG(warning) << "cannot resolve volcano " << v.nickname << "'s address " << v.address << ": "
                         << ec.message();
      continue;
    }
    for (const auto& entry : found) addresses.insert(entry.endpoint().address());
  }
  return addresses;
}

}  // namespace

bool Lava::is_volcano_address(const ip::address& address) {
  Topology now;
  {
    std::lock_guard lock(mu_);
    if (addresses_epoch_ == topology_.epoch && addresses_epoch_ != 0) return volcano_addresses_.count(address) > 0;
    now = topology_;
  }
  std::set<ip::address> resolved = resolve_volcanos(now);
  bool found = resolved.count(address) > 0;
  std::lock_guard lock(mu_);
  if (topology_.epoch == now.epoch) {
    volcano_addresses_ = std::move(resolved);
    addresses_epoch_ = now.epoch;
  }
  return found;
}

}  // namespace magma::server
