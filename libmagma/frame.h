// The frame format of the flare protocol (port 12000), shared by reader and writer.
//
//   offset size field
//   0      4    payload_length  bytes after this 16-byte header, <= kMaxPayload
//   4      8    request_id      chosen by the sender of a request, echoed in its answer
//   12     2    op              FlareOp id (flare_ops.def), plus kOpFlagMask bits (below)
//   14     2    status          Errc: 0 in requests; in answers 0 or the error
//   16     ...  payload         request: Credentials then the Request message;
//                               answer: the Response message, or an error text if status != 0
//
// All integers are big-endian. Many requests may be in flight on one connection; answers
// come back in any order and are matched by request_id.
#pragma once

#include <cstdint>

#include "libmagma/byte_codec.h"

namespace magma {

constexpr size_t kFrameHeaderSize = 4 + 8 + 2 + 2;
// One READ or WRITE carries up to kMaxIoSize data bytes; the rest of a message is small.
constexpr size_t kMaxIoSize = 4u << 20;
constexpr size_t kMaxPayload = kMaxIoSize + (64u << 10);

// The top bit of op is a flag, never part of an op id (ids stay below 0x8000).
// In a request: a volcano forwarded it; the receiver serves it or answers Moved, never
// forwards it again (no loops while topologies disagree).
constexpr uint16_t kOpForwarded = 0x8000;
// In an answer: the request reached a volcano that does not own its key and was
// forwarded; the caller's topology is stale and worth refreshing.
constexpr uint16_t kOpStaleTopology = 0x8000;
constexpr uint16_t kOpFlagMask = 0x8000;

struct FrameHeader {
  uint32_t payload_length = 0;
  uint64_t request_id = 0;
  uint16_t op = 0;
  uint16_t status = 0;
};

// Writes h into the first kFrameHeaderSize bytes of out.
void encode_frame_header(const FrameHeader& h, uint8_t* out);

// Reads a header from kFrameHeaderSize bytes. Fails with Protocol when payload_length
// exceeds kMaxPayload, before anything is allocated for it.
Result<FrameHeader> decode_frame_header(const uint8_t* in);

// A whole frame: header and payload in one buffer, ready to send.
// payload_length is filled in from the buffer by finish_frame().
Bytes start_frame(uint64_t request_id, uint16_t op, uint16_t status);
void finish_frame(Bytes& frame);
// Rewrites the request id of a started frame.
void set_frame_request_id(Bytes& frame, uint64_t request_id);

}  // namespace magma
