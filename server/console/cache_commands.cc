// cache load and print cache. Magma keeps no flare cache of its own (the 2015 original
// did): what a volcano holds in memory is the flares held open, the flares in their grace,
// the data file descriptors, its connections to the other volcanos and SQLite's page
// cache. `cache load` warms the latter with what the Load node op does through the
// store's own connection: it counts the records and the inodes (SQLite reads their
// indexes' pages) and sums the data files' sizes.
#include <sqlite3.h>

#include <chrono>
#include <sstream>

#include "server/console/command_groups.h"
#include "server/lava.h"
#include "tools/format.h"

namespace magma::server::console {

namespace {

// SQLite's memory of the whole process: in use now and at most since start.
struct SqliteMemory {
  int64_t used = 0, peak = 0;
};
SqliteMemory sqlite_memory() {
  sqlite3_int64 used = 0, peak = 0;
  sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &peak, 0);
  return {used, peak};
}

std::string bytes(int64_t n) { return tools::format_bytes(static_cast<uint64_t>(n < 0 ? 0 : n)); }

}  // namespace

Result<std::string> cache_load_command(CommandContext& ctx, const Args&) {
  Lava& lava = ctx.services.lava;
  SqliteMemory before = sqlite_memory();
  auto start = std::chrono::steady_clock::now();
  auto load = lava.call(lava.self(), LoadRequest{});
  if (!load) return load.status();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  std::ostringstream out;
  out << "cache loaded in " << ms.count() << " ms: " << load->keys << " records, " << load->inodes
      << " inodes, " << tools::format_bytes(load->data_bytes) << " of file data\n"
      << "sqlite memory: " << bytes(before.used) << " before, " << bytes(sqlite_memory().used) << " now\n";
  return out.str();
}

Result<std::string> print_cache_command(CommandContext& ctx, const Args&) {
  FlareService::Caches caches = ctx.services.service.caches();
  SqliteMemory sqlite = sqlite_memory();
  std::ostringstream out;
  out << "open flares:       " << caches.open_flares << "\n"
      << "grace holds:       " << caches.grace_holds << "\n"
      << "data files open:   " << caches.open_data_files << "\n"
      << "lava connections:  " << ctx.services.lava.connection_count() << "\n"
      << "sqlite memory:     " << bytes(sqlite.used) << " (peak " << bytes(sqlite.peak) << ")\n";
  return out.str();
}

}  // namespace magma::server::console
