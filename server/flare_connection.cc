// FlareConnection: framing, flow control and answer ordering for one client.
#include "server/flare_connection.h"

#include "libmagma/logging.h"
#include "libmagma/tls_context.h"
#include "server/flare_dispatch.h"
#include "server/flare_listener.h"

namespace magma::server {

namespace asio = boost::asio;
using asio::ip::tcp;

FlareConnection::FlareConnection(tcp::socket socket, asio::ssl::context& tls, asio::thread_pool& pool,
                                 FlareService& service, Door door, uint64_t session)
    : stream_(std::move(socket), tls),
      strand_(asio::make_strand(stream_.get_executor())),
      pool_(pool),
      service_(service),
      door_(door),
      session_(session),
      writer_wakeup_(strand_),
      slot_wakeup_(strand_) {
  boost::system::error_code ec;
  auto ep = stream_.next_layer().remote_endpoint(ec);
  peer_ = ec ? std::string("?") : ep.address().to_string() + ":" + std::to_string(ep.port());
  if (!ec) peer_address_ = ep.address();
  stream_.next_layer().set_option(tcp::no_delay(true), ec);
}

void FlareConnection::start() {
  MAGMA_DEBUG('n') << "session " << session_ << " opened by " << peer_;
  auto self = shared_from_this();
  auto log_exception = [self](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      MAGMA_LOG(error) << "connection " << self->peer_ << ": " << ex.what();
    }
  };
  asio::co_spawn(strand_, [self] { return self->read_loop(); }, log_exception);
  asio::co_spawn(strand_, [self] { return self->write_loop(); }, log_exception);
  asio::co_spawn(strand_, [self] { return self->watchdog_loop(); }, log_exception);
}

asio::awaitable<bool> FlareConnection::read_payload(Bytes& payload) {
  // A peer that starts a frame must finish it in time (watchdog_loop checks); an idle
  // peer may wait forever. One coarse watchdog instead of a timer per frame saves two
  // timer syscalls on every request.
  payload_since_ = std::chrono::steady_clock::now();
  boost::system::error_code ec;
  co_await asio::async_read(stream_, asio::buffer(payload), asio::redirect_error(asio::use_awaitable, ec));
  payload_since_.reset();
  co_return !ec;
}

asio::awaitable<void> FlareConnection::watchdog_loop() {
  asio::steady_timer tick(strand_);
  while (stream_.next_layer().is_open()) {
    tick.expires_after(kPayloadDeadline / 4);
    boost::system::error_code ec;
    co_await tick.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (payload_since_ && std::chrono::steady_clock::now() - *payload_since_ > kPayloadDeadline) {
      MAGMA_LOG(warning) << peer_ << ": frame payload not received in time; closing";
      close();
    }
  }
}

asio::awaitable<void> FlareConnection::wait_for_slot() {
  while (in_flight_ >= kMaxInFlight && stream_.next_layer().is_open()) {
    boost::system::error_code ec;
    slot_wakeup_.expires_at(asio::steady_timer::time_point::max());
    co_await slot_wakeup_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<void> FlareConnection::read_loop() {
  // Not `if (co_await ...)`: g++ 12 miscompiles a co_await in a condition (SIGILL).
  bool secured = co_await handshake();
  if (secured) co_await read_frames();
  reader_done_ = true;
  close();
  finish_if_done();
}

asio::awaitable<bool> FlareConnection::handshake() {
  payload_since_ = std::chrono::steady_clock::now();  // the watchdog bounds the handshake too
  boost::system::error_code ec;
  co_await stream_.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
  payload_since_.reset();
  if (!ec) co_return true;
  // Asio's ssl errors carry OpenSSL's error code as their value.
  if (ec.category() == asio::error::get_ssl_category() && is_wrong_key_error(static_cast<unsigned>(ec.value()))) {
    MAGMA_LOG(warning) << peer_ << ": " << kWrongLavaKey << " (the peer holds another key); closing";
  } else {
    MAGMA_LOG(info) << peer_ << ": TLS handshake failed (" << ec.message() << "); closing";
  }
  co_return false;
}

asio::awaitable<void> FlareConnection::read_frames() {
  uint8_t header_bytes[kFrameHeaderSize];
  for (;;) {
    co_await wait_for_slot();
    boost::system::error_code ec;
    co_await asio::async_read(stream_, asio::buffer(header_bytes), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    Result<FrameHeader> header = decode_frame_header(header_bytes);
    if (!header) {
      MAGMA_LOG(warning) << peer_ << ": " << header.status().message() << "; closing";
      break;
    }
    Bytes payload(header->payload_length);
    if (!co_await read_payload(payload)) break;
    MAGMA_DEBUG('p') << peer_ << " request #" << header->request_id << " op " << header->op << " ("
                     << payload.size() << " bytes)";
    handle(*header, std::move(payload));
  }
}

void FlareConnection::handle(FrameHeader header, Bytes payload) {
  ++in_flight_;
  asio::post(pool_, [self = shared_from_this(), header, payload = std::move(payload)] {
    Bytes answer = dispatch_flare_request(self->service_, self->door_, self->session_, self->peer_address_, header, payload);
    asio::post(self->strand_, [self, answer = std::move(answer)]() mutable {
      self->send(std::move(answer), true);
    });
  });
}

void FlareConnection::send(Bytes frame, bool answers_request) {
  if (answers_request) {
    --in_flight_;
    slot_wakeup_.cancel();
  }
  if (stream_.next_layer().is_open()) {
    answers_.push_back(std::move(frame));
    writer_wakeup_.cancel();
  }
  finish_if_done();
}

asio::awaitable<void> FlareConnection::write_loop() {
  while (stream_.next_layer().is_open()) {
    if (answers_.empty()) {
      boost::system::error_code ec;
      writer_wakeup_.expires_at(asio::steady_timer::time_point::max());
      co_await writer_wakeup_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    Bytes frame = std::move(answers_.front());
    answers_.pop_front();
    boost::system::error_code ec;
    co_await asio::async_write(stream_, asio::buffer(frame), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
  }
  close();
}

void FlareConnection::close() {
  boost::system::error_code ec;
  stream_.next_layer().shutdown(tcp::socket::shutdown_both, ec);
  stream_.next_layer().close(ec);
  writer_wakeup_.cancel();
  slot_wakeup_.cancel();
  answers_.clear();
  payload_since_.reset();
}

void FlareConnection::finish_if_done() {
  if (!reader_done_ || in_flight_ != 0 || session_ended_) return;
  session_ended_ = true;
  MAGMA_DEBUG('n') << "session " << session_ << " of " << peer_ << " closed";
  // Releasing opens may delete unlinked flares: disk work, so on the pool.
  asio::post(pool_, [self = shared_from_this()] { self->service_.end_session(self->session_); });
}

}  // namespace magma::server
