// NfsProgram: the NFS program, version 2 (RFC 1094), on a volcano's FlareService. It
// answers all 18 procedures; the RPC server (rpc/rpc_server.h) feeds it calls. Through the
// FlareService it serves the whole lava: flares owned by other volcanos are reached the
// way the native protocol reaches them.
//
// Thread-safety: dispatch runs on many worker threads at once; the only state shared
// across calls is the lava's fsid, read once and then constant (an atomic).
#pragma once

#include <atomic>
#include <cstdint>

#include "libmagma/errc.h"
#include "libmagma/key.h"
#include "nfs_gateway/nfs_export.h"
#include "nfs_gateway/rpc/rpc_program.h"
#include "server/flare_service.h"

namespace magma::nfs {

class NfsProgram : public rpc::RpcProgram {
 public:
  static constexpr uint32_t kProgram = 100003;
  static constexpr uint32_t kVersion = 2;

  // service must outlive the program. shares gives the shares in force (asked once per
  // call). key_of must be the service's (ServiceOptions::key_of): directory handles
  // carry key_of(path).
  NfsProgram(server::FlareService& service, ShareSource shares, KeyFunction key_of = sha1_key);

  uint32_t program() const override { return kProgram; }
  uint32_t min_version() const override { return kVersion; }
  uint32_t max_version() const override { return kVersion; }

  // NULL, GETATTR, ROOT, LOOKUP, READLINK, READ, WRITECACHE, READDIR and STATFS are
  // idempotent. Those that make or drop names (CREATE, REMOVE, RENAME, LINK, SYMLINK,
  // MKDIR, RMDIR) are not: run again they answer EXIST or NOENT. Neither are SETATTR and
  // WRITE: RFC 1094 counts them idempotent, and a retransmission that arrives at once
  // is, but one that arrives late (UDP) would undo what came between: a replayed
  // "truncate to 0" after the client's next WRITE destroys that data, a replayed WRITE
  // overwrites newer bytes. Their replies are small, so caching them costs little.
  bool is_idempotent(uint32_t version, uint32_t procedure) const override;

  // Runs procedure call.procedure (ProcUnavail for an unknown one) as the caller's
  // credentials (nfs_caller.h). Blocks on the FlareService. Never throws: an exception is
  // logged and answered NFSERR_IO.
  rpc::AcceptStat dispatch(const rpc::RpcCall& call, XDR* args, XDR* results) override;

 private:
  // The lava's fsid: the low 32 bits of the inode number of "/", the same on every
  // volcano and across restarts. Read from the service on first use.
  Result<uint32_t> fsid();

  server::FlareService& service_;
  const ShareSource shares_;
  const KeyFunction key_of_;
  // kFsidKnown | fsid once read; 0 before. Written once, by whichever call gets there.
  std::atomic<uint64_t> fsid_{0};
};

}  // namespace magma::nfs
