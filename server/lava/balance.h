// Balance: which volcano a joiner relieves and where its slice is split, so that keys end
// up evenly divided. Keys are SHA1 hashes of paths, so the records a slice holds are a
// uniform sample of where future ones land: with enough of them, the median record key
// halves both today's records and tomorrow's; with few, the slice's width is the better
// guide (an empty lava split at a median would give the joiner almost no keyspace).
#pragma once

#include <cstdint>
#include <vector>

#include "libmagma/errc.h"
#include "libmagma/key.h"
#include "server/flare_store.h"

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

}  // namespace magma::server
