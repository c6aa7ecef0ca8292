// The contract between the ONC RPC server (rpc_server.h) and the programs it serves (NFS
// v2, MOUNT v1): the server reads calls from the network, decodes the RPC header and the
// credentials (RFC 5531) and answers the errors of the RPC layer itself; a program
// decodes its arguments, runs the procedure and encodes its results.
#pragma once

#include <rpc/rpc.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace magma::nfs::rpc {

// AUTH_UNIX (also called AUTH_SYS) credentials, as the client sent them.
struct UnixCredentials {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<uint32_t> gids;  // at most 16
  std::string machine;         // the client's own name for itself
};

// Who sent a call.
struct RpcCaller {
  boost::asio::ip::address address;
  uint16_t port = 0;
  bool tcp = false;
  std::optional<UnixCredentials> unix_creds;  // nullopt: AUTH_NULL
};

struct RpcCall {
  uint32_t xid = 0;
  uint32_t program = 0;
  uint32_t version = 0;
  uint32_t procedure = 0;
  RpcCaller caller;
};

// The accept_stat of an accepted reply (RFC 5531 section 9).
enum class AcceptStat : uint32_t {
  Success = 0,
  ProgUnavail = 1,
  ProgMismatch = 2,
  ProcUnavail = 3,
  GarbageArgs = 4,
  SystemErr = 5,
};

class RpcProgram {
 public:
  virtual ~RpcProgram() = default;

  virtual uint32_t program() const = 0;
  // The versions served: a call for another gets PROG_MISMATCH with this range.
  virtual uint32_t min_version() const = 0;
  virtual uint32_t max_version() const = 0;

  // Whether running the procedure a second time can answer differently from the first
  // (CREATE, REMOVE, RENAME, ...): a retransmission of such a call is answered from the
  // server's duplicate-request cache instead of being run again.
  virtual bool is_idempotent(uint32_t version, uint32_t procedure) const = 0;

  // Runs one call. version lies within [min_version, max_version]. args is an XDR_DECODE
  // stream over the call's argument bytes (bounded: a length beyond them fails to
  // decode); on Success the program has encoded its results into results, an XDR_ENCODE
  // stream of kMaxResultBytes. Any other answer discards what results holds.
  //
  // Called on the server's worker threads, several at once; may block (it reaches other
  // volcanos).
  virtual AcceptStat dispatch(const RpcCall& call, XDR* args, XDR* results) = 0;

  // Room for one call's results: an 8 KiB READ with its attributes fits with margin.
  static constexpr size_t kMaxResultBytes = 64 * 1024;
};

}  // namespace magma::nfs::rpc
