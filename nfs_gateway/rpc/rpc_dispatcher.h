// RpcDispatcher: what the server does with one call message, whichever door it came in
// by: decode the header and the credentials, answer the errors of the RPC layer, find the
// program, consult the duplicate-request cache and run the procedure.
//
// Errors map as RFC 5531 has them, checked in this order:
//   not a CALL, or too short for xid + type    → no reply
//   rpcvers != 2                               → MSG_DENIED  RPC_MISMATCH (2, 2)
//   header cut short                           → GARBAGE_ARGS
//   cred/verf body > 400 bytes, bad AUTH_UNIX  → MSG_DENIED  AUTH_ERROR AUTH_BADCRED/BADVERF
//   a flavor other than AUTH_NONE / AUTH_UNIX  → MSG_DENIED  AUTH_ERROR AUTH_REJECTEDCRED
//   unknown program                            → PROG_UNAVAIL
//   version outside the program's range       → PROG_MISMATCH (min, max)
//   then the program's own answer; an exception out of it → SYSTEM_ERR (logged), and so
//   does a UDP reply too large for one datagram (the client would wait for it in vain).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "libmagma/errc.h"
#include "nfs_gateway/rpc/dup_cache.h"
#include "nfs_gateway/rpc/rpc_program.h"

namespace magma::nfs::rpc {

// The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header).
constexpr size_t kMaxUdpReplyBytes = 65507;

class RpcDispatcher {
 public:
  // Fails with Invalid when two programs share a number or one's version range is empty.
  static Result<std::unique_ptr<RpcDispatcher>> create(std::vector<std::shared_ptr<RpcProgram>> programs,
                                                       size_t dup_cache_entries,
                                                       DupCache::Clock::duration dup_cache_age);

  // Handles the call in message (read, not kept) from peer (its unix_creds are ignored:
  // they come from the message). Returns the reply, or null when none is to be sent.
  // Thread-safe; runs on a worker thread and blocks while the procedure runs.
  DupCache::Reply handle(std::span<uint8_t> message, const RpcCaller& peer);

  // Every (program, version) served, for rpcbind.
  std::vector<std::pair<uint32_t, uint32_t>> versions() const;

 private:
  RpcDispatcher(std::map<uint32_t, std::shared_ptr<RpcProgram>> programs, size_t dup_cache_entries,
                DupCache::Clock::duration dup_cache_age);
  DupCache::Reply run_once(RpcProgram& program, const RpcCall& call, std::span<uint8_t> args);

  const std::map<uint32_t, std::shared_ptr<RpcProgram>> programs_;
  DupCache dup_cache_;
};

}  // namespace magma::nfs::rpc
