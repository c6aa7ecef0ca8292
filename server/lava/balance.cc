// Balance: record keys of a slice, where to split it, and which volcano to split.
#include "server/lava/balance.h"

#include <algorithm>
#include <tuple>

namespace magma::server {

namespace {

// Rows per read transaction: enough to make the paging cheap, few enough that writers
// never wait long for the store.
constexpr size_t kPage = 4096;

}  // namespace

Result<std::vector<Key>> record_keys(FlareStore& store, const Slice& slice) {
  std::vector<Key> keys;
  RowCursor cursor;  // records come first in an export: stop when it moves past them
  while (cursor.table == RowCursor::kRecords) {
    Rows page;
    MAGMA_RETURN_IF_ERROR(
        store.read([&](FlareStore::Txn& t) { return t.export_range(slice, cursor, kPage, page); }));
    for (const RecordRow& r : page.records) keys.push_back(store.key_of()(r.path));
  }
  std::sort(keys.begin(), keys.end());  // already in order unless a record was re-keyed meanwhile
  return keys;
}

Result<Key> split_key(const Slice& slice, const std::vector<Key>& keys) {
  if (slice.start == slice.stop) return Status(Errc::Invalid, "a slice of one key cannot be split");
  if (keys.size() >= kFewKeys) {
    const Key& median = keys[(keys.size() - 1) / 2];
    if (slice.contains(median) && median != slice.stop) return median;
  }
  return slice.midpoint();
}

size_t pick_giver(const std::vector<Candidate>& candidates) {
  uint64_t total = 0;
  for (const Candidate& c : candidates) total += c.keys;
  bool by_keys = total >= kFewKeys;
  auto less = [&](const Candidate& a, const Candidate& b) {
    Key wa = slice_width(a.slice), wb = slice_width(b.slice);
    return by_keys ? std::tie(a.keys, wa) < std::tie(b.keys, wb) : std::tie(wa, a.keys) < std::tie(wb, b.keys);
  };
  size_t best = 0;
  for (size_t i = 1; i < candidates.size(); ++i)
    if (less(candidates[best], candidates[i])) best = i;
  return best;
}

Key slice_width(const Slice& slice) {
  Key width;
  int borrow = 0;
  for (int i = Key::kSize - 1; i >= 0; --i) {
    int d = int(slice.stop.bytes[i]) - int(slice.start.bytes[i]) - borrow;
    borrow = d < 0;
    width.bytes[i] = static_cast<uint8_t>(d + (borrow ? 256 : 0));
  }
  return width;
}

Key prefix_end(Key k) {
  for (size_t i = ops::kIdPrefix; i < Key::kSize; ++i) k.bytes[i] = 0xff;
  return k;
}

std::optional<ShiftPlan> plan_shift(uint64_t lower, uint64_t upper) {
  uint64_t difference = lower > upper ? lower - upper : upper - lower;
  if (difference < kFewKeys || difference * 20 <= lower + upper) return std::nullopt;
  return ShiftPlan{lower > upper, difference / 2};
}

Result<Key> shift_boundary(const Slice& slice, const std::vector<Key>& keys, const ShiftPlan& plan) {
  if (plan.records == 0 || plan.records >= keys.size())
    return Status(Errc::Invalid, "cannot hand over " + std::to_string(plan.records) + " of " +
                                     std::to_string(keys.size()) + " records");
  // The last key of the lower side: the giver's last kept key, or its last given one.
  const Key& last = plan.lower_gives ? keys[keys.size() - plan.records - 1] : keys[plan.records - 1];
  Key rounded = prefix_end(last);
  Key boundary = rounded < slice.stop ? rounded : last;
  if (!slice.contains(boundary) || boundary == slice.stop)
    return Status(Errc::Invalid, "no boundary inside the slice keeps a key on both sides");
  return boundary;
}

}  // namespace magma::server
