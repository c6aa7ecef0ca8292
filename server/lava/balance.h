// Balance: which volcano a joiner relieves and where its slice is split, and how two
// neighbours even out their keys (a rebalance), so that keys end up evenly divided. Keys
// are SHA1 hashes of paths, so the records a slice holds are a uniform sample of where
// future ones land: with enough of them, the median record key halves both today's
// records and tomorrow's; with few, the slice's width is the better guide (an empty lava
// split at a median would give the joiner almost no keyspace).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/key.h"
#include "server/flare_store.h"
#include "server/ops/names.h"

namespace magma::server {

// Below this many records, counts and medians are noise.
constexpr size_t kFewKeys = 100;

// One key per record in slice, ascending (colliding paths repeat their key). Pages through
// the store in short transactions, so it never holds the store for long; records that
// come or go meanwhile may be counted or missed. Fails with the store's error.
Result<std::vector<Key>> record_keys(FlareStore& store, const Slice& slice);

// The key to split slice at, the lower part keeping it, given the keys of its records
// (record_keys): the median key when there are kFewKeys or more, else (or when the
// median is the slice's last key) the midpoint. Invalid when slice holds a single key.
Result<Key> split_key(const Slice& slice, const std::vector<Key>& keys);

// A volcano that may give part of its slice to a joiner.
struct Candidate {
  Slice slice;
  uint64_t keys = 0;  // the records it holds (Load)
};

// The index of the candidate the joiner relieves: the one with the most keys, or, while
// the candidates hold fewer than kFewKeys in all, the widest slice; ties go to the other
// measure, then to the first. REQUIRES: candidates is not empty; no slice is one key.
size_t pick_giver(const std::vector<Candidate>& candidates);

// stop - start of slice, as a 160-bit number (so comparable as a Key).
Key slice_width(const Slice& slice);

// The last key with k's first ops::kIdPrefix bytes (ops/names.h): a boundary there never
// separates a record from its inode.
Key prefix_end(Key k);

// A rebalance of two neighbours on the ring: the busier hands `records` of its records
// nearest the other over to it.
struct ShiftPlan {
  bool lower_gives = false;  // the lower slice gives its top, else the upper its bottom
  uint64_t records = 0;
};

// What evens out neighbours holding lower and upper records: half their difference, from
// the busier to the other. None while the difference is within a twentieth of their
// total or below kFewKeys: moving keys costs more than such a difference.
std::optional<ShiftPlan> plan_shift(uint64_t lower, uint64_t upper);

// The last key the lower volcano keeps after the giver, owning slice with the record keys
// keys (record_keys), hands over plan.records of them, rounded up to prefix_end when that
// stays inside slice. Invalid when the giver would be left without a key or has fewer
// records than the plan says (its load changed: plan again).
Result<Key> shift_boundary(const Slice& slice, const std::vector<Key>& keys, const ShiftPlan& plan);

}  // namespace magma::server
