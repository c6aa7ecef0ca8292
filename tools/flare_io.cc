// Flare I/O without a mount: chunked copies between the lava and a local descriptor.
#include "tools/flare_io.h"

#include <unistd.h>

#include <cerrno>

#include "libmagma/frame.h"

namespace magma::tools {

namespace {

// Reads up to size bytes, fewer only at the end of fd.
Result<size_t> fill(int fd, uint8_t* buf, size_t size) {
  size_t got = 0;
  while (got < size) {
    ssize_t n = ::read(fd, buf + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::from_errno("read");
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  return got;
}

Status drain(int fd, const uint8_t* buf, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, buf, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::from_errno("write");
    buf += n;
    size -= static_cast<size_t>(n);
  }
  return Status::ok();
}

}  // namespace


Result<std::unique_ptr<LavaClient>> connect_lava(const GlobalOptions& global) {
  return LavaClient::connect(client_options(global, global.host));
}

Result<FlareEntry> find_regular(LavaClient& lava, const std::string& path) {
  auto found = lava.call(process_credentials(), LookupRequest{path});
  if (!found) return found.status();
  FlareType type = found->entry.attr.type;
  if (type == FlareType::Directory) return Status(Errc::IsDir, "is a directory");
  if (type != FlareType::Regular) return Status(Errc::Invalid, std::string("is a ") + type_name(type) + ", not a regular file");
  return found->entry;
}

Result<uint64_t> read_flare(LavaClient& lava, const FlareId& id, int fd) {
  const Credentials creds = process_credentials();
  uint64_t offset = 0;
  for (;;) {
    auto chunk = lava.call(creds, ReadRequest{id, offset, static_cast<uint32_t>(kMaxIoSize)});
    if (!chunk) return chunk.status();
    MAGMA_RETURN_IF_ERROR(drain(fd, chunk->data.data(), chunk->data.size()));
    offset += chunk->data.size();
    if (chunk->data.size() < kMaxIoSize) return offset;  // short only at the end
  }
}

Result<uint64_t> write_flare(LavaClient& lava, const FlareId& id, int fd) {
  const Credentials creds = process_credentials();
  Bytes buf(kMaxIoSize);
  uint64_t offset = 0;
  for (;;) {
    Result<size_t> got = fill(fd, buf.data(), buf.size());
    if (!got) return got.status();
    if (*got == 0) break;
    auto written = lava.call(creds, WriteRequest{id, offset, Bytes(buf.begin(), buf.begin() + *got), false});
    if (!written) return written.status();
    offset += *got;
    if (*got < buf.size()) break;
  }
  auto synced = lava.call(creds, FsyncRequest{id, Key{}, false});
  if (!synced) return synced.status();
  return offset;
}

}  // namespace magma::tools
