// Topology: validation, ownership lookup and splits.
#include "libmagma/topology.h"

#include <algorithm>
#include <set>
#include <utility>

namespace magma {
namespace {

std::string endpoint(const VolcanoInfo& v, uint16_t port) {
  return v.address + ":" + std::to_string(port);
}

// Ok when the slices of volcanos tile the whole ring in order.
Status check_tiling(const std::vector<VolcanoInfo>& volcanos) {
  if (volcanos.empty()) return Status(Errc::Invalid, "a topology without volcanos");
  Key expected = Key::min();
  for (size_t i = 0; i < volcanos.size(); ++i) {
    const Slice& s = volcanos[i].slice;
    if (s.start > s.stop) return Status(Errc::Invalid, volcanos[i].nickname + "'s slice is reversed");
    if (s.start != expected) {
      return Status(Errc::Invalid, volcanos[i].nickname + "'s slice starts at " + s.start.hex() +
                                       ", not at " + expected.hex());
    }
    if (s.stop == Key::max() && i + 1 != volcanos.size()) {
      return Status(Errc::Invalid, volcanos[i].nickname + "'s slice ends the ring but " +
                                       volcanos[i + 1].nickname + " follows it");
    }
    expected = key_successor(s.stop);
  }
  if (volcanos.back().slice.stop != Key::max()) {
    return Status(Errc::Invalid, "the slices leave the top of the ring unowned");
  }
  return Status::ok();
}

}  // namespace

Topology Topology::bootstrap(VolcanoInfo self) {
  self.slice = Slice{Key::min(), Key::max()};
  Topology t;
  t.epoch = 1;
  t.volcanos.push_back(std::move(self));
  return t;
}

Status Topology::validate() const {
  MAGMA_RETURN_IF_ERROR(check_tiling(volcanos));
  std::set<std::string> nicknames, endpoints;
  for (const VolcanoInfo& v : volcanos) {
    if (v.nickname.empty() || v.address.empty()) {
      return Status(Errc::Invalid, "a volcano without a nickname or an address");
    }
    if (!nicknames.insert(v.nickname).second) {
      return Status(Errc::Invalid, "two volcanos are called " + v.nickname);
    }
    if (!endpoints.insert(endpoint(v, v.flare_port)).second) {
      return Status(Errc::Invalid, "two volcanos listen at " + endpoint(v, v.flare_port));
    }
  }
  return Status::ok();
}

const VolcanoInfo& Topology::owner_of(const Key& key) const {
  // The last volcano whose slice starts at or below key; the first starts at min().
  auto after = std::upper_bound(volcanos.begin(), volcanos.end(), key,
                                [](const Key& k, const VolcanoInfo& v) { return k < v.slice.start; });
  return *std::prev(after);
}

const VolcanoInfo* Topology::find(std::string_view nickname) const {
  auto it = std::find_if(volcanos.begin(), volcanos.end(),
                         [&](const VolcanoInfo& v) { return v.nickname == nickname; });
  return it == volcanos.end() ? nullptr : &*it;
}

Status Topology::can_join(const VolcanoInfo& joiner) const {
  for (const VolcanoInfo& v : volcanos) {
    if (v.nickname == joiner.nickname) {
      return Status(Errc::Exists, "the nickname " + joiner.nickname + " is taken by a volcano at " +
                                      endpoint(v, v.flare_port));
    }
    if (v.address != joiner.address) continue;
    for (uint16_t taken : {v.flare_port, v.node_port}) {
      if (taken == joiner.flare_port || taken == joiner.node_port) {
        return Status(Errc::Exists, endpoint(v, taken) + " is taken by volcano " + v.nickname);
      }
    }
  }
  return Status::ok();
}

Result<Topology> Topology::with_split(std::string_view from, const Key& split,
                                      VolcanoInfo joiner) const {
  const VolcanoInfo* giver = find(from);
  if (!giver) return Status(Errc::NotFound, "no volcano is called " + std::string(from));
  const Slice slice = giver->slice;
  if (!slice.contains(split) || split == slice.stop) {
    return Status(Errc::Invalid, "cannot split " + std::string(from) + "'s slice at " + split.hex());
  }
  MAGMA_RETURN_IF_ERROR(can_join(joiner));
  Topology next = *this;
  next.epoch = epoch + 1;
  const auto at = giver - volcanos.data();
  next.volcanos[at].slice.stop = split;
  joiner.slice = Slice{key_successor(split), slice.stop};
  next.volcanos.insert(next.volcanos.begin() + at + 1, std::move(joiner));
  return next;
}

const VolcanoInfo* Topology::next_after(std::string_view nickname) const {
  const VolcanoInfo* v = find(nickname);
  return v && v + 1 != volcanos.data() + volcanos.size() ? v + 1 : nullptr;
}

Result<Topology> Topology::with_boundary(std::string_view lower, const Key& last) const {
  const VolcanoInfo* left = find(lower);
  if (!left) return Status(Errc::NotFound, "no volcano is called " + std::string(lower));
  const VolcanoInfo* right = next_after(lower);
  if (!right) return Status(Errc::Invalid, std::string(lower) + " is the last volcano of the ring: no next one");
  if (last < left->slice.start || last >= right->slice.stop)
    return Status(Errc::Invalid, "cannot move the boundary of " + std::string(lower) + " and " + right->nickname +
                                     " to " + last.hex());
  Topology next = *this;
  next.epoch = epoch + 1;
  const auto at = left - volcanos.data();
  next.volcanos[at].slice.stop = last;
  next.volcanos[at + 1].slice.start = key_successor(last);
  return next;
}

}  // namespace magma
