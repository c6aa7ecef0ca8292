// Tests of nfs_gateway/nfs_program.h: the program's numbers, the void procedures,
// unknown procedures, arguments that do not decode, which procedures are idempotent,
// the lava's fsid, and many calls at once.
#include "nfs_gateway/nfs_program.h"

#include <boost/test/unit_test.hpp>
#include <atomic>
#include <set>
#include <thread>

#include "tests/unit/nfs_gateway/nfs_fixture.h"

namespace magma::nfs::test {
namespace {

BOOST_AUTO_TEST_SUITE(nfs_program)

BOOST_FIXTURE_TEST_CASE(it_is_nfs_program_100003_version_2, NfsFixture) {
  BOOST_TEST(nfs.program().program() == 100003u);
  BOOST_TEST(nfs.program().min_version() == 2u);
  BOOST_TEST(nfs.program().max_version() == 2u);
}

BOOST_FIXTURE_TEST_CASE(null_root_and_writecache_answer_void, NfsFixture) {
  for (uint32_t proc : {NFSPROC_NULL, NFSPROC_ROOT, NFSPROC_WRITECACHE}) {
    Outcome o = nfs.run(proc, {});
    BOOST_TEST(o.stat == AcceptStat::Success);
    BOOST_TEST(o.results.empty());
  }
}

BOOST_FIXTURE_TEST_CASE(an_unknown_procedure_is_unavailable, NfsFixture) {
  for (uint32_t proc : {18u, 19u, 1000u, 0xFFFFFFFFu}) BOOST_TEST(nfs.run(proc, {}).stat == AcceptStat::ProcUnavail);
}

BOOST_FIXTURE_TEST_CASE(arguments_that_do_not_decode_are_garbage, NfsFixture) {
  std::vector<char> short_handle(kHandleSize - 1, 'x');
  for (uint32_t proc = NFSPROC_GETATTR; proc <= NFSPROC_STATFS; ++proc) {
    if (proc == NFSPROC_ROOT || proc == NFSPROC_WRITECACHE) continue;
    BOOST_TEST(nfs.run(proc, {}).stat == AcceptStat::GarbageArgs, "procedure " << proc);
    BOOST_TEST(nfs.run(proc, short_handle).stat == AcceptStat::GarbageArgs, "procedure " << proc);
  }
  // A name whose length runs past the bytes sent; a WRITE whose data is cut short.
  std::vector<char> lookup = NfsClient::dirop_args(d, "name");
  lookup.resize(lookup.size() - 4);
  BOOST_TEST(nfs.run(NFSPROC_LOOKUP, lookup).stat == AcceptStat::GarbageArgs);
  std::vector<char> write = NfsClient::write_args(d, 0, std::string(8192, 'w'));
  write.resize(write.size() - 100);
  BOOST_TEST(nfs.run(NFSPROC_WRITE, write).stat == AcceptStat::GarbageArgs);
  // A WRITE of more than NFS_MAXDATA bytes is not a v2 WRITE.
  BOOST_TEST(nfs.run(NFSPROC_WRITE, NfsClient::write_args(d, 0, std::string(8193, 'w'))).stat ==
             AcceptStat::GarbageArgs);
}

// Well-formed arguments of every procedure that takes any, aimed at /d and its file "f".
std::vector<std::pair<uint32_t, std::vector<char>>> sample_calls(const HandleBytes& dir, const HandleBytes& file) {
  sattr s = mode_sattr(0644);
  s.size = 3;
  return {
      {NFSPROC_GETATTR, encode_args([&](XDR* x) { return put_fh(x, file); })},
      {NFSPROC_SETATTR, encode_args([&](XDR* x) { return put_fh(x, file) && put_sattr(x, s); })},
      {NFSPROC_LOOKUP, NfsClient::dirop_args(dir, "f")},
      {NFSPROC_READLINK, encode_args([&](XDR* x) { return put_fh(x, file); })},
      {NFSPROC_READ, encode_args([&](XDR* x) { return put_fh(x, file) && put_u32(x, 1) && put_u32(x, 9) && put_u32(x, 0); })},
      {NFSPROC_WRITE, NfsClient::write_args(file, 2, "written")},
      {NFSPROC_CREATE, NfsClient::create_args(dir, "g", s)},
      {NFSPROC_REMOVE, NfsClient::dirop_args(dir, "g")},
      {NFSPROC_RENAME, encode_args([&](XDR* x) {
         return put_fh(x, dir) && put_text(x, "f") && put_fh(x, dir) && put_text(x, "h");
       })},
      {NFSPROC_LINK, encode_args([&](XDR* x) { return put_fh(x, file) && put_fh(x, dir) && put_text(x, "l"); })},
      {NFSPROC_SYMLINK, encode_args([&](XDR* x) {
         return put_fh(x, dir) && put_text(x, "s") && put_text(x, "target") && put_sattr(x, s);
       })},
      {NFSPROC_MKDIR, NfsClient::create_args(dir, "m", s)},
      {NFSPROC_RMDIR, NfsClient::dirop_args(dir, "m")},
      {NFSPROC_READDIR, encode_args([&](XDR* x) {
         char cookie[NFS_COOKIESIZE] = {};
         return put_fh(x, dir) && xdr_opaque(x, cookie, NFS_COOKIESIZE) && put_u32(x, 100);
       })},
      {NFSPROC_STATFS, encode_args([&](XDR* x) { return put_fh(x, dir); })},
  };
}

// An answer to hostile arguments: GARBAGE_ARGS, or results that start with an nfsstat.
void check_answered(const Outcome& o, uint32_t proc, const std::string& how) {
  if (o.stat == AcceptStat::GarbageArgs) return;
  BOOST_REQUIRE_MESSAGE(o.stat == AcceptStat::Success, "procedure " << proc << ", " << how << ": accept_stat " << int(o.stat));
  XDR x;
  xdrmem_create(&x, const_cast<char*>(o.results.data()), static_cast<u_int>(o.results.size()), XDR_DECODE);
  nfsstat status;
  BOOST_TEST(xdr_nfsstat(&x, &status), "procedure " << proc << ", " << how);
  xdr_destroy(&x);
}

BOOST_FIXTURE_TEST_CASE(hostile_arguments_are_answered_and_never_crash, NfsFixture) {
  nfs.call_as(0, 0);  // root (squashed), so the fewest calls stop at a permission check
  HandleBytes f = nfs.create(d, "f", 0666).fh;
  uint32_t x = 2024;
  auto next = [&x] { return x = x * 1103515245 + 12345, x >> 8; };
  for (auto& [proc, args] : sample_calls(d, f)) {
    for (size_t cut = 0; cut < args.size(); ++cut)
      check_answered(nfs.run(proc, std::vector<char>(args.begin(), args.begin() + std::ptrdiff_t(cut))), proc,
                     "cut at " + std::to_string(cut));
    for (int round = 0; round < 200; ++round) {
      std::vector<char> bent = args;
      for (int flips = 1 + next() % 4; flips > 0; --flips) bent[next() % bent.size()] = static_cast<char>(next());
      check_answered(nfs.run(proc, bent), proc, "round " + std::to_string(round));
    }
    std::vector<char> noise(4096 + next() % 4096);
    for (char& c : noise) c = static_cast<char>(next());
    check_answered(nfs.run(proc, noise), proc, "noise");
  }
  BOOST_TEST(nfs.getattr(d).status == NFS_OK);  // still serving
}

BOOST_FIXTURE_TEST_CASE(calls_that_change_names_or_data_are_not_idempotent, NfsFixture) {
  const std::set<uint32_t> changing = {NFSPROC_SETATTR, NFSPROC_WRITE,   NFSPROC_CREATE, NFSPROC_REMOVE,
                                       NFSPROC_RENAME,  NFSPROC_LINK,    NFSPROC_SYMLINK, NFSPROC_MKDIR,
                                       NFSPROC_RMDIR};
  for (uint32_t proc = NFSPROC_NULL; proc <= NFSPROC_STATFS; ++proc)
    BOOST_TEST(nfs.program().is_idempotent(2, proc) == !changing.contains(proc), "procedure " << proc);
}

BOOST_FIXTURE_TEST_CASE(fsid_is_the_roots_inode_number_and_survives_a_restart, NfsFixture) {
  uint32_t root_fileid = static_cast<uint32_t>(attr_of("/").ino);
  BOOST_TEST(nfs.getattr(d).attr.fsid == root_fileid);
  BOOST_TEST(nfs.getattr(nfs.root()).attr.fsid == root_fileid);
  restart();
  BOOST_TEST(nfs.getattr(d).attr.fsid == root_fileid);
}

BOOST_FIXTURE_TEST_CASE(many_threads_call_at_once, NfsFixture) {
  constexpr int kThreads = 8, kFiles = 20;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      NfsClient client = nfs;  // a client per thread, one program for all
      for (int i = 0; i < kFiles; ++i) {
        std::string name = "t" + std::to_string(t) + "-" + std::to_string(i);
        DirOp made = client.create(d, name);
        if (made.status != NFS_OK || client.write(made.fh, 0, name).status != NFS_OK) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  BOOST_TEST(failures.load() == 0);
  BOOST_TEST(nfs.list(d).size() == size_t(kThreads * kFiles + 2));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::test
