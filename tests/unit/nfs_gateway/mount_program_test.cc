// Tests of nfs_gateway/mount_program.h: MNT (the handle NFS uses, each errno, exports
// narrower than "/"), DUMP, UMNT and UMNTALL per host, a DUMP larger than one reply,
// EXPORT, and arguments that do not decode.
#include "nfs_gateway/mount_program.h"

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <utility>

#include "rpcgen/mount.h"
#include "tests/unit/nfs_gateway/nfs_fixture.h"

namespace magma::nfs::test {
namespace {

struct Mnt {
  u_int status = EIO;
  HandleBytes fh{};
};
using Mounts = std::vector<std::pair<std::string, std::string>>;  // host, directory

// A MountProgram on the fixture's volcano, called directly through dispatch(); results
// decode as the fixture's NFS client decodes them.
class MountClient {
 public:
  explicit MountClient(NfsFixture& f, std::vector<acl::Share> exports = {acl::Share{}})
      : program(*f.svc, source_of(std::move(exports))), nfs_(f.nfs) {}

  Outcome run(uint32_t procedure, const std::vector<char>& args, const std::string& host = "192.0.2.1") {
    rpc::RpcCall call{++xid_, MountProgram::kProgram, MountProgram::kVersion, procedure,
                      NfsClient::unix_caller(kUser, kGroup)};
    call.caller.address = boost::asio::ip::make_address(host);
    XDR in, out;
    xdrmem_create(&in, const_cast<char*>(args.data()), static_cast<u_int>(args.size()), XDR_DECODE);
    Outcome o;
    o.results.resize(rpc::RpcProgram::kMaxResultBytes);
    xdrmem_create(&out, o.results.data(), static_cast<u_int>(o.results.size()), XDR_ENCODE);
    o.stat = program.dispatch(call, &in, &out);
    o.results.resize(o.stat == AcceptStat::Success ? xdr_getpos(&out) : 0);
    xdr_destroy(&in);
    xdr_destroy(&out);
    return o;
  }

  static std::vector<char> path_args(const std::string& path) {
    return encode_args([&](XDR* x) { return put_text(x, path); });
  }

  Mnt mnt(const std::string& path, const std::string& host = "192.0.2.1") {
    Mnt m;
    decode(run(MOUNTPROC_MNT, path_args(path), host), xdr_fhstatus, [&](fhstatus& r) {
      m.status = r.fhs_status;
      if (r.fhs_status == 0) std::memcpy(m.fh.data(), r.fhstatus_u.fhs_fhandle, kHandleSize);
    });
    return m;
  }

  Mounts dump() {
    Mounts out;
    decode(run(MOUNTPROC_DUMP, {}), xdr_mountlist, [&](mountlist& list) {
      for (mountbody* m = list; m; m = m->ml_next) out.emplace_back(m->ml_hostname, m->ml_directory);
    });
    return out;
  }

  template <class Res, class Fn>
  void decode(const Outcome& o, bool_t (*dec)(XDR*, Res*), Fn fn) {
    nfs_.decode(o, dec, fn);
  }

  MountProgram program;

 private:
  NfsClient& nfs_;
  uint32_t xid_ = 0;
};

BOOST_AUTO_TEST_SUITE(mount_program)

BOOST_FIXTURE_TEST_CASE(it_is_mount_program_100005_version_1_and_idempotent, NfsFixture) {
  MountClient m(*this);
  BOOST_TEST(m.program.program() == 100005u);
  BOOST_TEST(m.program.min_version() == 1u);
  BOOST_TEST(m.program.max_version() == 1u);
  for (uint32_t proc = MOUNTPROC_NULL; proc <= MOUNTPROC_EXPORT; ++proc) BOOST_TEST(m.program.is_idempotent(1, proc));
  Outcome null = m.run(MOUNTPROC_NULL, {});
  BOOST_TEST(null.stat == AcceptStat::Success);
  BOOST_TEST(null.results.empty());
  BOOST_TEST(m.run(6, {}).stat == AcceptStat::ProcUnavail);
}

BOOST_FIXTURE_TEST_CASE(mnt_answers_the_handle_nfs_serves, NfsFixture) {
  MountClient m(*this);
  Mnt d_mount = m.mnt("/d");
  BOOST_TEST(d_mount.status == 0u);
  BOOST_TEST(d_mount.fh == d);
  BOOST_TEST(nfs.getattr(d_mount.fh).attr.type == NFDIR);
  BOOST_TEST(m.mnt("//d/./").fh == d);
  BOOST_TEST(m.mnt("/").fh == nfs.handle_at("/"));
}

BOOST_FIXTURE_TEST_CASE(mnt_errors_are_errno_values, NfsFixture) {
  MountClient m(*this);
  BOOST_TEST(nfs.create(d, "file").status == NFS_OK);
  BOOST_TEST(m.mnt("/d/missing").status == u_int(ENOENT));
  BOOST_TEST(m.mnt("/d/missing/below").status == u_int(ENOENT));
  BOOST_TEST(m.mnt("/d/file").status == u_int(ENOTDIR));
  BOOST_TEST(m.mnt("/d/file/below").status == u_int(ENOTDIR));
  BOOST_TEST(m.mnt("d").status == u_int(EINVAL));
  BOOST_TEST(m.mnt(std::string("/d\0x", 4)).status == u_int(EINVAL));
  BOOST_TEST(m.mnt("/" + std::string(256, 'n')).status == u_int(ENAMETOOLONG));
  BOOST_TEST(m.program.mounts().entries().empty());
}

BOOST_FIXTURE_TEST_CASE(only_exported_directories_and_below_mount, NfsFixture) {
  BOOST_TEST(nfs.mkdir(d, "sub").status == NFS_OK);
  must(mkdir("/dx"));
  acl::Share only_d;
  only_d.path = "/d";
  MountClient m(*this, {only_d});
  BOOST_TEST(m.mnt("/d").status == 0u);
  BOOST_TEST(m.mnt("/d/sub").status == 0u);
  BOOST_TEST(m.mnt("/").status == u_int(EACCES));
  BOOST_TEST(m.mnt("/dx").status == u_int(EACCES));
  BOOST_TEST(m.mnt("/d/../dx").status == u_int(EACCES));
}

BOOST_FIXTURE_TEST_CASE(dump_umnt_and_umntall_keep_each_hosts_mounts, NfsFixture) {
  MountClient m(*this);
  BOOST_TEST(m.dump().empty());
  m.mnt("/d", "192.0.2.1");
  m.mnt("/", "192.0.2.1");
  m.mnt("/d", "2001:db8::7");
  BOOST_TEST((m.dump() == Mounts{{"192.0.2.1", "/d"}, {"192.0.2.1", "/"}, {"2001:db8::7", "/d"}}));
  BOOST_TEST(m.run(MOUNTPROC_UMNT, MountClient::path_args("/d/"), "192.0.2.1").stat == AcceptStat::Success);
  BOOST_TEST((m.dump() == Mounts{{"192.0.2.1", "/"}, {"2001:db8::7", "/d"}}));
  m.mnt("/d", "192.0.2.1");
  Outcome all = m.run(MOUNTPROC_UMNTALL, {}, "2001:db8::7");
  BOOST_TEST(all.stat == AcceptStat::Success);
  BOOST_TEST(all.results.empty());
  BOOST_TEST((m.dump() == Mounts{{"192.0.2.1", "/"}, {"192.0.2.1", "/d"}}));
  m.run(MOUNTPROC_UMNTALL, {}, "192.0.2.1");
  BOOST_TEST(m.dump().empty());
}

BOOST_FIXTURE_TEST_CASE(a_dump_larger_than_a_reply_lists_the_newest_mounts, NfsFixture) {
  std::string path = "/d";
  for (int i = 0; i < 3; ++i) {
    BOOST_REQUIRE(must(mkdir(path + "/" + std::string(250, char('a' + i)))).entry.attr.type == FlareType::Directory);
    path += "/" + std::string(250, char('a' + i));
  }
  MountClient m(*this);
  for (int i = 0; i < 200; ++i) BOOST_REQUIRE(m.mnt(path, "10.1.0." + std::to_string(i)).status == 0u);
  Outcome o = m.run(MOUNTPROC_DUMP, {});
  BOOST_REQUIRE(o.stat == AcceptStat::Success);
  BOOST_TEST(o.results.size() <= rpc::RpcProgram::kMaxResultBytes);
  Mounts listed = m.dump();
  BOOST_TEST(listed.size() > 50u);
  BOOST_TEST(listed.size() < 200u);
  BOOST_TEST(listed.back().first == "10.1.0.199");
  BOOST_TEST(m.program.mounts().entries().size() == 200u);
}

BOOST_FIXTURE_TEST_CASE(export_lists_each_export_for_everyone, NfsFixture) {
  acl::Share root, only_d;
  only_d.path = "/d";
  MountClient m(*this, {root, only_d});
  std::vector<std::pair<std::string, std::vector<std::string>>> found;
  m.decode(m.run(MOUNTPROC_EXPORT, {}), xdr_mntexports, [&](mntexports& list) {
    for (exportnode* e = list; e; e = e->ex_next) {
      std::vector<std::string> groups;
      for (groupnode* g = e->ex_groups; g; g = g->gr_next) groups.emplace_back(g->gr_name);
      found.emplace_back(e->ex_dir, groups);
    }
  });
  BOOST_REQUIRE_EQUAL(found.size(), 2u);
  BOOST_TEST(found[0].first == "/");
  BOOST_TEST(found[1].first == "/d");
  BOOST_TEST((found[0].second == std::vector<std::string>{"*"}));
}

BOOST_FIXTURE_TEST_CASE(arguments_that_do_not_decode_are_garbage, NfsFixture) {
  MountClient m(*this);
  std::vector<char> cut = MountClient::path_args("/d/long/path");
  cut.resize(cut.size() - 4);
  for (uint32_t proc : {MOUNTPROC_MNT, MOUNTPROC_UMNT}) {
    BOOST_TEST(m.run(proc, {}).stat == AcceptStat::GarbageArgs);
    BOOST_TEST(m.run(proc, cut).stat == AcceptStat::GarbageArgs);
    BOOST_TEST(m.run(proc, MountClient::path_args(std::string(MNTPATHLEN + 1, '/'))).stat == AcceptStat::GarbageArgs);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::test
