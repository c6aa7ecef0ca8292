// TcpDoor: the RPC server's listening TCP socket; each accepted connection is served by a
// TcpConnection. The door remembers its connections so that stop() can close them.
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <cstdint>
#include <memory>
#include <vector>

#include "libmagma/errc.h"
#include "nfs_gateway/rpc/rpc_dispatcher.h"
#include "nfs_gateway/rpc/tcp_connection.h"

namespace magma::nfs::rpc {

class TcpDoor {
 public:
  // io runs the sockets, workers run the calls through dispatcher; all three outlive the
  // door. A record longer than max_record_bytes closes its connection; a connection beyond
  // max_connections open ones is closed as soon as it is accepted.
  TcpDoor(boost::asio::io_context& io, boost::asio::thread_pool& workers, RpcDispatcher& dispatcher,
          size_t max_record_bytes, size_t max_connections);

  // Binds and listens on endpoint. Fails with Io naming it (address in use, permission).
  Status bind(const boost::asio::ip::tcp::endpoint& endpoint);
  // Accepts in the background. REQUIRES: bound.
  void start();
  // The bound port (the one the system chose for port 0); 0 when not bound.
  uint16_t port() const;
  // Closes the listening socket and every connection. Call before start() or once the io
  // threads have stopped.
  void close();

 private:
  boost::asio::awaitable<void> accept_loop();

  boost::asio::io_context& io_;
  boost::asio::thread_pool& workers_;
  RpcDispatcher& dispatcher_;
  const size_t max_record_bytes_;
  const size_t max_connections_;
  boost::asio::ip::tcp::acceptor acceptor_;
  // Accept loop only (or once the io threads have stopped); pruned as it grows.
  std::vector<std::weak_ptr<TcpConnection>> connections_;
};

}  // namespace magma::nfs::rpc
