// The ONC RPC call header decoder and reply encoders.
#include "nfs_gateway/rpc/rpc_message.h"

#include <algorithm>
#include <initializer_list>

namespace magma::nfs::rpc {

namespace {

// The padded size of an opaque body of n bytes.
size_t xdr_padded(size_t n) { return (n + BYTES_PER_XDR_UNIT - 1) / BYTES_PER_XDR_UNIT * BYTES_PER_XDR_UNIT; }

// Reads an opaque_auth {flavor, body<kMaxAuthBytes>} at the stream's position and steps over
// it. Returns CallFault::None, Garbage (cut short) or too_long.
CallFault read_opaque_auth(XDR* xdr, std::span<uint8_t> message, uint32_t& flavor, std::span<uint8_t>& body,
                           CallFault too_long) {
  uint32_t length = 0;
  if (!xdr_u_int(xdr, &flavor) || !xdr_u_int(xdr, &length)) return CallFault::Garbage;
  if (length > kMaxAuthBytes) return too_long;
  size_t at = xdr_getpos(xdr);
  size_t padded = xdr_padded(length);
  if (padded > message.size() - at) return CallFault::Garbage;
  body = message.subspan(at, length);
  return xdr_setpos(xdr, static_cast<u_int>(at + padded)) ? CallFault::None : CallFault::Garbage;
}

CallFault decode_into(XDR* xdr, std::span<uint8_t> message, CallHeader& h) {
  uint32_t type = 0;
  if (!xdr_u_int(xdr, &h.xid) || !xdr_u_int(xdr, &type) || type != CALL) return CallFault::Drop;
  uint32_t rpcvers = 0;
  if (!xdr_u_int(xdr, &rpcvers)) return CallFault::Garbage;
  if (rpcvers != kRpcVersion) return CallFault::RpcMismatch;
  if (!xdr_u_int(xdr, &h.program) || !xdr_u_int(xdr, &h.version) || !xdr_u_int(xdr, &h.procedure)) {
    return CallFault::Garbage;
  }
  CallFault fault = read_opaque_auth(xdr, message, h.cred_flavor, h.cred_body, CallFault::BadCred);
  if (fault != CallFault::None) return fault;
  uint32_t verf_flavor = 0;
  std::span<uint8_t> verf_body;
  fault = read_opaque_auth(xdr, message, verf_flavor, verf_body, CallFault::BadVerf);
  if (fault != CallFault::None) return fault;
  h.args = message.subspan(xdr_getpos(xdr));
  return CallFault::None;
}

// A reply of whole words, encoded through libtirpc.
Bytes encode_words(std::initializer_list<uint32_t> words) {
  Bytes out(words.size() * BYTES_PER_XDR_UNIT);
  XdrMem xdr(out, XDR_ENCODE);
  for (uint32_t w : words) xdr_u_int(xdr.get(), &w);  // cannot fail: the buffer holds every word
  return out;
}

uint32_t word(AcceptStat stat) { return static_cast<uint32_t>(stat); }

}  // namespace

CallHeader decode_call_header(std::span<uint8_t> message) {
  CallHeader h;
  XdrMem xdr(message, XDR_DECODE);
  h.fault = decode_into(xdr.get(), message, h);
  return h;
}

Bytes encode_accepted(uint32_t xid, AcceptStat stat) {
  return encode_words({xid, REPLY, MSG_ACCEPTED, AUTH_NONE, 0, word(stat)});
}

Bytes encode_prog_mismatch(uint32_t xid, uint32_t low, uint32_t high) {
  return encode_words({xid, REPLY, MSG_ACCEPTED, AUTH_NONE, 0, word(AcceptStat::ProgMismatch), low, high});
}

Bytes encode_rpc_mismatch(uint32_t xid) {
  return encode_words({xid, REPLY, MSG_DENIED, RPC_MISMATCH, kRpcVersion, kRpcVersion});
}

Bytes encode_auth_error(uint32_t xid, auth_stat why) {
  return encode_words({xid, REPLY, MSG_DENIED, AUTH_ERROR, static_cast<uint32_t>(why)});
}

SuccessReply::SuccessReply(size_t max_result_bytes)
    : buffer_(kAcceptedHeaderBytes + max_result_bytes),
      results_(std::span<uint8_t>(buffer_).subspan(kAcceptedHeaderBytes), XDR_ENCODE) {}

Bytes SuccessReply::finish(uint32_t xid) && {
  size_t results = results_.position();
  Bytes header = encode_accepted(xid, AcceptStat::Success);
  std::copy(header.begin(), header.end(), buffer_.begin());
  buffer_.resize(kAcceptedHeaderBytes + results);
  return std::move(buffer_);
}

}  // namespace magma::nfs::rpc
