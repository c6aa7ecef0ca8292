// magmad: one volcano. Parses its settings, takes its place in the lava (bootstrap, join
// or restart), serves the flare port to clients and the node port to the other volcanos
// (and, with --nfs, the NFSv2 gateway once the volcano serves) until SIGINT, SIGTERM or a
// Shutdown request, then stops in reverse order.
#include <unistd.h>

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include "libmagma/lava_key.h"
#include "libmagma/logging.h"
#include "libmagma/malloc_tuning.h"
#include "nfs_gateway/nfs_gateway.h"
#include "server/console/console_listener.h"
#include "server/flare_listener.h"
#include "server/flare_service.h"
#include "server/lava.h"
#include "server/lava/membership.h"
#include "server/magmad_options.h"
#include "server/shares.h"

namespace asio = boost::asio;
using namespace magma;
using namespace magma::server;

namespace {

// Handlers block on SQLite and fsync; more threads than cores keep the disk busy.
constexpr int kFlareThreads = 8;
// Node ops never wait on other volcanos, but a join or a split holds one for its length.
constexpr int kNodeThreads = 8;
// Between closing the ports and stopping: the answers already made (a Shutdown's own
// among them) reach their callers.
constexpr auto kDrainTime = std::chrono::milliseconds(200);

// How this start takes its place in the lava.
enum class Entry { Bootstrap, Join, Restart };

VolcanoInfo self_of(const MagmadOptions& o) {
  VolcanoInfo self;
  self.nickname = o.nickname;
  self.fqdn = o.fqdn;
  // Listening on every address: the others reach this volcano by its name.
  boost::system::error_code ec;
  auto bind = asio::ip::make_address(o.bind, ec);
  self.address = !ec && bind.is_unspecified() ? o.fqdn : o.bind;
  self.flare_port = o.port;
  self.node_port = o.node_port;
  return self;
}

// The address a volcano listening on one address (-i) calls the others from; "" (the
// kernel's choice) when it listens on every address.
std::string source_of(const MagmadOptions& o) {
  boost::system::error_code ec;
  auto bind = asio::ip::make_address(o.bind, ec);
  return !ec && !bind.is_unspecified() ? o.bind : std::string();
}

// A store with a topology restarts whatever the flags say; a fresh one needs -b or -r.
Result<Entry> choose_entry(Lava& lava, const MagmadOptions& o) {
  std::error_code ec;
  std::filesystem::create_directories(o.storage, ec);
  if (ec) return Status(Errc::Io, "cannot create storage directory " + o.storage + ": " + ec.message());
  Result<bool> loaded = lava.load();
  if (!loaded) return loaded.status();
  if (*loaded) {
    if (o.bootstrap || o.join)
      MAGMA_LOG(warning) << "storage " << o.storage << " already belongs to a lava (epoch " << lava.epoch()
                         << "): ignoring " << (o.bootstrap ? "-b" : "-r") << ", restarting";
    return Entry::Restart;
  }
  if (o.join) return Entry::Join;
  if (!o.bootstrap) return Status(Errc::Invalid, "not part of a lava: start with -b or -r");
  Result<bool> adopted = lava.adopt(Topology::bootstrap(lava.self()));
  if (!adopted) return adopted.status();
  return Entry::Bootstrap;
}

// The volcano's ports and the threads that serve them.
class Daemon {
 public:
  Daemon(FlareService& service, Lava& lava, Shares& shares, asio::ssl::context& tls)
      : flare_(io_, flare_pool_, service, tls, Door::Flare),
        node_(io_, node_pool_, service, tls, Door::Node),
        console_(io_, {service, lava, shares}),
        lava_(lava),
        shares_(shares) {}

  Status start(const MagmadOptions& o) {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(o.bind, ec);
    if (ec) return Status(Errc::Invalid, "bad bind address '" + o.bind + "': " + ec.message());
    MAGMA_RETURN_IF_ERROR(flare_.start({address, o.port}));
    MAGMA_RETURN_IF_ERROR(node_.start({address, o.node_port}));
    if (o.console) MAGMA_RETURN_IF_ERROR(start_console(o));
    signals_.async_wait([this](boost::system::error_code error, int sig) {
      if (error) return;
      MAGMA_LOG(info) << "signal " << sig << ": stopping";
      request_stop();
    });
    lava_.on_shutdown([this] { request_stop(); });
    await_reload();
    // One io thread only moves bytes (handlers run on the pools); more would make the
    // reactor re-arm descriptors on every request.
    io_thread_ = std::thread([this] { io_.run(); });
    return Status::ok();
  }

  // The console on its own address (loopback unless configured otherwise).
  Status start_console(const MagmadOptions& o) {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(o.console_bind, ec);
    if (ec) return Status(Errc::Invalid, "bad console bind address '" + o.console_bind + "': " + ec.message());
    MAGMA_RETURN_IF_ERROR(console_.start({address, o.console_port}));
    MAGMA_LOG(info) << "console on " << o.console_bind << ":" << o.console_port;
    return Status::ok();
  }

  // SIGHUP reloads the shares (reading files and resolving names: on a pool, not the io
  // thread); a bad file keeps the rules in force (Shares::reload logs it).
  void await_reload() {
    reload_signals_.async_wait([this](boost::system::error_code error, int) {
      if (error) return;
      asio::post(node_pool_, [this] { (void)shares_.reload(); });
      await_reload();
    });
  }

  // Wakes wait_for_stop_request(). Any thread; returns at once.
  void request_stop() {
    {
      std::lock_guard lock(stop_mutex_);
      stop_requested_ = true;
    }
    stop_requested_cv_.notify_all();
  }

  // Returns once a signal or a Shutdown request asks the volcano to stop: its owner stops
  // what runs on top of the volcano (the NFS gateway, whose calls still reach the lava)
  // before stop().
  void wait_for_stop_request() {
    std::unique_lock lock(stop_mutex_);
    stop_requested_cv_.wait(lock, [this] { return stop_requested_; });
  }

  // Closes the ports, lets the answers made drain, stops. Any thread; returns at once.
  void stop() {
    asio::post(io_, [this] {
      flare_.stop();
      node_.stop();
      console_.stop();
      signals_.cancel();
      reload_signals_.cancel();
      drain_.expires_after(kDrainTime);
      drain_.async_wait([this](boost::system::error_code) { io_.stop(); });
    });
  }

  // Waits for stop() and for the requests still running.
  void wait() {
    if (io_thread_.joinable()) io_thread_.join();
    flare_pool_.join();
    node_pool_.join();
  }

  ~Daemon() {
    lava_.on_shutdown(nullptr);
    if (io_thread_.joinable()) {
      stop();
      wait();
    }
  }

 private:
  asio::io_context io_;
  asio::thread_pool flare_pool_{kFlareThreads};
  asio::thread_pool node_pool_{kNodeThreads};
  FlareListener flare_;
  FlareListener node_;
  console::ConsoleListener console_;
  asio::signal_set signals_{io_, SIGINT, SIGTERM};
  asio::signal_set reload_signals_{io_, SIGHUP};
  asio::steady_timer drain_{io_};
  Lava& lava_;
  Shares& shares_;
  std::thread io_thread_;
  std::mutex stop_mutex_;
  std::condition_variable stop_requested_cv_;
  bool stop_requested_ = false;
};

// The gateway on the volcano's address; nullptr (after logging why) if it cannot start.
std::unique_ptr<nfs::NfsGateway> start_nfs(const MagmadOptions& o, FlareService& service, Shares& shares) {
  nfs::NfsGatewayOptions options;
  options.bind = o.bind;
  options.nfs_port = o.nfs_port;
  options.mount_port = o.mount_port;
  options.threads = o.nfs_threads;
  options.rpcbind = o.nfs_rpcbind;
  auto gateway = nfs::NfsGateway::start(service, options, [&shares] { return shares.current(); });
  if (!gateway) {
    MAGMA_LOG(error) << "cannot start the NFS gateway (NFS port " << o.nfs_port << ", MOUNT port " << o.mount_port
                     << "): " << gateway.status().message();
    return nullptr;
  }
  MAGMA_LOG(info) << "NFS gateway on " << o.bind << ": NFS port " << (*gateway)->nfs_port() << ", MOUNT port "
                  << (*gateway)->mount_port() << " (UDP and TCP)";
  return std::move(*gateway);
}

// Serves until stopped: joins the lava first for -r, catches up after a restart.
int serve(const MagmadOptions& o, Entry entry, FlareService& service, Lava& lava, Shares& shares,
          asio::ssl::context& tls) {
  Daemon daemon(service, lava, shares, tls);
  Status started = daemon.start(o);
  if (!started.is_ok()) {
    MAGMA_LOG(error) << started.message();
    return 1;
  }
  if (entry == Entry::Join) {
    Status joined = join_lava(lava, o.join->host, o.join->port);
    if (!joined.is_ok()) {
      MAGMA_LOG(error) << "cannot join the lava through " << o.join->host << ":" << o.join->port << ": "
                       << joined.message();
      return 1;
    }
  }
  if (entry == Entry::Restart) catch_up(lava);
  std::unique_ptr<nfs::NfsGateway> gateway;
  if (o.nfs && !(gateway = start_nfs(o, service, shares))) return 1;
  MAGMA_LOG(info) << "volcano " << o.nickname << " ready on " << o.bind << ":" << o.port << " (node port "
                  << o.node_port << "), epoch " << lava.epoch() << ", storage " << o.storage;
  daemon.wait_for_stop_request();
  gateway.reset();
  daemon.stop();
  daemon.wait();
  MAGMA_LOG(info) << "volcano " << o.nickname << " stopped";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  tune_malloc_for_large_buffers();
  auto options = parse_magmad_options(argc, argv);
  if (!options) {
    std::cerr << "magmad: " << options.status().message() << "\n"
              << "Try 'magmad --help'.\n";
    return 2;
  }
  if (options->help) return 0;
  const MagmadOptions& o = *options;
  init_logging({"magmad", o.debug, true, o.syslog});
  // A bad share file stops the start with the message a reload would log, before -b has
  // made the storage directory a lava's.
  auto shares = Shares::load(o.shares);
  if (!shares) {
    MAGMA_LOG(error) << "cannot load the shares: " << shares.status().message();
    return 1;
  }
  // No key, no volcano: it could neither serve nor reach the others (libmagma/lava_key.h).
  Result<std::string> key = resolve_lava_key({o.secret, o.key_file, kDefaultKeyFile, ::isatty(STDIN_FILENO) == 1});
  auto tls = key ? make_listener_tls(*key) : Result<std::unique_ptr<asio::ssl::context>>(key.status());
  if (!tls) {
    MAGMA_LOG(error) << tls.status().message();
    return 1;
  }
  Lava lava(self_of(o), o.storage, *key, source_of(o));
  Result<Entry> entry = choose_entry(lava, o);
  if (!entry) {
    MAGMA_LOG(error) << entry.status().message();
    return 1;
  }
  ServiceOptions service_options;
  service_options.storage_dir = o.storage;
  service_options.bootstrap = *entry == Entry::Bootstrap;
  // An empty store is fine for a joiner, and after a restart for any volcano but the one
  // holding "/" (whose slice may hold nothing yet).
  service_options.joining = *entry == Entry::Join || (*entry == Entry::Restart && !lava.owns(sha1_key("/")));
  service_options.log_sql = o.debug.find('s') != std::string::npos;
  service_options.nickname = o.nickname;
  service_options.lava = &lava;
  service_options.shares = shares->get();
  // Twice mount.magma's entry timeout: a name a kernel cached still opens its flare.
  service_options.unlinked_grace = std::chrono::seconds(2);
  auto service = FlareService::open(service_options);
  if (!service) {
    MAGMA_LOG(error) << "cannot open storage " << o.storage << ": " << service.status().message();
    return 1;
  }
  return serve(o, *entry, **service, lava, **shares, **tls);
}
