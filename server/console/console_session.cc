// A console session: banner, prompt, lines, commands on the pool, answers.
#include "server/console/console_session.h"

#include <array>
#include <span>

#include "libmagma/logging.h"
#include "server/console/console_commands.h"
#include "server/console/telnet_output.h"
#include "server/lava.h"

namespace magma::server::console {

namespace asio = boost::asio;

ConsoleSession::ConsoleSession(asio::ip::tcp::socket socket, asio::thread_pool& pool, ConsoleServices services)
    : socket_(std::move(socket)), pool_(pool), services_(services) {
  boost::system::error_code ec;
  auto remote = socket_.remote_endpoint(ec);
  if (!ec) state_.peer = remote.address();
}

void ConsoleSession::start(std::function<void()> done) {
  std::string peer = state_.peer.to_string();
  asio::co_spawn(asio::make_strand(socket_.get_executor()), [self = shared_from_this()] { return self->run(); },
                 [done = std::move(done), peer](std::exception_ptr e) {
                   try {
                     if (e) std::rethrow_exception(e);
                   } catch (const std::exception& ex) {
                     MAGMA_LOG(error) << "console session of " << peer << " failed: " << ex.what();
                   }
                   done();
                 });
}

std::string ConsoleSession::banner() const {
  VolcanoInfo self = services_.lava.self();
  Topology topology = services_.lava.topology();
  size_t n = topology.volcanos.size();
  return "MAGMA distributed filesystem " PACKAGE_VERSION ": console of volcano " + self.nickname + " (" +
         self.fqdn + ")\n" + "lava epoch " + std::to_string(topology.epoch) + ", " + std::to_string(n) +
         (n == 1 ? " volcano" : " volcanos") + "; type help for the commands, exit to leave\n\n";
}

std::string ConsoleSession::prompt() const { return "MAGMA [" + services_.lava.nickname() + "]:" + state_.cwd + "> "; }

asio::awaitable<bool> ConsoleSession::write(const std::string& text) {
  boost::system::error_code ec;
  co_await asio::async_write(socket_, asio::buffer(to_telnet(text)), asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

asio::awaitable<std::string> ConsoleSession::run_command(std::string line) {
  // The session waits for this answer, so state_ is the command's alone meanwhile.
  auto command = [this, line = std::move(line)]() -> asio::awaitable<std::string> {
    try {
      CommandContext ctx{services_, state_};
      co_return run_line(ctx, line);
    } catch (const std::exception& e) {
      MAGMA_LOG(error) << "console command '" << line << "' failed: " << e.what();
      co_return "error: Io: " + std::string(e.what()) + "\n";
    }
  };
  co_return co_await asio::co_spawn(pool_, std::move(command), asio::use_awaitable);
}

asio::awaitable<void> ConsoleSession::run() {
  MAGMA_DEBUG('n') << "console session of " << state_.peer << " begins";
  bool greeted = co_await write(banner() + prompt());
  if (!greeted) co_return;
  std::array<uint8_t, 2048> buffer;
  for (;;) {
    boost::system::error_code ec;
    size_t n = co_await socket_.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    std::span<const uint8_t> bytes(buffer.data(), n);
    while (std::optional<ReadLine> line = reader_.next(bytes)) {
      // No co_await inside a conditional expression: GCC 12 destroys its temporaries twice.
      std::string out;
      if (line->too_long)
        out = "error: Invalid: line longer than " + std::to_string(kMaxLineBytes) + " bytes\n";
      else
        out = co_await run_command(std::move(line->text));
      if (!state_.closing) out += prompt();
      bool sent = co_await write(out);
      if (!sent || state_.closing) {
        socket_.close(ec);
        co_return;
      }
    }
  }
  MAGMA_DEBUG('n') << "console session of " << state_.peer << " ends";
}

}  // namespace magma::server::console
