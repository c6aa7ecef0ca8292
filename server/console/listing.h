// How console ls shows a flare: one line of mode, owner, group, size and name (and
// "-> target" for a symbolic link), as `ls -ln` does but without links and times, and
// the closing count line. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "libmagma/flare_attr.h"

namespace magma::server::console {

// "-rw-r--r--   1000   1000       12 name" (numeric owner and group: the lava's ids are
// its clients', not this host's), plus " -> target" when target is given. Ends in '\n'.
std::string listing_line(const FlareAttr& attr, std::string_view name, std::string_view target = {});

// " -- total entries: N\n"
std::string listing_total(size_t entries);

}  // namespace magma::server::console
