// FlareConnection: one client connection on the flare port. A reader coroutine runs the
// TLS handshake (server side), then decodes frames and posts each request to the thread pool; finished answers come back to the
// connection's strand and a writer coroutine sends them. When the peer leaves and the
// last request has been answered, the session's opens are released. A watchdog closes a
// connection whose handshake or frame payload stalls for longer than kPayloadDeadline.
// Reader and writer may both be busy on the TLS stream at once: Asio's ssl::stream allows
// one read and one write in flight when, as here, both run on the same strand.
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <deque>
#include <chrono>
#include <memory>
#include <optional>

#include "libmagma/frame.h"
#include "server/flare_dispatch.h"
#include "server/flare_service.h"

namespace magma::server {

class FlareConnection : public std::enable_shared_from_this<FlareConnection> {
 public:
  // tls: the listener's context, which must outlive the connection.
  FlareConnection(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
                  boost::asio::thread_pool& pool, FlareService& service, Door door, uint64_t session);
  // Spawns the reader and writer on the connection's strand.
  void start();

 private:
  using Strand = boost::asio::strand<boost::asio::any_io_executor>;
  boost::asio::awaitable<void> read_loop();
  boost::asio::awaitable<bool> handshake();
  boost::asio::awaitable<void> read_frames();
  boost::asio::awaitable<void> write_loop();
  boost::asio::awaitable<void> watchdog_loop();
  boost::asio::awaitable<bool> read_payload(Bytes& payload);
  boost::asio::awaitable<void> wait_for_slot();
  void handle(FrameHeader header, Bytes payload);
  void send(Bytes frame, bool answers_request);  // on the strand
  void close();                                   // on the strand
  void finish_if_done();                          // on the strand

  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;  // strand only
  Strand strand_;
  boost::asio::thread_pool& pool_;
  FlareService& service_;
  const Door door_;
  const uint64_t session_;
  std::string peer_;
  boost::asio::ip::address peer_address_;  // unspecified when unknown: no ACL grants it
  boost::asio::steady_timer writer_wakeup_;  // cancelled when an answer is queued
  boost::asio::steady_timer slot_wakeup_;    // cancelled when a request finishes
  std::deque<Bytes> answers_;                // strand only
  size_t in_flight_ = 0;                     // strand only
  bool reader_done_ = false;                 // strand only
  bool session_ended_ = false;               // strand only
  // When the handshake, or the payload being read, started; empty between frames. Strand only.
  std::optional<std::chrono::steady_clock::time_point> payload_since_;
};

}  // namespace magma::server
