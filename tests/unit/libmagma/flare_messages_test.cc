// Tests of libmagma/flare_messages.h over the whole op table (flare_ops.def): every Request
// and Response round-trips with every field set, and decoding untrusted bytes rejects
// truncation, trailing garbage, lying lengths and bad enums without crashing or allocating
// what a length field claims.
#include "libmagma/flare_messages.h"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>
#include <set>
#include <string>
#include <utility>

#include "tests/unit/libmagma/test_print.h"

// The largest single allocation while g_track_allocations is set: proves that a decoder
// never allocates what a hostile length field claims. Replacing the global operator new
// is the only way to see allocations made inside std::string and std::vector.
namespace {
std::atomic<bool> g_track_allocations{false};
std::atomic<size_t> g_largest_allocation{0};
}  // namespace

void* operator new(size_t n) {
  if (g_track_allocations.load(std::memory_order_relaxed)) {
    size_t seen = g_largest_allocation.load(std::memory_order_relaxed);
    while (n > seen && !g_largest_allocation.compare_exchange_weak(seen, n)) {
    }
  }
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
// Out of line, so the compiler does not pair an inlined free() with operator new.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace magma {
namespace {

// Sets every field to a value unlike its default and unlike the other fields, so a
// field that is dropped, swapped or mis-sized in the codec changes the re-encoding.
class Filler {
 public:
  void operator()(bool& v) { v = true; }
  void operator()(uint8_t& v) { v = static_cast<uint8_t>(0x80 | next()); }
  void operator()(uint16_t& v) { v = static_cast<uint16_t>(0x8000 | next()); }
  void operator()(uint32_t& v) { v = 0x80000000u | static_cast<uint32_t>(next()); }
  void operator()(uint64_t& v) { v = 0x8000000000000000ull | next(); }
  void operator()(int64_t& v) { v = -static_cast<int64_t>(next()) * 1000000007; }
  void operator()(std::string& v) { v = "/field" + std::to_string(next()) + "/\xc3\xa9"; }
  void operator()(Bytes& v) {
    uint64_t n = next();
    v.assign(3 + n % 5, static_cast<uint8_t>(n));
    v.front() = 0;
  }
  void operator()(Key& v) { v = sha1_key("key" + std::to_string(next())); }
  // Two different keys in order: a slice whose start is above its stop never decodes.
  void operator()(Slice& v) {
    (*this)(v.start);
    (*this)(v.stop);
    if (v.stop < v.start) std::swap(v.start, v.stop);
  }
  void operator()(FlareType& v) { v = static_cast<FlareType>(2 + next() % 6); }
  void operator()(FsckAction& v) { v = static_cast<FsckAction>(2 + next() % 6); }
  template <class T>
  void operator()(std::vector<T>& v) {
    v.resize(2);
    for (auto& e : v) (*this)(e);
  }
  template <class T>
  auto operator()(T& msg) -> decltype(msg.visit_fields(0), void()) {
    msg.visit_fields([this](auto&... f) { ((*this)(f), ...); });
  }

 private:
  uint64_t next() { return ++counter_; }
  uint64_t counter_ = 0;
};

template <class T>
Bytes encoded(const T& msg) {
  Bytes out;
  encode_message(msg, out);
  return out;
}

template <class T>
T filled() {
  T msg;
  Filler()(msg);
  return msg;
}

template <class T>
void check_round_trip(const char* what) {
  for (const Bytes& wire : {encoded(T{}), encoded(filled<T>())}) {
    T back;
    Status s = decode_message(wire.data(), wire.size(), back);
    BOOST_TEST_REQUIRE(s.is_ok(), what << ": " << s.to_string());
    BOOST_TEST(encoded(back) == wire, what);
  }
}

template <class T>
bool has_fields() {
  return !encoded(T{}).empty();
}

template <class T>
void check_rejects_truncation_and_trailing_bytes(const char* what) {
  Bytes wire = encoded(filled<T>());
  T msg;
  for (size_t n = 0; n < wire.size(); ++n) {
    Status s = decode_message(wire.data(), n, msg);
    BOOST_TEST_REQUIRE(s.code() == Errc::Protocol, what << " accepted a prefix of " << n << " of "
                                                        << wire.size() << " bytes");
  }
  for (uint8_t extra : {0x00, 0xff}) {
    Bytes longer = wire;
    longer.push_back(extra);
    BOOST_TEST(decode_message(longer.data(), longer.size(), msg).code() == Errc::Protocol, what);
  }
}

// Decodes data as T; a message that decodes must re-encode to bytes that decode the same.
template <class T>
void decode_untrusted(const Bytes& data, const char* what) {
  T msg;
  if (!decode_message(data.data(), data.size(), msg).is_ok()) return;
  Bytes again = encoded(msg);
  T msg2;
  BOOST_TEST_REQUIRE(decode_message(again.data(), again.size(), msg2).is_ok(), what);
  BOOST_TEST_REQUIRE((encoded(msg2) == again), what);
}

// Random buffers, and valid encodings with random bytes overwritten.
template <class T>
void check_garbage_never_crashes(const char* what, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const Bytes valid = encoded(filled<T>());
  for (int i = 0; i < 10000; ++i) {
    Bytes data(rng() % 200);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    decode_untrusted<T>(data, what);
    if (valid.empty()) continue;
    Bytes mutated = valid;
    for (int k = 0, flips = 1 + rng() % 4; k < flips; ++k)
      mutated[rng() % mutated.size()] = static_cast<uint8_t>(rng());
    decode_untrusted<T>(mutated, what);
  }
}

template <class T>
size_t largest_allocation_decoding(const Bytes& data, Errc* code) {
  T msg;
  g_largest_allocation = 0;
  g_track_allocations = true;
  *code = decode_message(data.data(), data.size(), msg).code();
  g_track_allocations = false;
  return g_largest_allocation;
}

void append_u32(Bytes& b, uint32_t v) { ByteWriter(b).u32(v); }

}  // namespace

BOOST_AUTO_TEST_SUITE(flare_messages_test)

#define MAGMA_FLARE_OP(Name, id, Request, Response)                                       \
  BOOST_AUTO_TEST_CASE(Name##_round_trip) {                                                 \
    check_round_trip<Request>(#Request);                                                    \
    check_round_trip<Response>(#Response);                                                  \
    BOOST_TEST((FlareOpTraits<Request>::op == FlareOp::Name));                              \
    BOOST_TEST(std::string(FlareOpTraits<Request>::name) == #Name);                         \
  }                                                                                         \
  BOOST_AUTO_TEST_CASE(Name##_rejects_bad_bytes) {                                          \
    check_rejects_truncation_and_trailing_bytes<Request>(#Request);                         \
    check_rejects_truncation_and_trailing_bytes<Response>(#Response);                       \
    if (has_fields<Request>())                                                              \
      BOOST_TEST((encoded(filled<Request>()) != encoded(Request{})), #Request);             \
    check_garbage_never_crashes<Request>(#Request, id);                                     \
    check_garbage_never_crashes<Response>(#Response, 1000 + id);                            \
  }
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP

BOOST_AUTO_TEST_CASE(op_table_ids_and_names) {
  std::set<uint16_t> ids;
  std::set<std::string> names;
#define MAGMA_FLARE_OP(Name, id, Request, Response)       \
  BOOST_TEST(ids.insert(id).second, "duplicate id " << id); \
  names.insert(#Name);                                      \
  BOOST_TEST(flare_op_name(id) == std::string(#Name));
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP
  BOOST_TEST(names.size() == ids.size());
  BOOST_TEST(!ids.count(0));
  for (uint32_t v = 0; v <= 0xffff; ++v)
    if (!ids.count(static_cast<uint16_t>(v)))
      BOOST_TEST_REQUIRE(flare_op_name(static_cast<uint16_t>(v)) == nullptr, v);
}

BOOST_AUTO_TEST_CASE(credentials_round_trip_and_layout) {
  Credentials c;
  c.uid = 1000;
  c.gid = 100;
  c.groups = {4, 24, 27};
  c.client = "10.0.0.5";
  Bytes wire = encoded(c);
  BOOST_TEST(wire == Bytes({0, 0, 3, 0xe8, 0, 0, 0, 100, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 24, 0, 0, 0, 27,
                            0, 0, 0, 8, '1', '0', '.', '0', '.', '0', '.', '5'}),
             boost::test_tools::per_element());
  Credentials back;
  BOOST_TEST_REQUIRE(decode_message(wire.data(), wire.size(), back).is_ok());
  BOOST_TEST(back.groups == c.groups, boost::test_tools::per_element());
  BOOST_TEST(back.client == c.client);
  check_rejects_truncation_and_trailing_bytes<Credentials>("Credentials");
}

BOOST_AUTO_TEST_CASE(ping_request_payload_is_root_credentials_only) {
  // The raw-socket integration test sends exactly these bytes.
  Bytes payload;
  encode_message(Credentials{}, payload);
  encode_message(PingRequest{}, payload);
  BOOST_TEST(payload == Bytes(16, 0), boost::test_tools::per_element());  // uid, gid, no groups, no client
  BOOST_TEST(static_cast<uint16_t>(FlareOpTraits<PingRequest>::op) == 1);
}

BOOST_AUTO_TEST_CASE(string_length_of_4_gib_fails_without_allocating) {
  Bytes data;
  append_u32(data, 0xffffffff);
  data.insert(data.end(), {'/', 'a', 'b'});
  Errc code;
  size_t largest = largest_allocation_decoding<LookupRequest>(data, &code);
  BOOST_TEST(code == Errc::Protocol);
  BOOST_TEST(largest < (64u << 10));

  // The same lie in a Bytes field: a WriteRequest's data.
  Bytes write;
  encode_message(sha1_key("id"), write);
  ByteWriter(write).u64(0);
  append_u32(write, 0xfffffff0);
  write.resize(write.size() + 100, 0xaa);
  largest = largest_allocation_decoding<WriteRequest>(write, &code);
  BOOST_TEST(code == Errc::Protocol);
  BOOST_TEST(largest < (64u << 10));
}

BOOST_AUTO_TEST_CASE(string_just_over_the_blob_limit_is_rejected) {
  Bytes data;
  append_u32(data, static_cast<uint32_t>(kMaxBlobSize + 1));
  data.resize(data.size() + kMaxBlobSize + 1, 'x');
  LookupRequest msg;
  BOOST_TEST(decode_message(data.data(), data.size(), msg).code() == Errc::Protocol);
}

BOOST_AUTO_TEST_CASE(list_count_larger_than_the_bytes_left) {
  Errc code;
  for (uint32_t count : {3u, 1000u, static_cast<uint32_t>(kMaxListSize), 0xffffffffu}) {
    Bytes names;
    append_u32(names, count);
    ByteWriter(names).blob("user.a", 6);  // one real element
    size_t largest = largest_allocation_decoding<XattrListResponse>(names, &code);
    BOOST_TEST(code == Errc::Protocol, count);
    BOOST_TEST(largest < (64u << 10), count);

    Bytes dir;
    append_u32(dir, count);
    dir.push_back(0);
    largest = largest_allocation_decoding<ReadDirResponse>(dir, &code);
    BOOST_TEST(code == Errc::Protocol, count);
    BOOST_TEST(largest < (64u << 10), count);
  }
}

BOOST_AUTO_TEST_CASE(flare_type_out_of_range_is_rejected) {
  MknodRequest req;
  req.path = "/dev0";
  req.type = FlareType::BlockDevice;
  Bytes wire = encoded(req);
  const size_t type_offset = 4 + req.path.size();
  BOOST_TEST_REQUIRE(wire[type_offset] == static_cast<uint8_t>(FlareType::BlockDevice));
  for (int t = 0; t < 256; ++t) {
    Bytes bad = wire;
    bad[type_offset] = static_cast<uint8_t>(t);
    MknodRequest out;
    bool in_range = t >= 1 && t <= 7;
    BOOST_TEST((decode_message(bad.data(), bad.size(), out).is_ok() == in_range), "type " << t);
  }
  // The same check inside a nested FlareAttr: an EntryResponse's entry.attr.type.
  Bytes entry = encoded(filled<EntryResponse>());
  entry[Key::kSize] = 8;
  EntryResponse out;
  BOOST_TEST(decode_message(entry.data(), entry.size(), out).code() == Errc::Protocol);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
