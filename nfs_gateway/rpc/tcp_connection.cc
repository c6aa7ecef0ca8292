// TcpConnection: record marking, flow control and reply ordering for one RPC client.
#include "nfs_gateway/rpc/tcp_connection.h"

#include <array>

#include "libmagma/logging.h"
#include "nfs_gateway/rpc/spawn_logged.h"

namespace magma::nfs::rpc {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

RpcCaller caller_of(const tcp::socket& socket) {
  RpcCaller caller;
  caller.tcp = true;
  boost::system::error_code ec;
  tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (!ec) {
    caller.address = endpoint.address();
    caller.port = endpoint.port();
  }
  return caller;
}

}  // namespace

TcpConnection::TcpConnection(tcp::socket socket, asio::thread_pool& workers, RpcDispatcher& dispatcher,
                             size_t max_record_bytes)
    : socket_(std::move(socket)),
      strand_(asio::make_strand(socket_.get_executor())),
      workers_(workers),
      dispatcher_(dispatcher),
      peer_(caller_of(socket_)),
      assembler_(max_record_bytes),
      writer_wakeup_(strand_),
      slot_wakeup_(strand_),
      watchdog_(strand_) {
  boost::system::error_code ec;
  socket_.set_option(tcp::no_delay(true), ec);
}

void TcpConnection::start() {
  MAGMA_DEBUG('n') << "RPC TCP connection from " << peer_.address << ":" << peer_.port;
  auto self = shared_from_this();
  spawn_logged(strand_, [self] { return self->read_loop(); }, "RPC TCP connection reader");
  spawn_logged(strand_, [self] { return self->write_loop(); }, "RPC TCP connection writer");
  spawn_logged(strand_, [self] { return self->watchdog_loop(); }, "RPC TCP connection watchdog");
}

asio::awaitable<void> TcpConnection::read_loop() {
  for (;;) {
    co_await wait_for_slot();
    if (!socket_.is_open()) break;
    // Not inside a || : g++ 12 miscompiles a co_await in a short-circuit operand.
    bool whole = co_await read_record();
    if (!whole) break;
    run_call(assembler_.take());
  }
  close();
}

asio::awaitable<bool> TcpConnection::read_record() {
  std::array<uint8_t, kRecordMarkBytes> mark;
  do {
    boost::system::error_code ec;
    co_await asio::async_read(socket_, asio::buffer(mark), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return false;
    if (!record_since_) record_since_ = std::chrono::steady_clock::now();
    std::optional<std::span<uint8_t>> room = assembler_.add_fragment(decode_fragment_header(mark));
    if (!room) {
      MAGMA_LOG(warning) << "RPC TCP client " << peer_.address << ":" << peer_.port
                         << " sent a record over the bound; closing";
      co_return false;
    }
    co_await asio::async_read(socket_, asio::buffer(room->data(), room->size()),
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return false;
  } while (!assembler_.complete());
  record_since_.reset();
  co_return true;
}

asio::awaitable<void> TcpConnection::wait_for_slot() {
  while (in_flight_ >= kMaxCallsInFlight && socket_.is_open()) {
    boost::system::error_code ec;
    slot_wakeup_.expires_at(asio::steady_timer::time_point::max());
    co_await slot_wakeup_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

void TcpConnection::run_call(Bytes record) {
  ++in_flight_;
  asio::post(workers_, [self = shared_from_this(), record = std::move(record)]() mutable {
    std::shared_ptr<const Bytes> reply;
    try {
      reply = self->dispatcher_.handle(record, self->peer_);
    } catch (const std::exception& e) {
      MAGMA_LOG(error) << "RPC TCP call from " << self->peer_.address << ": " << e.what();
    } catch (...) {  // nothing may escape into the pool: it would terminate magmad
      MAGMA_LOG(error) << "RPC TCP call from " << self->peer_.address << ": unknown exception";
    }
    asio::post(self->strand_, [self, reply = std::move(reply)]() mutable { self->send(std::move(reply)); });
  });
}

// A call holds its slot until its reply is written, not just queued: a client that sends
// calls and never reads the answers then stops being read at kMaxCallsInFlight replies,
// instead of making the queue grow without bound.
void TcpConnection::send(std::shared_ptr<const Bytes> reply) {
  if (reply && socket_.is_open()) {
    replies_.push_back(std::move(reply));
    writer_wakeup_.cancel();
  } else {
    release_slot();
  }
}

void TcpConnection::release_slot() {
  --in_flight_;
  slot_wakeup_.cancel();
}

asio::awaitable<void> TcpConnection::write_loop() {
  while (socket_.is_open()) {
    boost::system::error_code ec;
    if (replies_.empty()) {
      writer_wakeup_.expires_at(asio::steady_timer::time_point::max());
      co_await writer_wakeup_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    std::shared_ptr<const Bytes> reply = std::move(replies_.front());
    replies_.pop_front();
    std::array<uint8_t, kRecordMarkBytes> mark = encode_record_mark(reply->size());
    std::array<asio::const_buffer, 2> buffers{asio::buffer(mark), asio::buffer(*reply)};
    co_await asio::async_write(socket_, buffers, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    release_slot();
  }
  close();
}

asio::awaitable<void> TcpConnection::watchdog_loop() {
  // One coarse tick instead of a timer per read: a stalled record is rare, reads are not.
  while (socket_.is_open()) {
    boost::system::error_code ec;
    watchdog_.expires_after(kRecordDeadline / 4);
    co_await watchdog_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (record_since_ && std::chrono::steady_clock::now() - *record_since_ > kRecordDeadline) {
      MAGMA_LOG(warning) << "RPC TCP client " << peer_.address << ":" << peer_.port
                         << " did not finish a record in time; closing";
      close();
    }
  }
}

void TcpConnection::close() {
  boost::system::error_code ec;
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  writer_wakeup_.cancel();
  slot_wakeup_.cancel();
  watchdog_.cancel();
  replies_.clear();
  record_since_.reset();
}

}  // namespace magma::nfs::rpc
