// RpcServer: serves RPC programs (rpc_program.h) over UDP and TCP on one port.
//
// Why not libtirpc's svc_run: it runs every call on one thread, so one slow call (a WRITE
// that waits for another volcano's disk) would stall every client. The server uses
// libtirpc for what it does well (XDR, the RPC message and credential codecs, rpcbind
// registration) and Boost.Asio for the sockets: calls are read on io threads and run on a
// pool of worker threads, so one slow call stalls no other.
//
//  - UDP: each datagram (up to 64 KiB, read whole) is one call.
//  - TCP: RPC record marking (RFC 5531 section 11); a record larger than kMaxRecordBytes
//    closes that connection. Calls on one connection may be answered out of order.
//  - RPC errors are answered by the server: RPC_MISMATCH (rpcvers != 2), AUTH_ERROR for
//    credentials other than AUTH_NULL and AUTH_UNIX or badly encoded ones, PROG_UNAVAIL,
//    PROG_MISMATCH, and GARBAGE_ARGS for a header that does not decode; a datagram too
//    short to hold an xid is dropped.
//  - A duplicate-request cache (bounded in entries and age, keyed by client address, port,
//    xid, program, version and procedure) answers a retransmitted non-idempotent call
//    with the reply it already sent, and drops one that arrives while the first still runs.
//  - rpcbind: when asked, each (program, version) is registered for udp and tcp at start
//    and unregistered by stop(); without a reachable rpcbind the server logs it and
//    serves anyway (clients given the port still work).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "libmagma/errc.h"
#include "nfs_gateway/rpc/rpc_program.h"

namespace magma::nfs::rpc {

struct RpcServerOptions {
  std::string bind = "0.0.0.0";
  uint16_t port = 0;  // 0: any free port (tests)
  size_t threads = 8;  // worker threads that run calls
  bool register_with_rpcbind = false;
  size_t dup_cache_entries = 4096;
  std::chrono::seconds dup_cache_age{120};
  // Open TCP connections at most: one more is closed at once (its client retries later),
  // so a flood of connections cannot use up the daemon's descriptors.
  size_t max_tcp_connections = 512;
};

class RpcServer {
 public:
  static constexpr size_t kMaxRecordBytes = 1 << 20;

  // Binds UDP and TCP on options.bind:options.port and starts serving programs. Fails with
  // Io (address in use, permission) naming the address, or Invalid (a bind address that
  // does not parse, two programs with one number, a program without versions). Blocks for
  // rpcbind only when asked to register, and only as long as rpcbind takes to answer (an
  // absent one fails at once).
  static Result<std::unique_ptr<RpcServer>> start(const RpcServerOptions& options,
                                                  std::vector<std::shared_ptr<RpcProgram>> programs);
  ~RpcServer();  // stop()
  RpcServer(const RpcServer&) = delete;
  RpcServer& operator=(const RpcServer&) = delete;

  uint16_t port() const;  // the bound port (UDP and TCP alike)

  // Unregisters from rpcbind, stops reading and writing, waits for the calls already
  // handed to the workers (their replies are not sent), then closes the sockets and every
  // connection. Idempotent; blocks. Not from a call's dispatch or an io thread (it joins them).
  void stop();

 private:
  struct Impl;
  explicit RpcServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace magma::nfs::rpc
