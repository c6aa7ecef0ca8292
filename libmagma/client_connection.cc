// ClientConnection: pipelined request/answer matching over one TCP connection.
#include "libmagma/client_connection.h"

#include "libmagma/logging.h"

namespace magma {

namespace asio = boost::asio;
using asio::ip::tcp;

ClientConnection::ClientConnection(tcp::socket socket, asio::io_context& io)
    : socket_(std::move(socket)), write_wakeup_(io) {}

Result<std::unique_ptr<ClientConnection>> ClientConnection::open(const ClientOptions& options) {
  auto io = std::make_unique<asio::io_context>();
  boost::system::error_code ec;
  tcp::resolver resolver(*io);
  auto endpoints = resolver.resolve(options.host, std::to_string(options.port), ec);
  if (ec) return Status(Errc::Disconnected, "cannot resolve " + options.host + ": " + ec.message());
  tcp::socket socket(*io);
  asio::steady_timer deadline(*io, options.connect_timeout);
  bool timed_out = false;
  deadline.async_wait([&](boost::system::error_code e) {
    if (!e) {
      timed_out = true;
      socket.close();
    }
  });
  asio::async_connect(socket, endpoints, [&](boost::system::error_code e, const tcp::endpoint&) {
    ec = e;
    deadline.cancel();
  });
  io->run();
  io->restart();
  std::string where = options.host + ":" + std::to_string(options.port);
  if (timed_out) return Status(Errc::Timeout, "connecting to " + where + " timed out");
  if (ec) return Status(Errc::Disconnected, "cannot connect to " + where + ": " + ec.message());
  socket.set_option(tcp::no_delay(true));

  std::unique_ptr<ClientConnection> conn(new ClientConnection(std::move(socket), *io));
  conn->io_ = std::move(io);
  ClientConnection* self = conn.get();
  asio::co_spawn(*self->io_, self->read_loop(), asio::detached);
  asio::co_spawn(*self->io_, self->write_loop(), asio::detached);
  self->thread_ = std::thread([self] { self->io_->run(); });
  return conn;
}

ClientConnection::~ClientConnection() {
  asio::post(*io_, [this] {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    write_wakeup_.cancel();
  });
  thread_.join();
  fail_all("connection closed");
}

std::future<Result<RawAnswer>> ClientConnection::submit(Bytes frame, uint64_t* request_id) {
  uint64_t id = next_id_.fetch_add(1);
  *request_id = id;
  std::promise<Result<RawAnswer>> promise;
  auto future = promise.get_future();
  {
    // Checked under mu_ so that fail_all() cannot miss a request registered after it.
    std::lock_guard<std::mutex> lock(mu_);
    if (!alive_.load()) {
      promise.set_value(Status(Errc::Disconnected, "connection to the volcano is broken"));
      return future;
    }
    pending_.emplace(id, std::move(promise));
  }
  set_frame_request_id(frame, id);
  asio::post(*io_, [this, frame = std::move(frame)]() mutable {
    write_queue_.push_back(std::move(frame));
    write_wakeup_.cancel_one();
  });
  return future;
}

void ClientConnection::abandon(uint64_t request_id) {
  std::lock_guard<std::mutex> lock(mu_);
  pending_.erase(request_id);
}

void ClientConnection::fail_all(const std::string& why) {
  std::unordered_map<uint64_t, std::promise<Result<RawAnswer>>> failed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    alive_.store(false);
    failed.swap(pending_);
  }
  for (auto& [id, promise] : failed) promise.set_value(Status(Errc::Disconnected, why));
}

asio::awaitable<void> ClientConnection::write_loop() {
  boost::system::error_code ec;
  while (socket_.is_open()) {
    if (write_queue_.empty()) {
      write_wakeup_.expires_at(asio::steady_timer::time_point::max());
      co_await write_wakeup_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    Bytes frame = std::move(write_queue_.front());
    write_queue_.pop_front();
    co_await asio::async_write(socket_, asio::buffer(frame), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      socket_.close(ec);
      fail_all("lost the connection to the volcano while sending");
      co_return;
    }
  }
}

asio::awaitable<void> ClientConnection::read_loop() {
  boost::system::error_code ec;
  uint8_t header_bytes[kFrameHeaderSize];
  for (;;) {
    co_await asio::async_read(socket_, asio::buffer(header_bytes), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    Result<FrameHeader> header = decode_frame_header(header_bytes);
    if (!header) {
      MAGMA_LOG(error) << "volcano sent a bad frame: " << header.status().to_string();
      break;
    }
    RawAnswer answer;
    answer.status = errc_from_wire(header->status);
    answer.payload.resize(header->payload_length);
    co_await asio::async_read(socket_, asio::buffer(answer.payload), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    std::promise<Result<RawAnswer>> promise;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = pending_.find(header->request_id);
      if (it == pending_.end()) continue;  // its caller gave up waiting
      promise = std::move(it->second);
      pending_.erase(it);
    }
    promise.set_value(std::move(answer));
  }
  socket_.close(ec);
  write_wakeup_.cancel();
  fail_all("lost the connection to the volcano");
}

}  // namespace magma
