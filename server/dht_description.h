// /.dht/<nickname>: the description file every volcano publishes about itself (name,
// address, ports, slice, storage), readable through any door. Never holds the secret.
#pragma once

#include <cstdint>
#include <string>

#include "libmagma/key.h"
#include "server/flare_service.h"

namespace magma::server {

constexpr const char* kDhtDirectory = "/.dht";

struct VolcanoInfo {
  std::string nickname;
  std::string fqdn;
  std::string address;
  uint16_t flare_port = 0;
  Slice slice;
  uint64_t storage_total = 0;  // bytes
  uint64_t storage_free = 0;   // bytes
};

// The file's text: one `name: value` line per field.
std::string describe_volcano(const VolcanoInfo& info);

// Creates or rewrites /.dht/<nickname> (mode 0444, root) through service. Fails with the
// service's error. Blocks on disk.
Status publish_volcano(FlareService& service, const VolcanoInfo& info);

}  // namespace magma::server
