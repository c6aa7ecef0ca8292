// Text forms of magmactl's (and the console's) values: byte counts for people, keys in
// full or shortened, a volcano, its storage. Pure, thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "libmagma/key.h"
#include "libmagma/lava_messages.h"
#include "libmagma/topology.h"

namespace magma::tools {

// Bytes with a binary unit, three significant digits: "0 B", "512 B", "1.50 KiB",
// "17.2 GiB", "931 GiB".
std::string format_bytes(uint64_t bytes);

// The key's first kShortKeyDigits hex digits, or all 40 when full.
constexpr size_t kShortKeyDigits = 8;
std::string key_text(const Key& key, bool full);

// "start..stop", each as key_text.
std::string slice_text(const Slice& slice, bool full);

// "wallace (10.0.0.1:12000)": a volcano's nickname and flare port.
std::string volcano_text(const VolcanoInfo& v);

// "1.50 GiB / 17.2 GiB": storage used and in all, from a volcano's load.
std::string storage_text(const LoadResponse& load);

}  // namespace magma::tools
