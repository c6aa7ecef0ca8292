// RpcbindRegistration: rpcb_set at start, rpcb_unset at the end, through libtirpc.
#include "nfs_gateway/rpc/rpcbind_registration.h"

#include <rpc/rpc.h>

#include <boost/asio/ip/udp.hpp>
#include <memory>

#include "libmagma/logging.h"

namespace magma::nfs::rpc {

namespace {

struct NetconfigFree {
  void operator()(netconfig* nc) const { freenetconfigent(nc); }
};
using Netconfig = std::unique_ptr<netconfig, NetconfigFree>;

Netconfig netconfig_of(const std::string& netid) { return Netconfig(getnetconfigent(netid.c_str())); }

}  // namespace

RpcbindRegistration::RpcbindRegistration(const std::vector<std::pair<uint32_t, uint32_t>>& versions,
                                         const boost::asio::ip::address& address, uint16_t port) {
  boost::asio::ip::udp::endpoint endpoint(address, port);  // a sockaddr_in or sockaddr_in6
  auto length = static_cast<unsigned>(endpoint.size());
  netbuf where{length, length, endpoint.data()};
  const std::vector<std::string> netids =
      address.is_v4() ? std::vector<std::string>{"udp", "tcp"} : std::vector<std::string>{"udp6", "tcp6"};
  for (const auto& [program, version] : versions) {
    for (const std::string& netid : netids) {
      Netconfig nc = netconfig_of(netid);
      if (!nc) {
        MAGMA_LOG(warning) << "rpcbind: no netconfig entry for " << netid << "; not registered there";
        continue;
      }
      rpcb_unset(program, version, nc.get());  // what a previous run may have left
      if (rpcb_set(program, version, nc.get(), &where)) {
        entries_.push_back({program, version, netid});
        continue;
      }
      MAGMA_LOG(warning) << "rpcbind: cannot register program " << program << " version " << version << " on "
                         << netid << " (" << clnt_spcreateerror("rpcbind") << "); clients must be given port "
                         << port;
      // Nothing registered yet: no rpcbind to talk to, and every other attempt would say so.
      if (entries_.empty()) return;
    }
  }
  MAGMA_LOG(info) << "registered with rpcbind: " << entries_.size() << " program/version/transport entries on port "
                  << port;
}

RpcbindRegistration::~RpcbindRegistration() {
  for (const Entry& entry : entries_) {
    Netconfig nc = netconfig_of(entry.netid);
    if (!nc || !rpcb_unset(entry.program, entry.version, nc.get())) {
      MAGMA_LOG(warning) << "rpcbind: cannot unregister program " << entry.program << " version " << entry.version
                         << " on " << entry.netid;
    }
  }
}

}  // namespace magma::nfs::rpc
