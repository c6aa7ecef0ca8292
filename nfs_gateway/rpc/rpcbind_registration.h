// RpcbindRegistration: the RPC server's entries in the local rpcbind, for as long as the
// object lives. Each (program, version) is registered for UDP and TCP ("udp"/"tcp" for an
// IPv4 address, "udp6"/"tcp6" for IPv6) with the server's address and port, replacing what
// a previous run may have left behind; destruction unregisters exactly what was registered.
//
// Without a reachable rpcbind (none running: libtirpc's connect fails at once) nothing is
// registered, one warning says so, and the server serves clients given its port.
// Blocking (local RPC calls to rpcbind); call from the thread that starts or stops the server.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace magma::nfs::rpc {

class RpcbindRegistration {
 public:
  RpcbindRegistration(const std::vector<std::pair<uint32_t, uint32_t>>& versions,
                      const boost::asio::ip::address& address, uint16_t port);
  ~RpcbindRegistration();
  RpcbindRegistration(const RpcbindRegistration&) = delete;
  RpcbindRegistration& operator=(const RpcbindRegistration&) = delete;

  // How many (program, version, netid) entries are registered.
  size_t registered() const { return entries_.size(); }

 private:
  struct Entry {
    uint32_t program;
    uint32_t version;
    std::string netid;
  };
  std::vector<Entry> entries_;
};

}  // namespace magma::nfs::rpc
