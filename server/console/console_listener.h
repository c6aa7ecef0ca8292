// ConsoleListener: the telnet console's port (12002 by default, on loopback). Accepts a
// connection when console_access.h admits its peer under the shares in force, up to
// kMaxSessions at once, and serves each with a ConsoleSession; commands run on the
// listener's own thread pool, so the flare and node pools never wait on the console.
//
// Thread-safety: start() and port() from the thread that owns the io_context before it
// runs; stop() from any thread. The destructor waits for the commands already running
// (their sessions' answers are lost once the io_context stopped).
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <atomic>
#include <cstddef>
#include <memory>

#include "libmagma/errc.h"
#include "server/console/command_context.h"

namespace magma::server::console {

constexpr size_t kConsoleThreads = 4;
constexpr size_t kMaxSessions = 32;

class ConsoleListener {
 public:
  // io runs the sessions; services must outlive the listener.
  ConsoleListener(boost::asio::io_context& io, ConsoleServices services);

  // Binds and listens on endpoint, then accepts in the background. Fails with Io naming
  // the endpoint (address in use, no such address).
  Status start(const boost::asio::ip::tcp::endpoint& endpoint);
  // Stops accepting; sessions end as their peers leave or the io_context stops.
  void stop();
  // The port listened on (the one the system chose when started on port 0).
  uint16_t port() const;

 private:
  boost::asio::awaitable<void> accept_loop();
  // Whether peer may have a session now; if not, tells it why and closes.
  bool admit(boost::asio::ip::tcp::socket& socket);

  boost::asio::io_context& io_;
  ConsoleServices services_;
  boost::asio::thread_pool pool_{kConsoleThreads};
  boost::asio::ip::tcp::acceptor acceptor_;
  // Sessions running; shared with them, as the last may end after the listener.
  std::shared_ptr<std::atomic<size_t>> sessions_ = std::make_shared<std::atomic<size_t>>(0);
};

}  // namespace magma::server::console
