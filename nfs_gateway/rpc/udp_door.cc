// UdpDoor: datagram in, call on a worker, datagram out.
#include "nfs_gateway/rpc/udp_door.h"

#include "libmagma/logging.h"
#include "nfs_gateway/rpc/spawn_logged.h"

namespace magma::nfs::rpc {

namespace asio = boost::asio;
using asio::ip::udp;

namespace {
// Room in the kernel for bursts of 8 KiB WRITEs from many clients while the io thread is busy.
constexpr int kReceiveBufferBytes = 4 << 20;
}  // namespace

UdpDoor::UdpDoor(asio::io_context& io, asio::thread_pool& workers, RpcDispatcher& dispatcher)
    : workers_(workers), dispatcher_(dispatcher), strand_(asio::make_strand(io)), socket_(strand_),
      buffer_(kMaxDatagramBytes) {}

Status UdpDoor::bind(const udp::endpoint& endpoint) {
  boost::system::error_code ec;
  socket_.open(endpoint.protocol(), ec);
  if (!ec) socket_.bind(endpoint, ec);
  if (ec) {
    boost::system::error_code ignored;
    socket_.close(ignored);
    return Status(Errc::Io, "cannot bind UDP " + endpoint.address().to_string() + ":" +
                                std::to_string(endpoint.port()) + ": " + ec.message());
  }
  socket_.set_option(asio::socket_base::receive_buffer_size(kReceiveBufferBytes), ec);
  if (ec) {
    MAGMA_DEBUG('n') << "UDP receive buffer left at its default: " << ec.message();
  }
  return Status::ok();
}

void UdpDoor::start() {
  spawn_logged(strand_, [this] { return receive_loop(); }, "RPC UDP door stopped");
}

void UdpDoor::close() {
  boost::system::error_code ec;
  socket_.close(ec);
}

asio::awaitable<void> UdpDoor::receive_loop() {
  udp::endpoint sender;
  while (socket_.is_open()) {
    boost::system::error_code ec;
    size_t n = co_await socket_.async_receive_from(asio::buffer(buffer_), sender,
                                                   asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted) break;
    if (ec) {
      MAGMA_DEBUG('n') << "RPC UDP receive: " << ec.message();
      continue;
    }
    if (in_flight_.load(std::memory_order_relaxed) >= kMaxUdpCallsInFlight) {
      MAGMA_DEBUG('n') << "RPC UDP call from " << sender << " dropped: " << kMaxUdpCallsInFlight << " in flight";
      continue;
    }
    in_flight_.fetch_add(1, std::memory_order_relaxed);
    Bytes message(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
    asio::post(workers_, [this, message = std::move(message), sender]() mutable {
      run_call(std::move(message), sender);
    });
  }
}

void UdpDoor::run_call(Bytes message, const udp::endpoint& sender) {
  try {
    RpcCaller peer{sender.address(), sender.port(), false, std::nullopt};
    if (auto reply = dispatcher_.handle(message, peer)) send(std::move(reply), sender);
  } catch (const std::exception& e) {
    MAGMA_LOG(error) << "RPC UDP call from " << sender << ": " << e.what();
  } catch (...) {  // nothing may escape into the pool: it would terminate magmad
    MAGMA_LOG(error) << "RPC UDP call from " << sender << ": unknown exception";
  }
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
}

void UdpDoor::send(std::shared_ptr<const Bytes> reply, const udp::endpoint& to) {
  asio::post(strand_, [this, reply = std::move(reply), to] {
    socket_.async_send_to(asio::buffer(*reply), to, [reply, to](boost::system::error_code ec, size_t) {
      if (ec) {
        MAGMA_DEBUG('n') << "RPC UDP reply to " << to << ": " << ec.message();
      }
    });
  });
}

}  // namespace magma::nfs::rpc
