// Topology: which volcano owns which slice of the key ring, at which epoch. Every volcano
// keeps one (persisted in its storage directory); clients download it and route each
// request straight to the owner of its key. Every change (a join, a split) produces a
// new Topology with a higher epoch, and a newer epoch always wins.
// Plain values; all functions are pure and thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "libmagma/byte_codec.h"
#include "libmagma/errc.h"
#include "libmagma/key.h"

namespace magma {

// One volcano as the lava knows it. Never holds the lava key.
struct VolcanoInfo {
  std::string nickname;  // unique in the lava
  std::string fqdn;
  std::string address;   // its ports listen here (IPv4 or IPv6 literal); unique with the ports
  uint16_t flare_port = 12000;
  uint16_t node_port = 12001;
  Slice slice;           // the keys it owns
  MAGMA_FIELDS(nickname, fqdn, address, flare_port, node_port, slice)
};

struct Topology {
  uint64_t epoch = 0;                 // 0: no topology yet
  std::vector<VolcanoInfo> volcanos;  // in ring order (by slice.start); slices tile the ring
  MAGMA_FIELDS(epoch, volcanos)

  // A lava of one volcano that owns the whole ring, at epoch 1 (magmad -b).
  static Topology bootstrap(VolcanoInfo self);

  // Ok when the slices tile [Key::min(), Key::max()] in order without gaps or overlaps,
  // and nicknames and address:flare_port pairs are non-empty and unique; Invalid with the
  // reason otherwise.
  // Everything received from the wire is validated before it is used.
  Status validate() const;

  // The volcano whose slice holds key. REQUIRES: validate() is ok.
  const VolcanoInfo& owner_of(const Key& key) const;
  // The volcano named nickname, or nullptr.
  const VolcanoInfo* find(std::string_view nickname) const;
  // The volcano after the one named nickname on the ring, or nullptr when that one is
  // unknown or the last (slices do not wrap around).
  const VolcanoInfo* next_after(std::string_view nickname) const;

  // Ok when joiner may join: Exists, naming the volcano that has it, when its nickname or
  // its address and flare or node port is already taken.
  Status can_join(const VolcanoInfo& joiner) const;

  // The topology at epoch + 1 in which volcano `from` keeps [start, split] of its slice
  // and joiner owns [split + 1, stop], placed right after `from` on the ring. Fails with
  // NotFound for an unknown `from`, Invalid when split is not below its slice's stop or not
  // inside it, and as can_join.
  Result<Topology> with_split(std::string_view from, const Key& split, VolcanoInfo joiner) const;

  // The topology at epoch + 1 in which the boundary between volcano `lower` and the next
  // one on the ring moves: lower's slice ends at last, the next one's starts right after
  // it (a rebalance). Fails with NotFound for an unknown `lower`, Invalid when it is the
  // last volcano of the ring or when either slice would be left without a key.
  Result<Topology> with_boundary(std::string_view lower, const Key& last) const;
};

}  // namespace magma
