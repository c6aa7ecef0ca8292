// The console's ls lines.
#include "server/console/listing.h"

#include <cstdio>

namespace magma::server::console {

std::string listing_line(const FlareAttr& attr, std::string_view name, std::string_view target) {
  char numbers[64];
  std::snprintf(numbers, sizeof numbers, " %6u %6u %10llu ", attr.uid, attr.gid,
                static_cast<unsigned long long>(attr.size));
  std::string line = mode_text(attr) + numbers + std::string(name);
  if (!target.empty()) line += " -> " + std::string(target);
  return line + "\n";
}

std::string listing_total(size_t entries) { return " -- total entries: " + std::to_string(entries) + "\n"; }

}  // namespace magma::server::console
