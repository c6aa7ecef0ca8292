// FlareListener: the accept loop of the flare port.
#include "server/flare_listener.h"

#include <atomic>

#include "libmagma/logging.h"
#include "libmagma/tcp_listen.h"
#include "libmagma/tls_context.h"
#include "server/flare_connection.h"

namespace magma::server {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
// Sessions name a connection's opens in the one FlareService, so they are unique across
// every listener of the process.
std::atomic<uint64_t> g_next_session{1};
}  // namespace

Result<std::unique_ptr<asio::ssl::context>> make_listener_tls(std::string_view lava_key) {
  Result<SslCtxPtr> ctx = make_tls_context(lava_key);
  if (!ctx) return ctx.status();
  return std::make_unique<asio::ssl::context>(ctx->release());  // takes ownership
}

FlareListener::FlareListener(asio::io_context& io, asio::thread_pool& pool, FlareService& service,
                             asio::ssl::context& tls, Door door)
    : io_(io), pool_(pool), service_(service), tls_(tls), door_(door), acceptor_(io) {}

Status FlareListener::start(const tcp::endpoint& endpoint) {
  MAGMA_RETURN_IF_ERROR(listen_on(acceptor_, endpoint, door_ == Door::Node ? "volcanos" : "clients"));
  asio::co_spawn(io_, accept_loop(), asio::detached);
  return Status::ok();
}

void FlareListener::stop() {
  boost::system::error_code ec;
  acceptor_.close(ec);
}

uint16_t FlareListener::port() const { return bound_port(acceptor_); }

asio::awaitable<void> FlareListener::accept_loop() {
  for (;;) {
    std::optional<tcp::socket> socket = co_await accept_next(acceptor_, door_ == Door::Node ? "node port" : "flare port");
    if (!socket) break;
    std::make_shared<FlareConnection>(std::move(*socket), tls_, pool_, service_, door_, g_next_session++)->start();
  }
}

}  // namespace magma::server
