// What the fake volcanos of the libmagma tests share: a listening socket on a free
// loopback port, the server end of a TLS connection (volcanos speak nothing else),
// reading one request frame, and answering one.
#pragma once

#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "libmagma/byte_codec.h"
#include "libmagma/frame.h"
#include "libmagma/tls_context.h"
#include "libmagma/tls_socket_bio.h"
#include "libmagma/unique_fd.h"

namespace magma {

// The lava key of the fake volcanos and of the clients that talk to them.
inline constexpr const char* kTestLavaKey = "libmagma-test-lava-key";

// A context for key, for either end; kept for the whole test run.
inline SSL_CTX* test_tls(const std::string& key = kTestLavaKey) {
  static std::map<std::string, SslCtxPtr> contexts;
  static std::mutex mu;
  std::lock_guard lock(mu);
  SslCtxPtr& ctx = contexts[key];
  if (!ctx) {
    Result<SslCtxPtr> made = make_tls_context(key);
    BOOST_REQUIRE(made.is_ok());
    ctx = std::move(*made);
  }
  return ctx.get();
}

// The server end of a TLS connection on a blocking socket it does not own, for a fake
// volcano's one thread. ok() is false when the handshake failed.
class TlsPeer {
 public:
  explicit TlsPeer(int fd, const std::string& key = kTestLavaKey) : ssl_(SSL_new(test_tls(key))) {
    BIO* bio = new_socket_bio(fd);
    SSL_set_bio(ssl_.get(), bio, bio);
    ok_ = SSL_accept(ssl_.get()) == 1;
  }
  bool ok() const { return ok_; }
  // Exactly size bytes; false when the connection ends first.
  bool read(void* p, size_t size) {
    auto* at = static_cast<uint8_t*>(p);
    while (ok_ && size > 0) {
      int got = SSL_read(ssl_.get(), at, static_cast<int>(size));
      if (got <= 0) return false;
      at += got;
      size -= static_cast<size_t>(got);
    }
    return ok_;
  }
  // A failure is left to the client to notice.
  void write(const void* p, size_t size) {
    if (ok_ && size > 0) (void)SSL_write(ssl_.get(), p, static_cast<int>(size));
  }

 private:
  SslPtr ssl_;
  bool ok_ = false;
};

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

// The next whole frame from peer; nullopt when the connection ends first.
inline std::optional<Frame> read_frame(TlsPeer& peer) {
  uint8_t head[kFrameHeaderSize];
  if (!peer.read(head, sizeof head)) return std::nullopt;
  Frame f{*decode_frame_header(head), {}};
  f.payload.resize(f.header.payload_length);
  if (!peer.read(f.payload.data(), f.payload.size())) return std::nullopt;
  return f;
}

// Sends the answer to request_id with op, status and payload; a failure is left to the
// client to notice.
inline void send_frame(TlsPeer& peer, uint64_t request_id, uint16_t op, uint16_t status, const Bytes& payload) {
  Bytes frame = start_frame(request_id, op, status);
  frame.insert(frame.end(), payload.begin(), payload.end());
  finish_frame(frame);
  peer.write(frame.data(), frame.size());
}

}  // namespace magma
