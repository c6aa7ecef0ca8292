// The raw-bytes RPC test client.
#include "tests/unit/nfs_gateway/rpc/rpc_test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>

namespace magma::nfs::rpc::test {

namespace {

uint32_t load_word(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

// A socket connected to 127.0.0.1:port; invalid when that fails.
UniqueFd connected_socket(int type, uint16_t port) {
  UniqueFd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fd.reset();
  return fd;
}

// Waits until fd is readable; false at the deadline.
bool wait_readable(int fd, std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(std::max<int64_t>(left.count(), 0))) == 1;
}

}  // namespace

XdrWriter& XdrWriter::word(uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<uint8_t>(v >> shift));
  return *this;
}

XdrWriter& XdrWriter::opaque(const Bytes& data) {
  word(static_cast<uint32_t>(data.size()));
  out_.insert(out_.end(), data.begin(), data.end());
  out_.resize(out_.size() + (4 - data.size() % 4) % 4, 0);
  return *this;
}

XdrWriter& XdrWriter::string(const std::string& s) { return opaque(Bytes(s.begin(), s.end())); }

Bytes AuthUnix::encode() const {
  XdrWriter w;
  w.word(stamp).string(machine).word(uid).word(gid).word(static_cast<uint32_t>(gids.size()));
  for (uint32_t g : gids) w.word(g);
  return w.take();
}

Bytes encode_call(const CallSpec& c) {
  XdrWriter w;
  w.word(c.xid).word(0).word(c.rpcvers).word(c.program).word(c.version).word(c.procedure);
  w.word(c.cred_flavor).opaque(c.cred_body).word(0).opaque({});
  Bytes out = w.take();
  out.insert(out.end(), c.args.begin(), c.args.end());
  return out;
}

uint32_t Reply::result_word(size_t i) const {
  BOOST_REQUIRE_GE(results.size(), (i + 1) * 4);
  return load_word(results.data() + i * 4);
}

std::optional<Reply> parse_reply(const Bytes& m) {
  Reply r;
  r.raw = m;
  size_t at = 0;
  auto next = [&](uint32_t& out) {
    if (m.size() - at < 4) return false;
    out = load_word(m.data() + at);
    at += 4;
    return true;
  };
  uint32_t type = 0, flavor = 0, length = 0;
  if (!next(r.xid) || !next(type) || type != 1 || !next(r.reply_stat)) return std::nullopt;
  if (r.reply_stat == 1) {
    if (!next(r.reject_stat)) return std::nullopt;
    bool ok = r.reject_stat == 0 ? next(r.low) && next(r.high) : next(r.auth_stat);
    return ok && at == m.size() ? std::optional<Reply>(r) : std::nullopt;
  }
  if (!next(flavor) || !next(length) || length > 400 || m.size() - at < length) return std::nullopt;
  at += (length + 3) / 4 * 4;
  if (!next(r.accept_stat)) return std::nullopt;
  if (r.accept_stat == 2 && !(next(r.low) && next(r.high))) return std::nullopt;
  if (r.accept_stat == 0) r.results.assign(m.begin() + static_cast<std::ptrdiff_t>(at), m.end());
  else if (at != m.size()) return std::nullopt;
  return r;
}

UdpClient::UdpClient(uint16_t port) : fd_(connected_socket(SOCK_DGRAM, port)) {}

bool UdpClient::send(const Bytes& datagram) {
  return ::send(fd_.get(), datagram.data(), datagram.size(), 0) == static_cast<ssize_t>(datagram.size());
}

std::optional<Reply> UdpClient::receive(std::chrono::milliseconds timeout) {
  if (!wait_readable(fd_.get(), std::chrono::steady_clock::now() + timeout)) return std::nullopt;
  Bytes buffer(65536);
  ssize_t n = ::recv(fd_.get(), buffer.data(), buffer.size(), 0);
  if (n < 0) return std::nullopt;
  buffer.resize(static_cast<size_t>(n));
  auto reply = parse_reply(buffer);
  malformed_ += !reply;
  return reply;
}

std::optional<Reply> UdpClient::call(const CallSpec& c, std::chrono::milliseconds timeout) {
  send(encode_call(c));
  return receive(timeout);
}

TcpClient::TcpClient(uint16_t port) : fd_(connected_socket(SOCK_STREAM, port)) {}

bool TcpClient::send_raw(const Bytes& bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_.get(), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

bool TcpClient::send_record(const Bytes& message, size_t fragment_bytes) {
  Bytes wire;
  size_t at = 0;
  do {
    size_t n = std::min(fragment_bytes, message.size() - at);
    bool last = at + n == message.size();
    XdrWriter mark;
    mark.word(static_cast<uint32_t>(n) | (last ? 0x80000000u : 0));
    wire.insert(wire.end(), mark.bytes().begin(), mark.bytes().end());
    wire.insert(wire.end(), message.begin() + static_cast<std::ptrdiff_t>(at),
                message.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
  } while (at < message.size());
  return send_raw(wire);
}

bool TcpClient::read_exactly(uint8_t* out, size_t n, std::chrono::steady_clock::time_point deadline) {
  size_t got = 0;
  while (got < n) {
    if (!wait_readable(fd_.get(), deadline)) return false;
    ssize_t r = ::recv(fd_.get(), out + got, n - got, 0);
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

std::optional<Reply> TcpClient::receive(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  Bytes record;
  bool last = false;
  while (!last) {
    uint8_t mark[4];
    if (!read_exactly(mark, 4, deadline)) return std::nullopt;
    uint32_t word = load_word(mark);
    last = (word & 0x80000000u) != 0;
    size_t at = record.size();
    record.resize(at + (word & 0x7fffffffu));
    if (!read_exactly(record.data() + at, record.size() - at, deadline)) return std::nullopt;
  }
  auto reply = parse_reply(record);
  malformed_ += !reply;
  return reply;
}

std::optional<Reply> TcpClient::call(const CallSpec& c, std::chrono::milliseconds timeout) {
  send_record(encode_call(c));
  return receive(timeout);
}

bool TcpClient::closed_by_server(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  uint8_t sink[4096];
  while (wait_readable(fd_.get(), deadline)) {
    if (::recv(fd_.get(), sink, sizeof sink, 0) <= 0) return true;
  }
  return false;
}

}  // namespace magma::nfs::rpc::test
