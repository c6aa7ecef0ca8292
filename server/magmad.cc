// magmad: one volcano. Parses its settings, opens its store, publishes its /.dht file,
// serves the flare port until SIGINT or SIGTERM, then stops in reverse order.
#include <sys/statvfs.h>

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio.hpp>
#include <iostream>

#include "libmagma/logging.h"
#include "libmagma/malloc_tuning.h"
#include "server/dht_description.h"
#include "server/flare_listener.h"
#include "server/flare_service.h"
#include "server/magmad_options.h"

namespace asio = boost::asio;
using namespace magma;
using namespace magma::server;

namespace {

// Handlers block on SQLite and fsync; more threads than cores keep the disk busy.
constexpr int kHandlerThreads = 8;

VolcanoInfo volcano_info(const MagmadOptions& o) {
  VolcanoInfo info;
  info.nickname = o.nickname;
  info.fqdn = o.fqdn;
  info.address = o.bind;
  info.flare_port = o.port;
  struct statvfs vfs {};
  if (statvfs(o.storage.c_str(), &vfs) == 0) {
    info.storage_total = uint64_t(vfs.f_blocks) * vfs.f_frsize;
    info.storage_free = uint64_t(vfs.f_bavail) * vfs.f_frsize;
  }
  return info;
}

int serve(const MagmadOptions& o, FlareService& service) {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(o.bind, ec);
  if (ec) {
    MAGMA_LOG(error) << "bad bind address '" << o.bind << "': " << ec.message();
    return 1;
  }
  asio::io_context io;
  asio::thread_pool pool(kHandlerThreads);
  FlareListener listener(io, pool, service);
  Status listening = listener.start({address, o.port});
  if (!listening.is_ok()) {
    MAGMA_LOG(error) << listening.message();
    return 1;
  }
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int sig) {
    MAGMA_LOG(info) << "signal " << sig << ": stopping";
    listener.stop();
    io.stop();
  });
  MAGMA_LOG(info) << "volcano " << o.nickname << " ready on " << o.bind << ":" << o.port
                  << ", storage " << o.storage;
  // One io thread only moves bytes (handlers run on the pool); more would make the
  // reactor re-arm descriptors on every request.
  io.run();
  pool.join();
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
  ServiceOptions service_options;
  service_options.storage_dir = o.storage;
  service_options.bootstrap = o.bootstrap;
  service_options.log_sql = o.debug.find('s') != std::string::npos;
  service_options.nickname = o.nickname;
  // Twice mount.magma's entry timeout: a name a kernel cached still opens its flare.
  service_options.unlinked_grace = std::chrono::seconds(2);
  auto service = FlareService::open(service_options);
  if (!service) {
    MAGMA_LOG(error) << "cannot open storage " << o.storage << ": " << service.status().message();
    return 1;
  }
  Status published = publish_volcano(**service, volcano_info(o));
  if (!published.is_ok()) MAGMA_LOG(warning) << "cannot publish /.dht entry: " << published.to_string();
  return serve(o, **service);
}
