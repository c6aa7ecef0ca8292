// TcpDoor: the accept loop of the RPC server.
#include "nfs_gateway/rpc/tcp_door.h"

#include "libmagma/logging.h"
#include "libmagma/tcp_listen.h"
#include "nfs_gateway/rpc/spawn_logged.h"

namespace magma::nfs::rpc {

namespace asio = boost::asio;
using asio::ip::tcp;

TcpDoor::TcpDoor(asio::io_context& io, asio::thread_pool& workers, RpcDispatcher& dispatcher,
                 size_t max_record_bytes, size_t max_connections)
    : io_(io),
      workers_(workers),
      dispatcher_(dispatcher),
      max_record_bytes_(max_record_bytes),
      max_connections_(max_connections),
      acceptor_(io) {}

Status TcpDoor::bind(const tcp::endpoint& endpoint) { return listen_on(acceptor_, endpoint, "RPC over TCP"); }

void TcpDoor::start() {
  spawn_logged(io_.get_executor(), [this] { return accept_loop(); }, "RPC TCP door stopped");
}

uint16_t TcpDoor::port() const { return bound_port(acceptor_); }

void TcpDoor::close() {
  boost::system::error_code ec;
  acceptor_.close(ec);
  for (auto& weak : connections_) {
    if (auto connection = weak.lock()) connection->close();
  }
  connections_.clear();
}

asio::awaitable<void> TcpDoor::accept_loop() {
  while (acceptor_.is_open()) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted) break;
    if (ec) {
      // Out of descriptors and the like: keep serving the connections there are.
      MAGMA_LOG(warning) << "RPC TCP accept failed: " << ec.message();
      asio::steady_timer pause(io_, std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    auto expired = [](const std::weak_ptr<TcpConnection>& w) { return w.expired(); };
    if (connections_.size() >= max_connections_ || connections_.size() == connections_.capacity())
      std::erase_if(connections_, expired);
    if (connections_.size() >= max_connections_) {
      MAGMA_LOG(debug) << "RPC TCP: " << max_connections_ << " connections open, closing a new one";
      socket.close(ec);
      continue;
    }
    auto connection = std::make_shared<TcpConnection>(std::move(socket), workers_, dispatcher_, max_record_bytes_);
    connection->start();
    connections_.push_back(connection);
  }
}

}  // namespace magma::nfs::rpc
