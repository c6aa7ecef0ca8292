// The MOUNT protocol's list of who mounted what (RFC 1094 appendix A: MNT adds, UMNT and
// UMNTALL remove, DUMP lists). The RFC calls the list advisory: clients never depend on it
// and NFSv2 clients often send no UMNT at all. So it lives in memory only (a restarted
// gateway lists nothing until clients mount again) and is bounded: when full, the entry
// mounted longest ago is forgotten, so clients that never unmount cannot grow it forever.
//
// Thread-safe: the MOUNT program's calls run on several worker threads at once.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace magma::nfs {

struct MountEntry {
  std::string host;  // the client's address, as the gateway saw it
  std::string path;  // the directory it mounted, normalised
  bool operator==(const MountEntry&) const = default;
};

class MountTable {
 public:
  static constexpr size_t kDefaultCapacity = 1024;

  explicit MountTable(size_t capacity = kDefaultCapacity);

  // Records that host mounted path. Mounting again only makes the entry the newest.
  void add(std::string host, std::string path);
  // Forgets host's mount of path; nothing happens if there is none.
  void remove(std::string_view host, std::string_view path);
  // Forgets every mount of host.
  void remove_host(std::string_view host);
  // The entries, the oldest mount first.
  std::vector<MountEntry> entries() const;

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<MountEntry> entries_;  // oldest first
};

}  // namespace magma::nfs
