// RpcServer: the doors, the io threads, the worker pool and rpcbind, started and stopped
// in the order that lets no call be lost half-way or run after the objects it uses.
#include "nfs_gateway/rpc/rpc_server.h"

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <algorithm>
#include <mutex>
#include <optional>
#include <thread>

#include "libmagma/logging.h"
#include "nfs_gateway/rpc/rpc_dispatcher.h"
#include "nfs_gateway/rpc/rpcbind_registration.h"
#include "nfs_gateway/rpc/tcp_door.h"
#include "nfs_gateway/rpc/udp_door.h"

namespace magma::nfs::rpc {

namespace asio = boost::asio;

namespace {
// The sockets are cheap to serve (the calls run on the workers); two io threads keep the
// UDP and the TCP traffic from waiting on each other.
constexpr size_t kIoThreads = 2;
// With port 0, tries for a port free for both TCP and UDP.
constexpr int kBindAttempts = 16;
}  // namespace

// Members in construction order; stop() tears down in the order that lets no handler
// touch a destroyed object.
struct RpcServer::Impl {
  Impl(std::unique_ptr<RpcDispatcher> d, const RpcServerOptions& options)
      : dispatcher(std::move(d)),
        work(io.get_executor()),
        workers(std::max<size_t>(options.threads, 1)),
        udp(io, workers, *dispatcher),
        tcp(io, workers, *dispatcher, kMaxRecordBytes, options.max_tcp_connections) {}
  ~Impl() { stop(); }

  Status bind(const asio::ip::address& address, uint16_t port);
  void start();
  void stop();

  std::unique_ptr<RpcDispatcher> dispatcher;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  asio::thread_pool workers;
  UdpDoor udp;
  TcpDoor tcp;
  std::vector<std::thread> io_threads;
  std::unique_ptr<RpcbindRegistration> rpcbind;
  uint16_t port = 0;
  std::mutex stop_mu;    // serialises stop()
  bool stopped = false;  // guarded by stop_mu
};

Status RpcServer::Impl::bind(const asio::ip::address& address, uint16_t wanted) {
  for (int attempt = 0;; ++attempt) {
    MAGMA_RETURN_IF_ERROR(tcp.bind({address, wanted}));
    Status udp_bound = udp.bind({address, tcp.port()});
    if (udp_bound.is_ok()) break;
    tcp.close();
    // A port the system chose for TCP may be taken for UDP: choose again.
    if (wanted != 0 || attempt + 1 == kBindAttempts) return udp_bound;
  }
  port = tcp.port();
  return Status::ok();
}

void RpcServer::Impl::start() {
  udp.start();
  tcp.start();
  for (size_t i = 0; i < kIoThreads; ++i) {
    io_threads.emplace_back([this] {
      // Handlers catch what they expect; anything else is logged and the thread serves on.
      for (;;) {
        try {
          io.run();
          return;
        } catch (const std::exception& e) {
          MAGMA_LOG(error) << "RPC server io thread: " << e.what();
        }
      }
    });
  }
}

void RpcServer::Impl::stop() {
  std::lock_guard lock(stop_mu);
  if (stopped) return;
  stopped = true;
  rpcbind.reset();  // first, so that clients stop finding a server that goes away
  // No more reads or writes: a call read from now on would find no one to answer it.
  io.stop();
  for (auto& t : io_threads) t.join();
  io_threads.clear();
  // The calls already handed to the workers finish; their replies are not sent.
  workers.join();
  // Safe now that no thread runs a handler.
  udp.close();
  tcp.close();
  if (port != 0) MAGMA_LOG(info) << "RPC server on port " << port << " stopped";
}

Result<std::unique_ptr<RpcServer>> RpcServer::start(const RpcServerOptions& options,
                                                    std::vector<std::shared_ptr<RpcProgram>> programs) {
  boost::system::error_code ec;
  asio::ip::address address = asio::ip::make_address(options.bind, ec);
  if (ec) return Status(Errc::Invalid, "bad RPC bind address '" + options.bind + "'");
  auto dispatcher = RpcDispatcher::create(std::move(programs), options.dup_cache_entries, options.dup_cache_age);
  MAGMA_RETURN_IF_ERROR(dispatcher);
  auto impl = std::make_unique<Impl>(std::move(dispatcher).value(), options);
  MAGMA_RETURN_IF_ERROR(impl->bind(address, options.port));
  impl->start();
  if (options.register_with_rpcbind) {
    impl->rpcbind = std::make_unique<RpcbindRegistration>(impl->dispatcher->versions(), address, impl->port);
  }
  MAGMA_LOG(info) << "RPC server on " << options.bind << " port " << impl->port << " (UDP and TCP), "
                  << std::max<size_t>(options.threads, 1) << " worker threads";
  return std::unique_ptr<RpcServer>(new RpcServer(std::move(impl)));
}

RpcServer::RpcServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RpcServer::~RpcServer() { stop(); }

uint16_t RpcServer::port() const { return impl_->port; }

void RpcServer::stop() { impl_->stop(); }

}  // namespace magma::nfs::rpc
