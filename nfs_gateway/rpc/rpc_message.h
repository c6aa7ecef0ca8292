// The ONC RPC message format (RFC 5531 sections 8-9), written down once: decoding a call's
// header and encoding every reply the server sends. All words are XDR (4-byte big-endian);
// libtirpc's xdrmem streams read and write them.
//
//   call:  xid, CALL(0), rpcvers(2), prog, vers, proc,
//          cred  {flavor, opaque body<400>}, verf {flavor, opaque body<400>}, args...
//   reply: xid, REPLY(1), then either
//          MSG_ACCEPTED(0), verf {AUTH_NONE, 0 bytes}, accept_stat,
//              SUCCESS: results...   PROG_MISMATCH: low, high
//          MSG_DENIED(1), RPC_MISMATCH(0), low, high  |  AUTH_ERROR(1), auth_stat
//
// Pure functions and one move-only buffer; thread-compatible.
#pragma once

#include <rpc/rpc.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "libmagma/byte_codec.h"
#include "nfs_gateway/rpc/rpc_program.h"
#include "nfs_gateway/rpc/xdr_mem.h"

namespace magma::nfs::rpc {

constexpr uint32_t kRpcVersion = 2;
constexpr size_t kMaxAuthBytes = MAX_AUTH_BYTES;  // 400: the bound of a cred or verf body
// xid, REPLY, MSG_ACCEPTED, verf flavor, verf length, accept_stat.
constexpr size_t kAcceptedHeaderBytes = 6 * BYTES_PER_XDR_UNIT;

// What is wrong with a call's header, in the order the server checks it.
enum class CallFault {
  None,
  Drop,         // shorter than xid + message type, or not a CALL: no answer
  RpcMismatch,  // rpcvers != 2 → MSG_DENIED / RPC_MISMATCH
  Garbage,      // a field or an opaque body cut short → GARBAGE_ARGS
  BadCred,      // a cred body longer than kMaxAuthBytes → AUTH_BADCRED
  BadVerf,      // a verf body longer than kMaxAuthBytes → AUTH_BADVERF
};

struct CallHeader {
  CallFault fault = CallFault::None;
  uint32_t xid = 0;
  uint32_t program = 0;
  uint32_t version = 0;
  uint32_t procedure = 0;
  uint32_t cred_flavor = AUTH_NONE;
  std::span<uint8_t> cred_body;  // views into the message
  std::span<uint8_t> args;
};

// Decodes the header of message. The spans of the result point into message, which the
// caller keeps alive (and writable: XDR_DECODE streams take a char*) while using them.
CallHeader decode_call_header(std::span<uint8_t> message);

// Replies that carry no results. Each returns the whole RPC message (no record mark).
Bytes encode_accepted(uint32_t xid, AcceptStat stat);  // for Success: the header results follow
Bytes encode_prog_mismatch(uint32_t xid, uint32_t low, uint32_t high);
Bytes encode_rpc_mismatch(uint32_t xid);
Bytes encode_auth_error(uint32_t xid, auth_stat why);

// The reply of a successful call: a program encodes its results through xdr() straight
// into the buffer, after room left for the accepted-reply header.
class SuccessReply {
 public:
  explicit SuccessReply(size_t max_result_bytes = RpcProgram::kMaxResultBytes);
  SuccessReply(const SuccessReply&) = delete;
  SuccessReply& operator=(const SuccessReply&) = delete;

  XDR* xdr() { return results_.get(); }
  // Writes the header for xid in front of the encoded results and returns the message.
  Bytes finish(uint32_t xid) &&;

 private:
  Bytes buffer_;
  XdrMem results_;  // over buffer_, past the header
};

}  // namespace magma::nfs::rpc
