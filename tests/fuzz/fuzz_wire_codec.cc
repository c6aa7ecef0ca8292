// libFuzzer target: a request frame as a volcano reads it from the flare or node port: the
// 16-byte header (libmagma/frame.h), whose op chooses the Request, then the payload:
// Credentials and that Request, decoded as server/flare_dispatch.cc decodes them (the whole
// payload consumed). Every op of libmagma/flare_ops.def, flare and node ops alike. The
// payload is the rest of the input, whatever the header's length says: the header is
// checked on its own, and the reader takes exactly that many bytes anyway.
//
// Checked beyond "no crash": a header that decodes encodes back to the same 16 bytes, one
// that does not has a payload length over kMaxPayload; a payload that decodes re-encodes to
// as many bytes, and that encoding decodes and re-encodes to itself (one canonical form:
// only a bool's non-zero byte may change, to 1).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "libmagma/flare_messages.h"
#include "libmagma/frame.h"
#include "tests/fuzz/fuzz_check.h"

namespace magma {
namespace {

// As server/flare_dispatch.cc: longer than any address's text form.
constexpr size_t kMaxClientText = 64;

template <class Request>
bool decode_request(const uint8_t* p, size_t n, Credentials& creds, Request& req) {
  ByteReader r(p, n);
  field_decode(r, creds);
  field_decode(r, req);
  return r.ok() && r.remaining() == 0 && creds.groups.size() <= Credentials::kMaxGroups &&
         creds.client.size() <= kMaxClientText;
}

template <class Request>
Bytes encode_request(const Credentials& creds, const Request& req) {
  Bytes out;
  encode_message(creds, out);
  encode_message(req, out);
  return out;
}

template <class Request>
void check_request(const uint8_t* payload, size_t n) {
  Credentials creds;
  Request req;
  if (!decode_request(payload, n, creds, req)) return;
  Bytes once = encode_request(creds, req);
  FUZZ_CHECK(once.size() == n, "a decoded request re-encodes to another length");
  Credentials creds_again;
  Request req_again;
  FUZZ_CHECK(decode_request(once.data(), once.size(), creds_again, req_again),
             "a re-encoded request does not decode");
  FUZZ_CHECK(encode_request(creds_again, req_again) == once, "a re-encoded request is not canonical");
}

void check_header(const uint8_t* bytes) {
  uint32_t claimed = uint32_t{bytes[0]} << 24 | uint32_t{bytes[1]} << 16 | uint32_t{bytes[2]} << 8 | bytes[3];
  Result<FrameHeader> header = decode_frame_header(bytes);
  if (!header) {
    FUZZ_CHECK(claimed > kMaxPayload && header.code() == Errc::Protocol, "a header refused for no reason");
    return;
  }
  FUZZ_CHECK(header->payload_length == claimed, "payload length misread");
  uint8_t again[kFrameHeaderSize];
  encode_frame_header(*header, again);
  FUZZ_CHECK(std::memcmp(again, bytes, kFrameHeaderSize) == 0, "a frame header does not round-trip");
}

}  // namespace
}  // namespace magma

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace magma;
  if (size < kFrameHeaderSize) return 0;
  check_header(data);
  Result<FrameHeader> header = decode_frame_header(data);
  if (!header) return 0;
  const uint8_t* payload = data + kFrameHeaderSize;
  size_t n = size - kFrameHeaderSize;
  uint16_t op = header->op & ~kOpFlagMask;
  switch (op) {
#define MAGMA_FLARE_OP(Name, id, Request, Response) \
  case id:                                          \
    check_request<Request>(payload, n);             \
    return 0;
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP
  }
  FUZZ_CHECK(flare_op_name(op) == nullptr, "an op with a name but no place in the table");
  return 0;
}
