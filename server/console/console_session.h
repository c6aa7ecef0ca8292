// ConsoleSession: one telnet client of the console. A coroutine on the session's strand
// writes the banner and the prompt, reads bytes into lines (line_reader.h) and runs each
// line's command on the console's thread pool (commands block on FlareService and other
// volcanos), so a slow command stalls neither the io thread nor other sessions. One
// command at a time per session; its output is written before the next line is read.
// Sessions may stay idle as long as they like; the peer leaving mid-command ends the
// session once the command returns, leaving nothing behind.
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <functional>
#include <memory>
#include <string>

#include "server/console/command_context.h"
#include "server/console/line_reader.h"

namespace magma::server::console {

class ConsoleSession : public std::enable_shared_from_this<ConsoleSession> {
 public:
  // pool runs the commands and must outlive the session's last command; services too.
  ConsoleSession(boost::asio::ip::tcp::socket socket, boost::asio::thread_pool& pool, ConsoleServices services);
  // Spawns the session's coroutine on its strand; done() is called once when it ends.
  void start(std::function<void()> done);

 private:
  boost::asio::awaitable<void> run();
  // Runs line's command on the pool; returns its output.
  boost::asio::awaitable<std::string> run_command(std::string line);
  // Writes text (converted for telnet); false when the peer is gone.
  boost::asio::awaitable<bool> write(const std::string& text);
  std::string banner() const;
  std::string prompt() const;

  boost::asio::ip::tcp::socket socket_;  // strand only
  boost::asio::thread_pool& pool_;
  ConsoleServices services_;
  SessionState state_;  // the strand's, or the pool's while a command runs
  LineReader reader_;
};

}  // namespace magma::server::console
