// DupCache: the duplicate-request cache of the RPC server. A client that gets no answer in
// time sends the same call again (same xid); for a procedure that must not run twice
// (CREATE, REMOVE, RENAME...) the server answers the retransmission with the reply it
// already made, and drops one that arrives while the first is still running.
//
// Bounded in entries (the oldest is forgotten first) and in age (an entry older than the
// age is forgotten, whether or not its call finished). Thread-safe: one mutex, held only
// for map work, never while a call runs.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/asio/ip/address.hpp>

#include "libmagma/byte_codec.h"

namespace magma::nfs::rpc {

struct DupKey {
  std::array<uint8_t, 16> address{};  // IPv6, or IPv4 mapped into IPv6
  uint16_t port = 0;
  uint32_t xid = 0;
  uint32_t program = 0;
  uint32_t version = 0;
  uint32_t procedure = 0;

  static DupKey of(const boost::asio::ip::address& address, uint16_t port, uint32_t xid, uint32_t program,
                   uint32_t version, uint32_t procedure);
  bool operator==(const DupKey&) const = default;
};

class DupCache {
 public:
  using Clock = std::chrono::steady_clock;
  using Reply = std::shared_ptr<const Bytes>;

  DupCache(size_t max_entries, Clock::duration max_age);

  enum class Seen {
    New,         // first sight: run the call, then finish()
    InProgress,  // the first is still running: drop this one
    Answered,    // answer with the reply begin() returned
  };
  struct Lookup {
    Seen seen;
    Reply reply;  // set when Answered
  };

  // Looks key up and, when it is new, records it as in progress (evicting what the bounds
  // require at now).
  Lookup begin(const DupKey& key, Clock::time_point now = Clock::now());
  // Records the reply of a call begin() called New; a no-op once its entry was evicted.
  void finish(const DupKey& key, Reply reply);

  size_t size() const;

 private:
  struct KeyHash {
    size_t operator()(const DupKey& k) const;
  };
  struct Entry {
    Clock::time_point since;
    Reply reply;  // null while in progress
  };
  void evict(Clock::time_point now);  // REQUIRES mu_

  const size_t max_entries_;
  const Clock::duration max_age_;
  mutable std::mutex mu_;
  std::unordered_map<DupKey, Entry, KeyHash> entries_;  // guarded by mu_
  std::deque<DupKey> order_;  // oldest first; guarded by mu_
};

}  // namespace magma::nfs::rpc
