// ClientConnection: pipelined requests over one TLS connection, read by the callers.
#include "libmagma/client_connection.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "libmagma/logging.h"
#include "libmagma/tls_context.h"
#include "libmagma/tls_socket_bio.h"

namespace magma {

namespace {

using Clock = std::chrono::steady_clock;

// OpenSSL reads up to this much at once (read-ahead): a large answer's records arrive
// with a few recv calls rather than two per 16 KiB record.
constexpr size_t kReadBuffer = 64 * 1024;

int millis_until(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

// Waits until fd is ready for events (or broken: the next I/O says so) or the deadline
// passes (false).
bool wait_ready(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, millis_until(deadline));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return true;
  }
}

// Connects fd (non-blocking, and left so) to addr, giving up at deadline. Returns 0 or an
// errno value.
int connect_before(int fd, const addrinfo& addr, Clock::time_point deadline) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  if (::connect(fd, addr.ai_addr, addr.ai_addrlen) == 0) return 0;
  if (errno != EINPROGRESS) return errno;
  if (!wait_ready(fd, POLLOUT, deadline)) return ETIMEDOUT;
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
  return err;
}

// Binds fd (of family) to the local address source, so the connection comes from it.
// Returns 0 or an errno value (EAFNOSUPPORT for an address of the other family).
int bind_source(int fd, const std::string& source, int family) {
  sockaddr_storage local{};
  socklen_t length = 0;
  if (family == AF_INET) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&local);
    v4->sin_family = AF_INET;
    if (inet_pton(AF_INET, source.c_str(), &v4->sin_addr) != 1) return EAFNOSUPPORT;
    length = sizeof *v4;
  } else if (family == AF_INET6) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&local);
    v6->sin6_family = AF_INET6;
    if (inet_pton(AF_INET6, source.c_str(), &v6->sin6_addr) != 1) return EAFNOSUPPORT;
    length = sizeof *v6;
  } else {
    return EAFNOSUPPORT;
  }
  return ::bind(fd, reinterpret_cast<sockaddr*>(&local), length) == 0 ? 0 : errno;
}

// The TCP connection to options' volcano, or why there is none.
Result<UniqueFd> connect_tcp(const ClientOptions& options, const std::string& where, Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(options.host.c_str(), std::to_string(options.port).c_str(), &hints, &found);
  if (rc != 0) return Status(Errc::Disconnected, "cannot resolve " + options.host + ": " + gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addrs(found, freeaddrinfo);
  int err = ECONNREFUSED;
  bool bind_failed = false;  // the last address tried failed at binding the source
  for (addrinfo* a = addrs.get(); a; a = a->ai_next) {
    UniqueFd fd(::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
    if (!fd.valid()) {
      err = errno;
      continue;
    }
    if (!options.source.empty() && (err = bind_source(fd.get(), options.source, a->ai_family)) != 0) {
      bind_failed = true;
      continue;
    }
    bind_failed = false;
    err = connect_before(fd.get(), *a, deadline);
    if (err != 0) continue;
    int one = 1;
    setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
  }
  if (err == ETIMEDOUT) return Status(Errc::Timeout, "connecting to " + where + " timed out");
  if (bind_failed) return Status(Errc::Disconnected, "cannot connect from " + options.source + " to " + where + ": " +
                                                         std::strerror(err));
  return Status(Errc::Disconnected, "cannot connect to " + where + ": " + std::strerror(err));
}

// Runs the client side of the TLS handshake on ssl (over a non-blocking fd) until done.
Status handshake(SSL* ssl, int fd, const std::string& where, Clock::time_point deadline) {
  ERR_clear_error();
  for (;;) {
    int rc = SSL_connect(ssl);
    if (rc == 1) return Status::ok();
    int err = SSL_get_error(ssl, rc);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) return tls_handshake_failure(where);
    if (!wait_ready(fd, err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline))
      return Status(Errc::Timeout, "TLS handshake with " + where + " timed out");
  }
}

}  // namespace

Result<std::unique_ptr<ClientConnection>> ClientConnection::open(const ClientOptions& options, SSL_CTX* tls) {
  std::string where = options.host + ":" + std::to_string(options.port);
  auto deadline = Clock::now() + options.connect_timeout;
  Result<UniqueFd> fd = connect_tcp(options, where, deadline);
  if (!fd) return fd.status();
  SslPtr ssl(SSL_new(tls));
  BIO* bio = ssl ? new_socket_bio(fd->get()) : nullptr;
  if (bio == nullptr) return Status(Errc::Io, "cannot set up TLS for " + where);
  SSL_set_bio(ssl.get(), bio, bio);  // ssl owns bio from here on
  SSL_set_mode(ssl.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  SSL_set_read_ahead(ssl.get(), 1);
  SSL_set_default_read_buffer_len(ssl.get(), kReadBuffer);
  MAGMA_RETURN_IF_ERROR(handshake(ssl.get(), fd->get(), where, deadline));
  // A volcano that stops mid-frame, or stops reading, must not block a caller for
  // longer than a request may take.
  return std::unique_ptr<ClientConnection>(
      new ClientConnection(std::move(*fd), std::move(ssl), options.request_timeout));
}

ClientConnection::Step ClientConnection::step(bool reading, void* p, size_t size) {
  int n = static_cast<int>(std::min<size_t>(size, INT_MAX));
  std::lock_guard<std::mutex> lock(ssl_mu_);
  // SSL_get_error reads this thread's error queue: what an earlier OpenSSL call on this
  // thread left there would turn a harmless WANT_READ into a broken connection.
  ERR_clear_error();
  int rc = reading ? SSL_read(ssl_.get(), p, n) : SSL_write(ssl_.get(), p, n);
  if (rc > 0) return {static_cast<size_t>(rc), 0};
  int err = SSL_get_error(ssl_.get(), rc);
  if (err == SSL_ERROR_WANT_READ) return {0, POLLIN};
  if (err == SSL_ERROR_WANT_WRITE) return {0, POLLOUT};
  if (err == SSL_ERROR_SSL) {
    const char* why = ERR_reason_error_string(ERR_peek_error());
    MAGMA_DEBUG('n') << "TLS connection broken: " << (why ? why : "no reason given");
  }
  return {0, 0};
}

bool ClientConnection::has_pending() {
  std::lock_guard<std::mutex> lock(ssl_mu_);
  return SSL_has_pending(ssl_.get()) == 1;
}

bool ClientConnection::write_all(const uint8_t* p, size_t size) {
  auto deadline = Clock::now() + stall_limit_;
  while (size > 0) {
    Step s = step(false, const_cast<uint8_t*>(p), size);
    if (s.moved > 0) {
      p += s.moved;
      size -= s.moved;
      deadline = Clock::now() + stall_limit_;
    } else if (s.wait_for == 0 || !wait_ready(fd_.get(), s.wait_for, deadline)) {
      return false;
    }
  }
  return true;
}

ClientConnection::ReadOutcome ClientConnection::read_exact(uint8_t* p, size_t size, Clock::time_point deadline) {
  bool started = false;
  while (size > 0) {
    Step s = step(true, p, size);
    if (s.moved > 0) {
      p += s.moved;
      size -= s.moved;
      started = true;
      deadline = Clock::now() + stall_limit_;
    } else if (s.wait_for == 0) {
      return ReadOutcome::Broken;
    } else if (!wait_ready(fd_.get(), s.wait_for, deadline)) {
      return started ? ReadOutcome::Broken : ReadOutcome::Idle;
    }
  }
  return ReadOutcome::Done;
}

Result<uint64_t> ClientConnection::send(Bytes& frame, std::shared_ptr<Waiter> waiter) {
  uint64_t id = next_id_.fetch_add(1);
  set_frame_request_id(frame, id);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!alive_.load()) return Status(Errc::Disconnected, "connection to the volcano is broken");
    waiters_.emplace(id, std::move(waiter));
  }
  bool sent;
  {
    std::lock_guard<std::mutex> lock(write_mu_);
    sent = write_all(frame.data(), frame.size());
  }
  if (!sent) {
    fail_all("lost the connection to the volcano while sending");
    return Status(Errc::Disconnected, "lost the connection to the volcano while sending");
  }
  return id;
}

void ClientConnection::post(Bytes frame) { (void)send(frame, nullptr); }

Result<RawAnswer> ClientConnection::call(Bytes frame, std::chrono::milliseconds timeout) {
  auto mine = std::make_shared<Waiter>();
  Result<uint64_t> id = send(frame, mine);
  if (!id) return id.status();
  auto deadline = Clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mu_);
  while (!mine->done && Clock::now() < deadline) {
    if (reading_) {
      changed_.wait_until(lock, deadline);
      continue;
    }
    reading_ = true;
    lock.unlock();
    read_until(*mine, deadline);
    lock.lock();
    reading_ = false;
    changed_.notify_all();  // a caller still waiting takes over reading
  }
  if (!mine->done) {
    waiters_.erase(*id);
    return Status(Errc::Timeout, "the volcano did not answer in time");
  }
  return std::move(mine->answer);
}

void ClientConnection::read_until(const Waiter& mine, Clock::time_point deadline) {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (mine.done || !alive_.load()) return;
    }
    FrameHeader header;
    RawAnswer answer;
    ReadOutcome read = read_answer(header, answer, deadline);
    if (read == ReadOutcome::Idle) return;  // deadline
    if (read == ReadOutcome::Broken) {
      fail_all("lost the connection to the volcano");
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    auto it = waiters_.find(header.request_id);
    if (it == waiters_.end()) continue;  // its caller gave up waiting
    if (it->second) {
      it->second->answer = std::move(answer);
      it->second->done = true;
      changed_.notify_all();
    }
    waiters_.erase(it);
  }
}

ClientConnection::ReadOutcome ClientConnection::read_answer(FrameHeader& header, RawAnswer& answer,
                                                            Clock::time_point deadline) {
  // Waiting in poll first spares an idle connection a recv that would only say EAGAIN.
  if (!has_pending() && !wait_ready(fd_.get(), POLLIN, deadline)) return ReadOutcome::Idle;
  uint8_t bytes[kFrameHeaderSize];
  ReadOutcome read = read_exact(bytes, sizeof bytes, deadline);
  if (read != ReadOutcome::Done) return read;
  Result<FrameHeader> decoded = decode_frame_header(bytes);
  if (!decoded) {
    MAGMA_LOG(error) << "volcano sent a bad frame: " << decoded.status().to_string();
    return ReadOutcome::Broken;
  }
  header = *decoded;
  answer.status = errc_from_wire(header.status);
  answer.stale_topology = (header.op & kOpStaleTopology) != 0;
  answer.payload.resize(header.payload_length);
  if (answer.payload.empty()) return ReadOutcome::Done;
  read = read_exact(answer.payload.data(), answer.payload.size(), Clock::now() + stall_limit_);
  return read == ReadOutcome::Done ? read : ReadOutcome::Broken;
}

void ClientConnection::fail_all(const std::string& why) {
  std::lock_guard<std::mutex> lock(mu_);
  alive_.store(false);
  ::shutdown(fd_.get(), SHUT_RDWR);  // wakes a reader or a sender waiting in poll
  for (auto& [id, waiter] : waiters_) {
    if (!waiter) continue;
    waiter->answer = Status(Errc::Disconnected, why);
    waiter->done = true;
  }
  waiters_.clear();
  changed_.notify_all();
}

}  // namespace magma
