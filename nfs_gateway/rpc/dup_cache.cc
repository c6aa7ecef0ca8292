// The duplicate-request cache: a hash map for lookups, a queue in arrival order for eviction.
#include "nfs_gateway/rpc/dup_cache.h"

#include <functional>

namespace magma::nfs::rpc {

DupKey DupKey::of(const boost::asio::ip::address& address, uint16_t port, uint32_t xid, uint32_t program,
                  uint32_t version, uint32_t procedure) {
  DupKey key;
  key.address = address.is_v4()
                    ? boost::asio::ip::make_address_v6(boost::asio::ip::v4_mapped, address.to_v4()).to_bytes()
                    : address.to_v6().to_bytes();
  key.port = port;
  key.xid = xid;
  key.program = program;
  key.version = version;
  key.procedure = procedure;
  return key;
}

size_t DupCache::KeyHash::operator()(const DupKey& k) const {
  // The xid varies most between calls; the rest separates clients that reuse one.
  size_t h = std::hash<uint32_t>()(k.xid);
  auto mix = [&h](uint64_t v) { h ^= std::hash<uint64_t>()(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  for (size_t i = 0; i < k.address.size(); i += 8) {
    uint64_t part = 0;
    for (size_t j = 0; j < 8; ++j) part = part << 8 | k.address[i + j];
    mix(part);
  }
  mix(uint64_t{k.port} << 32 | k.procedure);
  mix(uint64_t{k.program} << 32 | k.version);
  return h;
}

DupCache::DupCache(size_t max_entries, Clock::duration max_age) : max_entries_(max_entries), max_age_(max_age) {}

DupCache::Lookup DupCache::begin(const DupKey& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  evict(now);
  if (auto it = entries_.find(key); it != entries_.end()) {
    if (!it->second.reply) return {Seen::InProgress, nullptr};
    return {Seen::Answered, it->second.reply};
  }
  if (max_entries_ == 0) return {Seen::New, nullptr};
  if (entries_.size() >= max_entries_) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(key);
  entries_.emplace(key, Entry{now, nullptr});
  return {Seen::New, nullptr};
}

void DupCache::finish(const DupKey& key, Reply reply) {
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end()) it->second.reply = std::move(reply);
}

size_t DupCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void DupCache::evict(Clock::time_point now) {
  while (!order_.empty()) {
    auto it = entries_.find(order_.front());
    if (now - it->second.since < max_age_) break;
    entries_.erase(it);
    order_.pop_front();
  }
}

}  // namespace magma::nfs::rpc
