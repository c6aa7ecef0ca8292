// Frame header encoding and the bound on payload lengths.
#include "libmagma/frame.h"

namespace magma {

void encode_frame_header(const FrameHeader& h, uint8_t* out) {
  Bytes tmp;
  tmp.reserve(kFrameHeaderSize);
  ByteWriter w(tmp);
  w.u32(h.payload_length);
  w.u64(h.request_id);
  w.u16(h.op);
  w.u16(h.status);
  std::copy(tmp.begin(), tmp.end(), out);
}

Result<FrameHeader> decode_frame_header(const uint8_t* in) {
  ByteReader r(in, kFrameHeaderSize);
  FrameHeader h;
  h.payload_length = r.u32();
  h.request_id = r.u64();
  h.op = r.u16();
  h.status = r.u16();
  if (h.payload_length > kMaxPayload)
    return Status(Errc::Protocol, "frame payload of " + std::to_string(h.payload_length) +
                                      " bytes exceeds the limit of " + std::to_string(kMaxPayload));
  return h;
}

Bytes start_frame(uint64_t request_id, uint16_t op, uint16_t status) {
  Bytes frame(kFrameHeaderSize);
  FrameHeader h;
  h.request_id = request_id;
  h.op = op;
  h.status = status;
  encode_frame_header(h, frame.data());
  return frame;
}

void finish_frame(Bytes& frame) {
  uint32_t n = static_cast<uint32_t>(frame.size() - kFrameHeaderSize);
  for (int i = 0; i < 4; ++i) frame[i] = static_cast<uint8_t>(n >> (8 * (3 - i)));
}

void set_frame_request_id(Bytes& frame, uint64_t request_id) {
  for (int i = 0; i < 8; ++i) frame[4 + i] = static_cast<uint8_t>(request_id >> (8 * (7 - i)));
}

}  // namespace magma
