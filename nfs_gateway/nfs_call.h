// NfsCall: what one NFS procedure runs with: the FlareService, the export, the caller's
// identity and the lava's fsid. Made by NfsProgram::dispatch for each call and used by
// that call's thread only.
#pragma once

#include <cstdint>

#include "libmagma/key.h"
#include "nfs_gateway/nfs_export.h"
#include "server/flare_service.h"

namespace magma::nfs {

struct NfsCall {
  server::FlareService& service;
  const NfsExport& exported;
  const KeyFunction& key_of;
  server::CallContext ctx;  // the caller's Credentials (nfs_caller.h), no session
  uint32_t fsid = 0;        // fattr.fsid: the lava's (NfsProgram)
  const char* procedure = "";  // for logs: "LOOKUP"

  const Credentials& creds() const { return ctx.creds; }

  // Runs req on the FlareService as the caller; blocks (it may reach other volcanos).
  template <class Request>
  auto ask(const Request& req) const {
    return service.handle(ctx, req);
  }
};

}  // namespace magma::nfs
