// UdpDoor: the RPC server's UDP socket. Each datagram (read whole, up to 64 KiB) is one
// call, run on the worker pool; its reply goes back to the sender as one datagram.
//
// At most kMaxUdpCallsInFlight datagrams wait for or occupy a worker; beyond that new ones
// are dropped (the client retransmits), so a flood cannot queue unbounded memory.
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <atomic>
#include <cstddef>

#include "libmagma/byte_codec.h"
#include "libmagma/errc.h"
#include "nfs_gateway/rpc/rpc_dispatcher.h"

namespace magma::nfs::rpc {

constexpr size_t kMaxDatagramBytes = 64 * 1024;
constexpr size_t kMaxUdpCallsInFlight = 512;

class UdpDoor {
 public:
  // io runs the socket, workers run the calls through dispatcher; all three outlive the door.
  UdpDoor(boost::asio::io_context& io, boost::asio::thread_pool& workers, RpcDispatcher& dispatcher);

  // Binds endpoint. Fails with Io naming it (address in use, permission).
  Status bind(const boost::asio::ip::udp::endpoint& endpoint);
  // Starts receiving in the background. REQUIRES: bound.
  void start();
  // Closes the socket. Call before start() or once the io threads have stopped.
  void close();

 private:
  boost::asio::awaitable<void> receive_loop();
  void run_call(Bytes message, const boost::asio::ip::udp::endpoint& sender);  // on a worker
  void send(std::shared_ptr<const Bytes> reply, const boost::asio::ip::udp::endpoint& to);

  boost::asio::thread_pool& workers_;
  RpcDispatcher& dispatcher_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::udp::socket socket_;  // strand only once started
  Bytes buffer_;                         // the datagram being received; strand only
  std::atomic<size_t> in_flight_{0};
};

}  // namespace magma::nfs::rpc
