// Tests of nfs_gateway/nfs_readdir.h: the cookie mapping both ways, the byte budget
// against what XDR really encodes, and the entry list's reply.
#include "nfs_gateway/nfs_readdir.h"

#include <boost/test/unit_test.hpp>
#include <vector>

#include "tests/unit/libmagma/test_print.h"

namespace magma::nfs {
namespace {

// The bytes xdr_readdirres writes for listing's reply.
size_t encoded_size(DirListing& listing, bool eof) {
  std::vector<char> buffer(1 << 16);
  XDR x;
  xdrmem_create(&x, buffer.data(), static_cast<u_int>(buffer.size()), XDR_ENCODE);
  readdirres res = listing.reply(eof);
  BOOST_REQUIRE(xdr_readdirres(&x, &res));
  size_t n = xdr_getpos(&x);
  xdr_destroy(&x);
  return n;
}

BOOST_AUTO_TEST_SUITE(nfs_readdir)

BOOST_AUTO_TEST_CASE(cookies_zero_one_and_two_are_the_dots) {
  ReadDirPosition start = position_of(0);
  BOOST_TEST(start.dot);
  BOOST_TEST(start.dotdot);
  BOOST_TEST(start.after == 0u);
  ReadDirPosition after_dot = position_of(kCookieAfterDot);
  BOOST_TEST(!after_dot.dot);
  BOOST_TEST(after_dot.dotdot);
  BOOST_TEST(after_dot.after == 0u);
  ReadDirPosition after_dots = position_of(kCookieAfterDotDot);
  BOOST_TEST(!after_dots.dot);
  BOOST_TEST(!after_dots.dotdot);
  BOOST_TEST(after_dots.after == 0u);
}

BOOST_AUTO_TEST_CASE(an_entrys_cookie_resumes_after_it) {
  for (uint64_t service : {uint64_t{1}, uint64_t{2}, uint64_t{1000}, kMaxServiceCookie}) {
    Result<uint32_t> nfs = nfs_cookie_of(service);
    BOOST_REQUIRE(nfs.is_ok());
    BOOST_TEST(*nfs > kCookieAfterDotDot);
    ReadDirPosition p = position_of(*nfs);
    BOOST_TEST(!p.dot);
    BOOST_TEST(!p.dotdot);
    BOOST_TEST(p.after == service);
  }
  BOOST_TEST(nfs_cookie_of(kMaxServiceCookie + 1).code() == Errc::Range);
}

BOOST_AUTO_TEST_CASE(cookie_bytes_are_big_endian) {
  nfscookie c = {0x01, 0x02, 0x03, 0x04};
  BOOST_TEST(cookie_value(c) == 0x01020304u);
  DirListing l;
  l.add(9, "x", 0xA0B0C0D0u);
  readdirres r = l.reply(true);
  BOOST_TEST(cookie_value(r.readdirres_u.reply.entries->cookie) == 0xA0B0C0D0u);
}

BOOST_AUTO_TEST_CASE(the_budget_matches_what_xdr_encodes) {
  // Names of every padding class: the budget must refuse an entry exactly when encoding
  // it would pass count.
  const char* names[] = {"a", "bb", "ccc", "dddd", "eeeee", "a-much-longer-name-here"};
  for (uint32_t count : {12u, 40u, 100u, 257u, 1000u}) {
    ReplyBudget budget(count);
    DirListing listing;
    std::string refused;
    for (int i = 0; refused.empty(); ++i) {
      std::string name = names[i % 6];
      if (budget.take(name)) listing.add(i, name, i + 3);
      else refused = name;
    }
    size_t bytes = encoded_size(listing, false);
    BOOST_TEST(bytes <= count);
    DirListing one_more = listing;
    one_more.add(1, refused, 1);
    BOOST_TEST(encoded_size(one_more, false) > count);
  }
}

BOOST_AUTO_TEST_CASE(an_empty_reply_is_the_fixed_bytes) {
  DirListing none;
  BOOST_TEST(encoded_size(none, true) == ReplyBudget::kFixedBytes);
  ReplyBudget tiny(ReplyBudget::kFixedBytes + 19);
  BOOST_TEST(tiny.max_entries() == 0u);
  BOOST_TEST(!tiny.take("a"));
  ReplyBudget one(ReplyBudget::kFixedBytes + 20);
  BOOST_TEST(one.max_entries() == 1u);
  BOOST_TEST(one.take("abcd"));
  BOOST_TEST(!one.take("a"));
}

BOOST_AUTO_TEST_CASE(counts_above_8_kib_are_served_as_8_kib) {
  ReplyBudget big(1u << 30);
  BOOST_TEST(big.max_entries() == (NFS_MAXDATA - ReplyBudget::kFixedBytes) / 20);
}

BOOST_AUTO_TEST_CASE(the_reply_lists_in_order) {
  DirListing l;
  l.add(1, ".", 1);
  l.add(1, "..", 2);
  l.add(42, "file", 7);
  readdirres r = l.reply(true);
  BOOST_TEST(r.status == NFS_OK);
  BOOST_TEST(r.readdirres_u.reply.eof);
  std::vector<std::string> names;
  for (entry* e = r.readdirres_u.reply.entries; e; e = e->nextentry) names.push_back(e->name);
  BOOST_TEST((names == std::vector<std::string>{".", "..", "file"}));
  BOOST_TEST(r.readdirres_u.reply.entries->nextentry->nextentry->fileid == 42u);
  DirListing none;
  BOOST_TEST(none.reply(false).readdirres_u.reply.entries == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs
