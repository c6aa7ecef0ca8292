// Flare I/O without a mount, for magmactl ls, cat, put and get: reaching the lava, and
// copying a regular flare's bytes to or from a local file descriptor in chunks of the
// protocol's largest I/O (kMaxIoSize), through LavaClient, as the user who runs magmactl.
// Every function blocks on the network and the local file; none keeps the descriptor.
#pragma once

#include <memory>
#include <string>

#include "libmagma/errc.h"
#include "libmagma/flare_attr.h"
#include "libmagma/lava_client.h"
#include "tools/command.h"

namespace magma::tools {

// A client of the lava entered at global.host. Fails as LavaClient::connect.
Result<std::unique_ptr<LavaClient>> connect_lava(const GlobalOptions& global);

// The regular flare at path (normalised). Fails with the lava's error (NotFound, Access),
// IsDir for a directory, Invalid for any other type.
Result<FlareEntry> find_regular(LavaClient& lava, const std::string& path);

// Writes the flare's bytes, from offset 0 to its end, to fd. Fails with the lava's error
// (Stale: removed meanwhile) or Io (a local write failed). Returns the bytes copied.
Result<uint64_t> read_flare(LavaClient& lava, const FlareId& id, int fd);

// Writes everything fd holds, read up to its end, at offset 0 of the flare id; the last
// chunk is written stable, so the copy is on the volcano's stable storage on success.
// Fails with the lava's error or Io (a local read failed). Returns the bytes copied.
Result<uint64_t> write_flare(LavaClient& lava, const FlareId& id, int fd);

}  // namespace magma::tools
