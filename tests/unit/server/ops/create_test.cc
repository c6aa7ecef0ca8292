// Tests of server/ops/create: Mknod of every type, Symlink, ownership and parent updates.
#include <boost/test/unit_test.hpp>
#include <algorithm>

#include "tests/unit/server/ops/lava_ops_fixture.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server {
namespace {

using test::must;

BOOST_FIXTURE_TEST_SUITE(ops_create, test::ServiceFixture)

BOOST_AUTO_TEST_CASE(mknod_every_type) {
  for (FlareType type : {FlareType::Regular, FlareType::Directory, FlareType::Fifo, FlareType::Socket,
                         FlareType::CharDevice, FlareType::BlockDevice}) {
    std::string path = "/t" + std::to_string(static_cast<int>(type));
    MknodRequest req;
    req.path = path;
    req.type = type;
    req.mode = 0640;
    req.rdev = 0x0801;
    FlareAttr made = must(call(req)).entry.attr;
    FlareAttr found = attr_of(path);
    BOOST_TEST(found.type == type);
    BOOST_TEST(found.mode == 0640u);
    bool device = type == FlareType::CharDevice || type == FlareType::BlockDevice;
    BOOST_TEST(found.rdev == (device ? 0x0801u : 0u));
    BOOST_TEST(found.nlink == (type == FlareType::Directory ? 2u : 1u));
    BOOST_TEST(made.ino == found.ino);
  }
}

BOOST_AUTO_TEST_CASE(mknod_of_a_symlink_is_invalid) {
  BOOST_TEST(mknod("/s", FlareType::Symlink).code() == Errc::Invalid);
  BOOST_TEST(lookup("/s").code() == Errc::NotFound);
}

BOOST_AUTO_TEST_CASE(mode_keeps_permission_bits_only) {
  BOOST_TEST(must(mknod("/m", FlareType::Regular, S_IFDIR | 07755)).entry.attr.mode == 07755u);
  BOOST_TEST(attr_of("/m").type == FlareType::Regular);
}

BOOST_AUTO_TEST_CASE(existing_name_is_exists) {
  file("/e");
  BOOST_TEST(mknod("/e").code() == Errc::Exists);
  BOOST_TEST(mkdir("/e").code() == Errc::Exists);
  BOOST_TEST(call(SymlinkRequest{"/e", "x"}).code() == Errc::Exists);
  BOOST_TEST(mkdir("/").code() == Errc::Exists);
  BOOST_TEST(mkdir("/.dht").code() == Errc::Exists);
}

BOOST_AUTO_TEST_CASE(mknod_with_open_holds_the_new_flare) {
  MknodRequest req{"/held", FlareType::Regular, 0644, 0, /*open=*/true};
  FlareId f = must(call(req)).entry.id;
  BOOST_REQUIRE(write(f, 0, "kept").is_ok());
  BOOST_REQUIRE(unlink("/held").is_ok());
  BOOST_TEST(contents(f) == "kept");  // still held by the session
  BOOST_REQUIRE(call(ReleaseRequest{f, {}}).is_ok());
  BOOST_TEST(getattr(f).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(mknod_without_open_holds_nothing) {
  FlareId f = must(mknod("/loose")).entry.id;
  BOOST_REQUIRE(unlink("/loose").is_ok());
  BOOST_TEST(getattr(f).code() == Errc::Stale);
}

BOOST_AUTO_TEST_CASE(parent_must_exist_and_be_a_directory) {
  file("/f");
  BOOST_TEST(mknod("/missing/x").code() == Errc::NotFound);
  BOOST_TEST(mknod("/f/x").code() == Errc::NotDir);
  BOOST_TEST(call(SymlinkRequest{"/f/l", "t"}).code() == Errc::NotDir);
}

BOOST_AUTO_TEST_CASE(owner_is_the_caller) {
  ctx.creds.uid = 4242;
  ctx.creds.gid = 77;
  FlareAttr a = must(mknod("/owned")).entry.attr;
  BOOST_TEST(a.uid == 4242u);
  BOOST_TEST(a.gid == 77u);
}

BOOST_AUTO_TEST_CASE(setgid_directory_passes_its_group_down) {
  ctx.creds.gid = 500;
  FlareId shared = dir_at("/shared");
  BOOST_REQUIRE(set_mode_and_group(shared, 02775, 600).is_ok());
  FlareAttr f = must(mknod("/shared/f", FlareType::Regular, 0644)).entry.attr;
  BOOST_TEST(f.gid == 600u);
  BOOST_TEST(f.mode == 0644u);  // a file does not become setgid
  FlareAttr d = must(mkdir("/shared/d", 0755)).entry.attr;
  BOOST_TEST(d.gid == 600u);
  BOOST_TEST(d.mode == (02000u | 0755u));  // a directory inherits setgid
  BOOST_TEST(must(mknod("/shared/d/deeper")).entry.attr.gid == 600u);
  BOOST_TEST(must(mknod("/plain")).entry.attr.gid == 500u);
}

BOOST_AUTO_TEST_CASE(directory_links_and_parent_times) {
  uint32_t root_links = attr_of("/").nlink;
  FlareId p = dir_at("/p");
  FlareAttr before = must(getattr(p)).attr;
  dir_at("/p/sub");
  FlareAttr after = must(getattr(p)).attr;
  BOOST_TEST(attr_of("/").nlink == root_links + 1);
  BOOST_TEST(after.nlink == 3u);
  BOOST_TEST(after.mtime_ns >= before.mtime_ns);
  BOOST_TEST(after.ctime_ns >= before.ctime_ns);
  file("/p/file");
  BOOST_TEST(must(getattr(p)).attr.nlink == 3u);  // files do not link to their parent
}

BOOST_AUTO_TEST_CASE(times_are_now) {
  int64_t before = now_ns();
  FlareAttr a = must(mknod("/now")).entry.attr;
  int64_t after = now_ns();
  for (int64_t t : {a.atime_ns, a.mtime_ns, a.ctime_ns}) {
    BOOST_TEST(t >= before);
    BOOST_TEST(t <= after);
  }
  FlareAttr root = attr_of("/");
  BOOST_TEST(root.mtime_ns >= before);
}

BOOST_AUTO_TEST_CASE(ids_are_unique_even_for_the_same_path) {
  FlareId first = file("/again");
  BOOST_REQUIRE(unlink("/again").is_ok());
  BOOST_TEST(file("/again") != first);
}

BOOST_AUTO_TEST_CASE(symlink_stores_its_target) {
  FlareAttr a = must(call(SymlinkRequest{"/sl", "/a/b/c"})).entry.attr;
  BOOST_TEST(a.type == FlareType::Symlink);
  BOOST_TEST(a.size == 6u);
  BOOST_TEST(a.mode == 0777u);
  BOOST_TEST(a.uid == 1000u);
}

BOOST_AUTO_TEST_CASE(symlink_target_limits) {
  BOOST_TEST(call(SymlinkRequest{"/empty", ""}).code() == Errc::NotFound);
  BOOST_TEST(call(SymlinkRequest{"/long", std::string(4096, 'x')}).code() == Errc::NameTooLong);
  BOOST_TEST(call(SymlinkRequest{"/max", std::string(4095, 'x')}).is_ok());
  BOOST_TEST(call(SymlinkRequest{"/nul", std::string("a\0b", 3)}).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_SUITE_END()

// A lava of three volcanos: the new name, its parent and the caller's volcano differ.
BOOST_FIXTURE_TEST_SUITE(ops_create_across_volcanos, test::LavaOpsFixture)

BOOST_AUTO_TEST_CASE(a_name_on_one_volcano_in_a_directory_on_another) {
  std::string d = path_on(1, "/", "d");
  std::string f = path_on(2, d, "f");
  dir_at(d);
  uint32_t links = dir_attr(d).nlink;
  FlareId id = file(f);
  BOOST_REQUIRE(write(id, 0, "across").is_ok());
  from_each_volcano([&] {
    BOOST_TEST(must(lookup(f)).entry.id == id);
    BOOST_TEST((list(d) == std::vector<std::string>{f.substr(d.size() + 1)}));
    BOOST_TEST(contents(id) == "across");
  });
  BOOST_TEST(dir_attr(d).nlink == links);
  // The record and the inode with the name's owner, the entry with the directory's.
  Rows on_f = rows_on(2), on_d = rows_on(1);
  BOOST_TEST(std::count_if(on_f.records.begin(), on_f.records.end(), [&](auto& r) { return r.path == f; }) == 1);
  BOOST_TEST(std::count_if(on_f.inodes.begin(), on_f.inodes.end(), [&](auto& r) { return r.id == id; }) == 1);
  BOOST_TEST(std::count_if(on_d.entries.begin(), on_d.entries.end(), [&](auto& e) { return e.id == id; }) == 1);
}

BOOST_AUTO_TEST_CASE(a_subdirectory_links_to_its_parent_on_another_volcano) {
  std::string p = path_on(2, "/", "p");
  dir_at(p);
  dir_at(path_on(0, p, "sub"));
  dir_at(path_on(1, p, "sub"));
  BOOST_TEST(dir_attr(p).nlink == 4u);
  BOOST_TEST(mkdir(path_on(1, p, "sub")).code() == Errc::Exists);
}

BOOST_AUTO_TEST_CASE(setgid_passes_down_across_volcanos) {
  std::string d = path_on(1, "/", "shared");
  FlareId shared = dir_at(d);
  BOOST_REQUIRE(set_mode_and_group(shared, 02775, 600, sha1_key(d)).is_ok());
  std::string f = path_on(2, d, "f"), sub = path_on(0, d, "sub");
  BOOST_TEST(must(mknod(f)).entry.attr.gid == 600u);
  BOOST_TEST(attr_of(f).gid == 600u);
  FlareAttr made = must(mkdir(sub)).entry.attr;
  BOOST_TEST(made.mode == (02000u | 0755u));
  BOOST_TEST(dir_attr(sub).gid == 600u);
}

BOOST_AUTO_TEST_CASE(a_create_whose_entry_fails_leaves_nothing_behind) {
  std::string file_on_1 = path_on(1, "/", "plain");
  file(file_on_1);
  size_t inodes = inodes_in_lava();
  // The new name's volcano stores inode and record first; the parent refuses the entry.
  std::string under_file = path_on(2, file_on_1, "x");
  std::string under_missing = path_on(2, "/missing", "x");
  BOOST_TEST(mknod(under_file).code() == Errc::NotDir);
  BOOST_TEST(mknod(under_missing).code() == Errc::NotFound);
  BOOST_TEST(inodes_in_lava() == inodes);
  BOOST_TEST(!has_record(under_file));
  BOOST_TEST(!has_record(under_missing));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
