// FlareListener: accepts TCP connections on the flare port (or the node port) and serves each one with a
// reader and a writer coroutine on its own strand. Every connection is TLS, authenticated
// by the lava key (libmagma/tls_context.h): a peer without the key is closed after the
// handshake fails and never reaches the protocol. Requests are handled on a thread pool
// (FlareService blocks on disk), so one slow request never stalls other requests or
// other clients; answers go back in completion order, matched by request id.
//
// Limits that keep a hostile peer from hurting others: at most kMaxInFlight requests per
// connection are being handled at once (the reader pauses), a frame's payload must
// arrive within kPayloadDeadline, and a header claiming more than kMaxPayload closes
// the connection before anything is allocated.
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <memory>
#include <string_view>

#include "server/flare_dispatch.h"
#include "server/flare_service.h"

namespace magma::server {

constexpr size_t kMaxInFlight = 64;
constexpr std::chrono::seconds kPayloadDeadline{30};

// The TLS context of the flare and node ports for lava_key. Fails as make_tls_context
// (Invalid for an empty key).
Result<std::unique_ptr<boost::asio::ssl::context>> make_listener_tls(std::string_view lava_key);

class FlareListener {
 public:
  // io runs the connections; pool runs the handlers; service and tls (make_listener_tls's,
  // may be shared by listeners) must outlive the listener. door: which ops this port serves.
  FlareListener(boost::asio::io_context& io, boost::asio::thread_pool& pool, FlareService& service,
                boost::asio::ssl::context& tls, Door door = Door::Flare);

  // Binds and listens on endpoint, then accepts in the background. Fails with Io
  // (address in use, permission) naming the endpoint.
  Status start(const boost::asio::ip::tcp::endpoint& endpoint);
  // Stops accepting; open connections end as their peers leave or the io_context stops.
  void stop();
  // The port listened on (the one the system chose when started on port 0).
  uint16_t port() const;

 private:
  boost::asio::awaitable<void> accept_loop();

  boost::asio::io_context& io_;
  boost::asio::thread_pool& pool_;
  FlareService& service_;
  boost::asio::ssl::context& tls_;
  const Door door_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace magma::server
