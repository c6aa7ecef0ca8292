// Tests of nfs_gateway/nfs_status.h: every Errc has its nfsstat; what v2 has no word for
// is NFSERR_IO.
#include "nfs_gateway/nfs_status.h"

#include <boost/test/unit_test.hpp>

namespace magma::nfs {
namespace {

BOOST_AUTO_TEST_SUITE(nfs_status)

BOOST_AUTO_TEST_CASE(each_errc_maps_to_its_nfsstat) {
  struct Row {
    Errc errc;
    nfsstat stat;
  };
  const Row rows[] = {
      {Errc::Ok, NFS_OK},
      {Errc::NotFound, NFSERR_NOENT},
      {Errc::Exists, NFSERR_EXIST},
      {Errc::NotDir, NFSERR_NOTDIR},
      {Errc::IsDir, NFSERR_ISDIR},
      {Errc::NotEmpty, NFSERR_NOTEMPTY},
      {Errc::Access, NFSERR_ACCES},
      {Errc::Perm, NFSERR_PERM},
      {Errc::ReadOnly, NFSERR_ROFS},
      {Errc::NoSpace, NFSERR_NOSPC},
      {Errc::NameTooLong, NFSERR_NAMETOOLONG},
      {Errc::Stale, NFSERR_STALE},
      {Errc::TooBig, NFSERR_FBIG},
      {Errc::Io, NFSERR_IO},
      {Errc::Protocol, NFSERR_IO},
      {Errc::Timeout, NFSERR_IO},
      {Errc::Invalid, NFSERR_IO},
      {Errc::NoData, NFSERR_IO},
      {Errc::Range, NFSERR_IO},
      {Errc::NotSupported, NFSERR_IO},
      {Errc::Busy, NFSERR_IO},
      {Errc::Loop, NFSERR_IO},
      {Errc::Disconnected, NFSERR_IO},
      {Errc::Moved, NFSERR_IO},
  };
  BOOST_TEST(std::size(rows) == size_t(Errc::Moved) + 1);  // every Errc has a row
  for (const Row& row : rows) BOOST_TEST(nfs_status_of(row.errc) == row.stat, errc_name(row.errc));
}

BOOST_AUTO_TEST_CASE(a_failed_status_maps_by_its_code) {
  BOOST_TEST(nfs_status_of(Status(Errc::NotFound, "/a does not exist"), "LOOKUP") == NFSERR_NOENT);
  BOOST_TEST(nfs_status_of(Status(Errc::Timeout, "(a warning this test expects)"), "READ") == NFSERR_IO);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs
