// ClientConnection: one TLS connection to a flare (or node) port carrying many requests
// at once, answers matched by request id, with no I/O thread of its own ("caller reads").
//
// A caller sends its frame itself, then waits. If nobody is reading the socket, the
// caller becomes the reader: it reads answers, hands each to its waiting caller, and
// stops when its own has come; a waiting caller then takes over. A lone request thus
// costs no thread switch in the client, which on virtual machines is most of a round
// trip's time; concurrent requests still share the one connection.
//
// TLS and threads: OpenSSL forbids using one SSL object from two threads at once, yet a
// sender and the reader run at the same time. So every SSL call is made under ssl_mu_,
// which is held only for that call: the socket is non-blocking, and a call that would
// block (SSL_ERROR_WANT_READ/WRITE) drops the lock and waits in poll(2) before trying
// again. A sender stalled by a full socket buffer thus never holds up the reader, nor
// the reader waiting for an answer a sender. A lone request costs what it did in clear
// text plus the cipher: one send, one poll, one recv (read-ahead takes a whole record).
//
// Thread-safety: every method may be called from any thread. Internal to FlareClient.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <openssl/ssl.h>

#include "libmagma/flare_client.h"
#include "libmagma/tls_context.h"
#include "libmagma/unique_fd.h"

namespace magma {

class ClientConnection {
 public:
  // Resolves, connects and completes the TLS handshake with tls (make_tls_context's,
  // borrowed for the call) within options.connect_timeout. Fails with Disconnected,
  // Timeout, or Access "wrong lava key" when the volcano holds another key.
  static Result<std::unique_ptr<ClientConnection>> open(const ClientOptions& options, SSL_CTX* tls);

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
  using Clock = std::chrono::steady_clock;
  // What one SSL_read or SSL_write did: moved > 0 bytes, or moved == 0 and the poll(2)
  // events to wait for before trying again (0: the connection is broken).
  struct Step {
    size_t moved = 0;
    short wait_for = 0;
  };
  enum class ReadOutcome { Done, Idle, Broken };

  ClientConnection(UniqueFd fd, SslPtr ssl, std::chrono::milliseconds stall_limit)
      : fd_(std::move(fd)), ssl_(std::move(ssl)), stall_limit_(stall_limit) {}

  // Registers a waiter (or nullptr: answer to be dropped) and sends frame.
  Result<uint64_t> send(Bytes& frame, std::shared_ptr<Waiter> waiter);
  // As the reader: reads answers until mine is done, the deadline passes or the
  // connection breaks. Called without mu_ held.
  void read_until(const Waiter& mine, Clock::time_point deadline);
  // Reads one whole answer frame: Idle when none starts before deadline, Broken when the
  // connection breaks, garbles or stalls mid-frame for longer than stall_limit_.
  ReadOutcome read_answer(FrameHeader& header, RawAnswer& answer, Clock::time_point deadline);
  // Reads exactly size bytes, waiting up to deadline for the first, then up to
  // stall_limit_ for each next one.
  ReadOutcome read_exact(uint8_t* p, size_t size, Clock::time_point deadline);
  // Writes all of p; false when the connection breaks or stalls for stall_limit_.
  // REQUIRES: write_mu_ held.
  bool write_all(const uint8_t* p, size_t size);
  // One SSL_read (reading) or SSL_write under ssl_mu_.
  Step step(bool reading, void* p, size_t size);
  // Whether OpenSSL holds received bytes not yet returned by SSL_read.
  bool has_pending();
  void fail_all(const std::string& why);

  const UniqueFd fd_;
  const SslPtr ssl_;  // every call on it holds ssl_mu_
  const std::chrono::milliseconds stall_limit_;
  std::atomic<bool> alive_{true};
  std::atomic<uint64_t> next_id_{1};
  // Lock order: write_mu_, then ssl_mu_; mu_ is never held with either.
  std::mutex write_mu_;  // one sender at a time, for a whole frame
  std::mutex ssl_mu_;    // one SSL call at a time; never held while waiting
  std::mutex mu_;        // guards the members below
  std::condition_variable changed_;  // an answer arrived, or the reader stepped down
  std::unordered_map<uint64_t, std::shared_ptr<Waiter>> waiters_;  // guarded by mu_
  bool reading_ = false;                                           // guarded by mu_
};

}  // namespace magma
