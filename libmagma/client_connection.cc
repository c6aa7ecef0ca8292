// ClientConnection: pipelined requests over one blocking socket, read by the callers.
#include "libmagma/client_connection.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "libmagma/logging.h"

namespace magma {

namespace {

using Clock = std::chrono::steady_clock;

int millis_until(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1 << 30));
}

// Connects fd to addr, giving up at deadline. Returns 0 or an errno value.
int connect_before(int fd, const addrinfo& addr, Clock::time_point deadline) {
  int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int err = 0;
  if (::connect(fd, addr.ai_addr, addr.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) return errno;
    pollfd p{fd, POLLOUT, 0};
    int n = ::poll(&p, 1, millis_until(deadline));
    if (n == 0) return ETIMEDOUT;
    socklen_t len = sizeof err;
    if (n < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
  }
  fcntl(fd, F_SETFL, flags);
  return err;
}

bool send_all(int fd, const uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t sent = ::send(fd, p, n, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    p += sent;
    n -= static_cast<size_t>(sent);
  }
  return true;
}

bool recv_all(int fd, uint8_t* p, size_t n) {
  while (n > 0) {
    ssize_t got = ::recv(fd, p, n, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<ClientConnection>> ClientConnection::open(const ClientOptions& options) {
  std::string where = options.host + ":" + std::to_string(options.port);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = getaddrinfo(options.host.c_str(), std::to_string(options.port).c_str(), &hints, &found);
  if (rc != 0) return Status(Errc::Disconnected, "cannot resolve " + options.host + ": " + gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addrs(found, freeaddrinfo);
  auto deadline = Clock::now() + options.connect_timeout;
  int err = ECONNREFUSED;
  for (addrinfo* a = addrs.get(); a; a = a->ai_next) {
    UniqueFd fd(::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol));
    if (!fd.valid()) {
      err = errno;
      continue;
    }
    err = connect_before(fd.get(), *a, deadline);
    if (err != 0) continue;
    int one = 1;
    setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // A volcano that stops mid-frame, or stops reading, must not block a caller in
    // recv or send for longer than a request may take.
    auto ms = options.request_timeout.count();
    timeval limit{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000 * 1000)};
    setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    return std::unique_ptr<ClientConnection>(new ClientConnection(std::move(fd)));
  }
  if (err == ETIMEDOUT) return Status(Errc::Timeout, "connecting to " + where + " timed out");
  return Status(Errc::Disconnected, "cannot connect to " + where + ": " + std::strerror(err));
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
    sent = send_all(fd_.get(), frame.data(), frame.size());
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
    pollfd p{fd_.get(), POLLIN, 0};
    int n = ::poll(&p, 1, millis_until(deadline));
    if (n == 0) return;  // deadline
    if (n < 0 && errno == EINTR) continue;
    FrameHeader header;
    RawAnswer answer;
    if (n < 0 || !read_answer(header, answer)) {
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

bool ClientConnection::read_answer(FrameHeader& header, RawAnswer& answer) {
  uint8_t bytes[kFrameHeaderSize];
  if (!recv_all(fd_.get(), bytes, sizeof bytes)) return false;
  Result<FrameHeader> decoded = decode_frame_header(bytes);
  if (!decoded) {
    MAGMA_LOG(error) << "volcano sent a bad frame: " << decoded.status().to_string();
    return false;
  }
  header = *decoded;
  answer.status = errc_from_wire(header.status);
  answer.stale_topology = (header.op & kOpStaleTopology) != 0;
  answer.payload.resize(header.payload_length);
  return recv_all(fd_.get(), answer.payload.data(), answer.payload.size());
}

void ClientConnection::fail_all(const std::string& why) {
  std::lock_guard<std::mutex> lock(mu_);
  alive_.store(false);
  ::shutdown(fd_.get(), SHUT_RDWR);  // wakes a reader blocked in recv
  for (auto& [id, waiter] : waiters_) {
    if (!waiter) continue;
    waiter->answer = Status(Errc::Disconnected, why);
    waiter->done = true;
  }
  waiters_.clear();
  changed_.notify_all();
}

}  // namespace magma
