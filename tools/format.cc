// Text forms of byte counts, keys, volcanos and storage.
#include "tools/format.h"

#include <algorithm>
#include <cstdio>

namespace magma::tools {

std::string format_bytes(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  // Three significant digits at most: what would print as four goes up a unit (0.98 MiB).
  if (value >= 999.5 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  const char* format = value < 9.995 ? "%.2f %s" : value < 99.95 ? "%.1f %s" : "%.0f %s";
  std::snprintf(buf, sizeof buf, format, value, kUnits[unit]);
  return buf;
}

std::string key_text(const Key& key, bool full) {
  std::string hex = key.hex();
  return full ? hex : hex.substr(0, kShortKeyDigits);
}

std::string slice_text(const Slice& slice, bool full) {
  return key_text(slice.start, full) + ".." + key_text(slice.stop, full);
}

std::string volcano_text(const VolcanoInfo& v) {
  return v.nickname + " (" + v.address + ":" + std::to_string(v.flare_port) + ")";
}

std::string storage_text(const LoadResponse& load) {
  uint64_t used = load.storage_total - std::min(load.storage_free, load.storage_total);
  return format_bytes(used) + " / " + format_bytes(load.storage_total);
}

}  // namespace magma::tools
