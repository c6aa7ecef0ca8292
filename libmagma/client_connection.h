// ClientConnection: one TCP connection to a flare port, run by a private io thread.
// Callers on any thread submit a frame and get a future for the answer with the same
// request id; one writer coroutine sends queued frames in order, one reader coroutine
// matches answers to callers. Internal to FlareClient.
#pragma once

#include <atomic>
#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "libmagma/flare_client.h"

namespace magma {

class ClientConnection {
 public:
  // Resolves and connects within options.connect_timeout; fails with Disconnected or
  // Timeout. The io thread starts on success.
  static Result<std::unique_ptr<ClientConnection>> open(const ClientOptions& options);
  // Closes the socket, fails what is in flight with Disconnected, joins the io thread.
  ~ClientConnection();

  // Gives frame (a finished request frame) a fresh request id, queues it and returns the
  // future of its answer. Thread-safe. The future fails with Disconnected when the
  // connection breaks first.
  std::future<Result<RawAnswer>> submit(Bytes frame, uint64_t* request_id);
  // Forgets a request whose caller gave up waiting (its late answer is dropped).
  void abandon(uint64_t request_id);
  // False once the connection has broken; it never recovers (open a new one).
  bool alive() const { return alive_.load(); }

 private:
  explicit ClientConnection(boost::asio::ip::tcp::socket socket, boost::asio::io_context& io);
  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<void> write_loop();
  void fail_all(const std::string& why);

  std::unique_ptr<boost::asio::io_context> io_;  // constant after construction
  boost::asio::ip::tcp::socket socket_;          // used on the io thread only
  boost::asio::steady_timer write_wakeup_;       // cancelled to wake write_loop
  std::deque<Bytes> write_queue_;                // io thread only
  std::thread thread_;
  std::atomic<bool> alive_{true};
  std::atomic<uint64_t> next_id_{1};
  std::mutex mu_;  // guards pending_; never held while calling into asio
  std::unordered_map<uint64_t, std::promise<Result<RawAnswer>>> pending_;  // guarded by mu_
};

}  // namespace magma
