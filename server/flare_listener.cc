// FlareListener: the accept loop of the flare port.
#include "server/flare_listener.h"

#include <atomic>

#include "libmagma/logging.h"
#include "server/flare_connection.h"

namespace magma::server {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
// Sessions name a connection's opens in the one FlareService, so they are unique across
// every listener of the process.
std::atomic<uint64_t> g_next_session{1};
}  // namespace

FlareListener::FlareListener(asio::io_context& io, asio::thread_pool& pool, FlareService& service, Door door)
    : io_(io), pool_(pool), service_(service), door_(door), acceptor_(io) {}

Status FlareListener::start(const tcp::endpoint& endpoint) {
  boost::system::error_code ec;
  std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status(Errc::Io, "cannot listen on " + where + ": " + ec.message());
  asio::co_spawn(io_, accept_loop(), asio::detached);
  return Status::ok();
}

void FlareListener::stop() {
  boost::system::error_code ec;
  acceptor_.close(ec);
}

uint16_t FlareListener::port() const {
  boost::system::error_code ec;
  auto endpoint = acceptor_.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

asio::awaitable<void> FlareListener::accept_loop() {
  while (acceptor_.is_open()) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted) break;
      // Out of descriptors and the like: keep serving the connections we have.
      MAGMA_LOG(warning) << "accept failed: " << ec.message();
      asio::steady_timer pause(io_, std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    std::make_shared<FlareConnection>(std::move(socket), pool_, service_, door_, g_next_session++)->start();
  }
}

}  // namespace magma::server
