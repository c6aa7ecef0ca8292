// What the fake volcanos of the libmagma tests share: a listening socket on a free
// loopback port, reading one request frame, and answering one.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <optional>
#include <utility>

#include "libmagma/byte_codec.h"
#include "libmagma/frame.h"
#include "libmagma/unique_fd.h"

namespace magma {

// A socket listening on 127.0.0.1 at a port the kernel chose, and that port.
inline std::pair<UniqueFd, uint16_t> listen_on_loopback(int backlog) {
  UniqueFd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  BOOST_REQUIRE(::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  BOOST_REQUIRE(::listen(listener.get(), backlog) == 0);
  socklen_t len = sizeof addr;
  BOOST_REQUIRE(::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  return {std::move(listener), ntohs(addr.sin_port)};
}

struct Frame {
  FrameHeader header;
  Bytes payload;
};

// The next whole frame on fd; nullopt when the connection ends first.
inline std::optional<Frame> read_frame(int fd) {
  uint8_t head[kFrameHeaderSize];
  if (::recv(fd, head, sizeof head, MSG_WAITALL) != sizeof head) return std::nullopt;
  Frame f{*decode_frame_header(head), {}};
  f.payload.resize(f.header.payload_length);
  if (!f.payload.empty() &&
      ::recv(fd, f.payload.data(), f.payload.size(), MSG_WAITALL) != static_cast<ssize_t>(f.payload.size()))
    return std::nullopt;
  return f;
}

// Sends the answer to request_id with op, status and payload; a failure is left to the
// client to notice.
inline void send_frame(int fd, uint64_t request_id, uint16_t op, uint16_t status, const Bytes& payload) {
  Bytes frame = start_frame(request_id, op, status);
  frame.insert(frame.end(), payload.begin(), payload.end());
  finish_frame(frame);
  ::send(fd, frame.data(), frame.size(), MSG_NOSIGNAL);
}

}  // namespace magma
