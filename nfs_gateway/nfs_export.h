// What the gateway exports, and to whom. Until shares and ACLs (acl/) take over, the
// gateway exports "/" read-write to everyone, with root squashed.
#pragma once

#include <cstdint>
#include <string>

namespace magma::nfs {

struct NfsExport {
  std::string path = "/";   // the exported directory, normalised
  bool read_only = false;   // every change answers NFSERR_ROFS
  bool root_squash = true;  // uid 0 (AUTH_UNIX) is mapped to anon_uid/anon_gid
  uint32_t anon_uid = 65534;  // AUTH_NULL callers and squashed root ("nobody")
  uint32_t anon_gid = 65534;
};

}  // namespace magma::nfs
