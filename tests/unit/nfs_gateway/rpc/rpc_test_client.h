// A test-only ONC RPC client that speaks raw bytes over UDP and TCP to 127.0.0.1, so that
// tests can send what no well-behaved client would (bad versions, bad credentials, cut
// headers, garbage). Its encoder and reply parser are written independently of the
// server's (plain big-endian words), so one cannot hide a mistake of the other.
// It asserts nothing itself (Boost.Test assertions are for the main thread only): a
// failure shows as a missing reply, and malformed() counts replies that did not parse.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "libmagma/byte_codec.h"
#include "libmagma/unique_fd.h"

namespace magma::nfs::rpc::test {

using namespace std::chrono_literals;

// Appends XDR words and opaque data.
class XdrWriter {
 public:
  XdrWriter& word(uint32_t v);
  XdrWriter& opaque(const Bytes& data);  // length, bytes, zero padding
  XdrWriter& string(const std::string& s);
  Bytes take() { return std::move(out_); }
  const Bytes& bytes() const { return out_; }

 private:
  Bytes out_;
};

struct AuthUnix {
  uint32_t stamp = 1;
  std::string machine = "tester";
  uint32_t uid = 1000;
  uint32_t gid = 100;
  std::vector<uint32_t> gids{100, 27};
  Bytes encode() const;
};

struct CallSpec {
  uint32_t xid = 1;
  uint32_t rpcvers = 2;
  uint32_t program = 0;
  uint32_t version = 0;
  uint32_t procedure = 0;
  uint32_t cred_flavor = 0;  // AUTH_NONE
  Bytes cred_body;
  Bytes args;
};
Bytes encode_call(const CallSpec& call);

// A reply as the wire has it; absent parts stay zero.
struct Reply {
  uint32_t xid = 0;
  uint32_t reply_stat = 0;   // 0 MSG_ACCEPTED, 1 MSG_DENIED
  uint32_t accept_stat = 0;  // when accepted
  uint32_t reject_stat = 0;  // when denied: 0 RPC_MISMATCH, 1 AUTH_ERROR
  uint32_t auth_stat = 0;    // when AUTH_ERROR
  uint32_t low = 0, high = 0;  // PROG_MISMATCH / RPC_MISMATCH
  Bytes results;             // after accept_stat SUCCESS
  Bytes raw;                 // the whole message
  // The i-th XDR word of results. Main thread only: fails the test when there is none.
  uint32_t result_word(size_t i) const;
};
// Parses a reply; nullopt if it is malformed.
std::optional<Reply> parse_reply(const Bytes& message);

class UdpClient {
 public:
  explicit UdpClient(uint16_t port);  // connected to 127.0.0.1:port
  bool send(const Bytes& datagram);
  // The next reply datagram, or nullopt after timeout or when it is malformed.
  std::optional<Reply> receive(std::chrono::milliseconds timeout = 5s);
  std::optional<Reply> call(const CallSpec& call, std::chrono::milliseconds timeout = 5s);
  int malformed() const { return malformed_; }

 private:
  UniqueFd fd_;
  int malformed_ = 0;
};

class TcpClient {
 public:
  explicit TcpClient(uint16_t port);
  bool send_raw(const Bytes& bytes);
  // Sends message as one record split into fragments of at most fragment_bytes.
  bool send_record(const Bytes& message, size_t fragment_bytes = SIZE_MAX);
  // The next reply record, or nullopt after timeout, when the server closed or when the
  // reply is malformed.
  std::optional<Reply> receive(std::chrono::milliseconds timeout = 5s);
  std::optional<Reply> call(const CallSpec& call, std::chrono::milliseconds timeout = 5s);
  // Whether the server closed the connection within timeout (reading and dropping data).
  bool closed_by_server(std::chrono::milliseconds timeout = 5s);
  void close() { fd_.reset(); }
  int malformed() const { return malformed_; }

 private:
  bool read_exactly(uint8_t* out, size_t n, std::chrono::steady_clock::time_point deadline);
  UniqueFd fd_;
  int malformed_ = 0;
};

}  // namespace magma::nfs::rpc::test
