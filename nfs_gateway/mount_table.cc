// The mount list: a bounded deque under a mutex; a few hundred entries at most, so a
// linear search per call costs nothing next to the network round trip.
#include "nfs_gateway/mount_table.h"

#include <algorithm>

namespace magma::nfs {

MountTable::MountTable(size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {}

void MountTable::add(std::string host, std::string path) {
  std::lock_guard lock(mutex_);
  MountEntry entry{std::move(host), std::move(path)};
  std::erase(entries_, entry);
  if (entries_.size() >= capacity_) entries_.pop_front();
  entries_.push_back(std::move(entry));
}

void MountTable::remove(std::string_view host, std::string_view path) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const MountEntry& e) { return e.host == host && e.path == path; });
}

void MountTable::remove_host(std::string_view host) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const MountEntry& e) { return e.host == host; });
}

std::vector<MountEntry> MountTable::entries() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

}  // namespace magma::nfs
