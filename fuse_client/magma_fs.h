// MagmaFs: what every FUSE callback of mount.magma shares (the client of the lava, the
// inode table, the cache timeouts), and how a callback calls the lava as its caller.
//
// Thread-safety: MagmaFs is built before the session starts and destroyed after it ends;
// its members are safe to use from every FUSE worker at once (see their headers).
#pragma once

#include <fuse_lowlevel.h>

#include <memory>

#include "fuse_client/inode_table.h"
#include "libmagma/flare_messages.h"
#include "libmagma/lava_client.h"

namespace magma::fuse {

// Largest READ/WRITE the kernel sends us and we pass on in one request.
constexpr uint32_t kMaxIo = 1u << 20;
static_assert(kMaxIo <= kMaxIoSize, "one FUSE request must fit one flare READ/WRITE");

struct MagmaFs {
  MagmaFs(std::unique_ptr<LavaClient> c, std::string root_path)
      : client(std::move(c)), inodes(std::move(root_path)) {}

  std::unique_ptr<LavaClient> client;
  InodeTable inodes;
  // How long the kernel may trust a name (entry) or attributes (attr) without asking.
  // Longer saves round trips; shorter shows other clients' changes sooner. One second
  // is NFS-like close-to-open behaviour, cheap enough for `ls -l` and `make`.
  double entry_timeout = 1.0;
  double attr_timeout = 1.0;
};

// The MagmaFs of req's session.
MagmaFs& fs_of(fuse_req_t req);

// The identity of req's caller: uid, gid and up to Credentials::kMaxGroups supplementary
// groups (none when the caller is gone, e.g. for a release after exit).
Credentials caller_of(fuse_req_t req);

// Sends request to the volcano that owns it as req's caller and blocks until the answer
// (see LavaClient::call for the errors).
template <class Request>
auto call_as_caller(fuse_req_t req, const Request& request) {
  return fs_of(req).client->call(caller_of(req), request);
}

}  // namespace magma::fuse
