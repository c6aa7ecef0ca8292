// The console's accept loop and its admission of peers.
#include "server/console/console_listener.h"

#include "libmagma/logging.h"
#include "libmagma/tcp_listen.h"
#include "server/console/console_access.h"
#include "server/console/console_session.h"
#include "server/console/telnet_output.h"
#include "server/shares.h"

namespace magma::server::console {

namespace asio = boost::asio;
using asio::ip::tcp;

ConsoleListener::ConsoleListener(asio::io_context& io, ConsoleServices services)
    : io_(io), services_(services), acceptor_(io) {}

Status ConsoleListener::start(const tcp::endpoint& endpoint) {
  MAGMA_RETURN_IF_ERROR(listen_on(acceptor_, endpoint, "the console"));
  asio::co_spawn(io_, accept_loop(), asio::detached);
  return Status::ok();
}

void ConsoleListener::stop() {
  asio::post(io_, [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
  });
}

uint16_t ConsoleListener::port() const { return bound_port(acceptor_); }

bool ConsoleListener::admit(tcp::socket& socket) {
  boost::system::error_code ec;
  auto remote = socket.remote_endpoint(ec);
  if (ec) return false;
  Status admitted = admit_peer(remote.address(), *services_.shares.current());
  if (admitted.is_ok() && sessions_->load() >= kMaxSessions)
    admitted = Status(Errc::Busy, "the console has " + std::to_string(kMaxSessions) + " sessions already");
  if (admitted.is_ok()) return true;
  MAGMA_LOG(warning) << admitted.message();
  // One short line; a peer that does not read it loses nothing but the reason.
  std::string reason = to_telnet(admitted.to_string() + "\n");
  socket.non_blocking(true, ec);
  socket.write_some(asio::buffer(reason), ec);
  socket.close(ec);
  return false;
}

asio::awaitable<void> ConsoleListener::accept_loop() {
  for (;;) {
    std::optional<tcp::socket> socket = co_await accept_next(acceptor_, "console");
    if (!socket) break;
    if (!admit(*socket)) continue;
    ++*sessions_;
    auto session = std::make_shared<ConsoleSession>(std::move(*socket), pool_, services_);
    session->start([sessions = sessions_] { --*sessions; });
  }
}

}  // namespace magma::server::console
