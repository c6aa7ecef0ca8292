// Tests of nfs_gateway/nfs_args.h: names up to NFS_MAXPATHLEN bytes decode whole (NULs
// included), longer or truncated arguments do not, and rpc::XdrValue decodes what the
// generated routines decode.
#include "nfs_gateway/nfs_args.h"

#include <boost/test/unit_test.hpp>

#include "nfs_gateway/rpc/xdr_value.h"
#include "tests/unit/nfs_gateway/nfs_fixture.h"

namespace magma::nfs::test {
namespace {

// Decodes bytes with decode_args into T; true when every step decoded.
template <class T>
bool decodes(const std::vector<char>& bytes, T& out) {
  XDR x;
  xdrmem_create(&x, const_cast<char*>(bytes.data()), static_cast<u_int>(bytes.size()), XDR_DECODE);
  bool ok = decode_args(&x, out);
  xdr_destroy(&x);
  return ok;
}

HandleBytes sample_handle() { return encode_handle(DirRef{sha1_key("/d"), 1234}); }

BOOST_AUTO_TEST_SUITE(nfs_args)

BOOST_AUTO_TEST_CASE(a_name_longer_than_nfs_maxnamlen_still_decodes) {
  std::string name(300, 'n');
  DirOpArgs a;
  BOOST_REQUIRE(decodes(NfsClient::dirop_args(sample_handle(), name), a));
  BOOST_TEST((a.dir == sample_handle()));
  BOOST_TEST(a.name == name);
}

BOOST_AUTO_TEST_CASE(names_keep_embedded_nul_bytes) {
  std::string name("a\0b", 3);
  DirOpArgs a;
  BOOST_REQUIRE(decodes(NfsClient::dirop_args(sample_handle(), name), a));
  BOOST_TEST(a.name.size() == 3u);
  BOOST_TEST(a.name == name);
}

BOOST_AUTO_TEST_CASE(a_name_past_nfs_maxpathlen_or_cut_short_does_not_decode) {
  DirOpArgs a;
  BOOST_TEST(!decodes(NfsClient::dirop_args(sample_handle(), std::string(NFS_MAXPATHLEN + 1, 'x')), a));
  std::vector<char> whole = NfsClient::dirop_args(sample_handle(), "name");
  for (size_t cut = 0; cut < whole.size(); cut += 3) {
    std::vector<char> part(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut));
    BOOST_TEST(!decodes(part, a), "cut at " << cut);
  }
}

BOOST_AUTO_TEST_CASE(create_rename_link_and_symlink_arguments_decode_field_by_field) {
  sattr s = mode_sattr(0640);
  CreateArgs c;
  BOOST_REQUIRE(decodes(NfsClient::create_args(sample_handle(), "f", s), c));
  BOOST_TEST(c.where.name == "f");
  BOOST_TEST(c.attributes.mode == 0640u);
  BOOST_TEST(c.attributes.uid == kUnset);

  HandleBytes other = encode_handle(file_ref(sha1_key("id")));
  RenameArgs r;
  BOOST_REQUIRE(decodes(encode_args([&](XDR* x) {
                          return put_fh(x, sample_handle()) && put_text(x, "old") && put_fh(x, other) && put_text(x, "new");
                        }),
                        r));
  BOOST_TEST(r.from.name == "old");
  BOOST_TEST((r.to.dir == other));
  BOOST_TEST(r.to.name == "new");

  LinkArgs l;
  BOOST_REQUIRE(decodes(encode_args([&](XDR* x) { return put_fh(x, other) && put_fh(x, sample_handle()) && put_text(x, "ln"); }), l));
  BOOST_TEST((l.from == other));
  BOOST_TEST(l.to.name == "ln");

  SymlinkArgs y;
  BOOST_REQUIRE(decodes(encode_args([&](XDR* x) {
                          return put_fh(x, sample_handle()) && put_text(x, "sl") && put_text(x, "../target") &&
                                 put_sattr(x, unset_sattr());
                        }),
                        y));
  BOOST_TEST(y.from.name == "sl");
  BOOST_TEST(y.to == "../target");
}

BOOST_AUTO_TEST_CASE(xdr_value_decodes_generated_structures) {
  std::vector<char> bytes = NfsClient::write_args(sample_handle(), 4096, "payload");
  XDR x;
  xdrmem_create(&x, bytes.data(), static_cast<u_int>(bytes.size()), XDR_DECODE);
  rpc::XdrValue<writeargs, xdr_writeargs> w;
  BOOST_REQUIRE(w.decode(&x));
  xdr_destroy(&x);
  BOOST_TEST(w->offset == 4096u);
  BOOST_TEST(std::string(w->data.nfsdata_val, w->data.nfsdata_len) == "payload");
  BOOST_TEST((handle_bytes(w->file) == sample_handle()));
  // Data shorter than its declared length: no decode (and nothing leaks).
  bytes.resize(bytes.size() - 4);
  xdrmem_create(&x, bytes.data(), static_cast<u_int>(bytes.size()), XDR_DECODE);
  rpc::XdrValue<writeargs, xdr_writeargs> cut;
  BOOST_TEST(!cut.decode(&x));
  xdr_destroy(&x);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::test
