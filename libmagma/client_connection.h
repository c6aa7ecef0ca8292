// ClientConnection: one TCP connection to a flare port carrying many requests at once,
// answers matched by request id, with no I/O thread of its own ("caller reads").
//
// A caller sends its frame itself, then waits. If nobody is reading the socket, the
// caller becomes the reader: it reads answers, hands each to its waiting caller, and
// stops when its own has come; a waiting caller then takes over. A lone request thus
// costs no thread switch in the client, which on virtual machines is most of a round
// trip's time; concurrent requests still share the one connection.
//
// Thread-safety: every method may be called from any thread. Internal to FlareClient.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "libmagma/flare_client.h"
#include "libmagma/unique_fd.h"

namespace magma {

class ClientConnection {
 public:
  // Resolves and connects within options.connect_timeout; fails with Disconnected or
  // Timeout.
  static Result<std::unique_ptr<ClientConnection>> open(const ClientOptions& options);

  // Gives frame (a finished request frame) a fresh request id, sends it and waits up to
  // timeout for its answer. Fails with Disconnected when the connection breaks first
  // (the connection stays broken), or Timeout (the late answer is dropped).
  Result<RawAnswer> call(Bytes frame, std::chrono::milliseconds timeout);
  // Sends frame and returns at once; its answer is read and dropped by a later caller.
  void post(Bytes frame);
  // False once the connection has broken; it never recovers (open a new one).
  bool alive() const { return alive_.load(); }

 private:
  struct Waiter {
    bool done = false;
    Result<RawAnswer> answer = Status(Errc::Disconnected, "no answer");
  };
  explicit ClientConnection(UniqueFd fd) : fd_(std::move(fd)) {}

  // Registers a waiter (or nullptr: answer to be dropped) and sends frame.
  Result<uint64_t> send(Bytes& frame, std::shared_ptr<Waiter> waiter);
  // As the reader: reads answers until mine is done, the deadline passes or the
  // connection breaks. Called without mu_ held.
  void read_until(const Waiter& mine, std::chrono::steady_clock::time_point deadline);
  // Reads one whole answer frame; false on a broken or garbled connection.
  bool read_answer(FrameHeader& header, RawAnswer& answer);
  void fail_all(const std::string& why);

  const UniqueFd fd_;
  std::atomic<bool> alive_{true};
  std::atomic<uint64_t> next_id_{1};
  std::mutex write_mu_;  // one sender at a time; taken before mu_, never while holding it
  std::mutex mu_;        // guards the members below
  std::condition_variable changed_;  // an answer arrived, or the reader stepped down
  std::unordered_map<uint64_t, std::shared_ptr<Waiter>> waiters_;  // guarded by mu_
  bool reading_ = false;                                           // guarded by mu_
};

}  // namespace magma
