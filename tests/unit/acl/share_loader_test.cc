// Tests of acl/share_loader.h: directories of share files, in both formats, the default
// when there are none, and the first error of a bad directory.
#include "acl/share_loader.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/unit/acl/acl_test_util.h"

namespace magma::acl {
namespace {

using test::ip;
using test::ShareDir;

std::shared_ptr<const Acl> load_ok(const std::string& dir, const Resolver& resolve = test::fake_resolve) {
  auto acl = load_shares(dir, resolve);
  BOOST_TEST_REQUIRE(acl.is_ok(), test::why(acl));
  return *acl;
}

std::string load_error(const std::string& dir, const Resolver& resolve = test::fake_resolve) {
  auto acl = load_shares(dir, resolve);
  BOOST_TEST_REQUIRE(!acl.is_ok());
  return acl.status().message();
}

struct BadDir {
  std::vector<std::pair<std::string, std::string>> files;  // name, text
  std::string message;                                     // "DIR" stands for the directory
};

const std::vector<BadDir> kBadDirs = {
    {{{"a.share", "name = a\npath = /a\nw / *\n"}, {"b.share", "name = b\npath = /b\nw /x 10.0.0.0/33\n"}},
     "DIR/b.share:3: prefix length /33 out of range (IPv4: 0 to 32)"},
    // Files are read in name order: the error of a.share is the one reported.
    {{{"b.share", "name = b\npath = /b\nfoo = 1\n"}, {"a.share", "name = a\npath = /a\nr / 10.0.0.0/255.0.255.0\n"}},
     "DIR/a.share:3: non-contiguous netmask '255.0.255.0'"},
    {{{"a.share", "name = x\npath = /a\n"}, {"b.share", "name = x\npath = /b\n"}},
     "DIR/b.share:1: share name 'x' is already used by DIR/a.share"},
    {{{"a.share", "name = a\npath = /data\n"}, {"b.share", "name = b\npath = /data\n"}},
     "DIR/b.share:2: share 'b' has the same path /data as share 'a' (DIR/a.share)"},
    {{{"a.share", "name = a\npath = /\n"}, {"legacy.ini", "[/]\n10.0.0.0/8=w\n"}},
     "DIR/legacy.ini: share 'legacy' has the same path / as share 'a' (DIR/a.share)"},
    {{{"my acl.ini", "[/]\n10.0.0.0/8=w\n"}},
     "DIR/my acl.ini: 'my acl' is not a share name: rename the file (letters, digits, '.', '_' and '-')"},
    {{{"a.share", "path = /a\n"}}, "DIR/a.share: missing 'name'"},
};

std::ostream& operator<<(std::ostream& os, const BadDir& d) { return os << d.message; }

}  // namespace

BOOST_AUTO_TEST_SUITE(share_loader_test)

BOOST_AUTO_TEST_CASE(share_file_names_end_in_share_or_ini) {
  for (const char* yes : {"home.share", "acl.ini", "a.b.share"}) BOOST_TEST(is_share_file_name(yes), yes);
  for (const char* no : {"home.share~", ".home.share", "home.share.dpkg-old", "README", "share", ".share", ".ini",
                         "home.shares", "home.INI"})
    BOOST_TEST(!is_share_file_name(no), no);
}

BOOST_AUTO_TEST_CASE(a_missing_directory_gives_the_builtin_default) {
  ShareDir dir;
  auto acl = load_ok(dir / "absent");
  BOOST_TEST(acl->is_builtin_default());
  BOOST_TEST(acl->source() == "built-in default: no share files in " + (dir / "absent"));
  BOOST_TEST(acl->decide(ip("203.0.113.5"), "/x").access == Access::Write);
}

BOOST_AUTO_TEST_CASE(a_directory_without_share_files_gives_the_builtin_default) {
  ShareDir dir;
  for (const char* ignored : {"README", "home.share~", ".hidden.share", "home.share.dpkg-old"})
    dir.write(ignored, "garbage, never parsed\n");
  std::filesystem::create_directory(dir / "sub.share");
  auto acl = load_ok(dir.path());
  BOOST_TEST(acl->is_builtin_default());
  BOOST_TEST(acl->source() == "built-in default: no share files in " + dir.path());
}

BOOST_AUTO_TEST_CASE(every_share_file_of_a_directory_is_loaded_in_both_formats) {
  ShareDir dir;
  dir.write("home.share", "name = home\npath = /home\nw / 10.0.0.0/8\nn /root *\n");
  dir.write("pub.share", "name = pub\npath = /pub\nread-only = yes\nw / *\n");
  dir.write("acl.ini", "# from 2015\n[/]\n127.0.0.1/32=w\n[/tmp]\n0.0.0.0/0=w\n");
  dir.write("notes.txt", "ignored\n");
  auto acl = load_ok(dir.path());
  BOOST_TEST(!acl->is_builtin_default());
  BOOST_TEST(acl->source() == dir.path());
  std::vector<std::string> names;
  for (const auto& s : acl->shares()) names.push_back(s.name + " " + s.path);
  BOOST_TEST(names == (std::vector<std::string>{"acl /", "home /home", "pub /pub"}), boost::test_tools::per_element());
  struct Case {
    std::string client, path;
    Access access;
    std::string where;
  };
  const std::vector<Case> table = {
      {"10.1.2.3", "/home/ann", Access::Write, (dir / "home.share") + ":3"},
      {"10.1.2.3", "/home/root/x", Access::None, (dir / "home.share") + ":4"},
      {"10.1.2.3", "/pub/a", Access::Read, (dir / "pub.share") + ":4"},
      {"127.0.0.1", "/etc", Access::Write, (dir / "acl.ini") + ":3"},
      {"192.0.2.8", "/tmp/x", Access::Write, (dir / "acl.ini") + ":5"},
      {"192.0.2.8", "/etc", Access::None, ""},
  };
  for (const auto& c : table) {
    BOOST_TEST_CONTEXT(c.client << " " << c.path) {
      Decision d = acl->decide(ip(c.client), c.path);
      BOOST_TEST(d.access == c.access);
      BOOST_TEST((d.rule ? d.rule->where() : std::string()) == c.where);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_share_file_in_the_2015_form_is_named_after_the_file) {
  ShareDir dir;
  dir.write("old-acl.share", "[/]\n10.0.0.0/8=r\n");
  auto acl = load_ok(dir.path());
  BOOST_TEST_REQUIRE(acl->find_share("old-acl"));
  BOOST_TEST(acl->find_share("old-acl")->legacy);
  BOOST_TEST(acl->decide(ip("10.0.0.1"), "/").access == Access::Read);
}

BOOST_AUTO_TEST_CASE(host_names_are_resolved_when_the_directory_is_loaded) {
  ShareDir dir;
  dir.write("local.share", "name = local\npath = /\nw / localhost\n");
  auto acl = load_ok(dir.path(), resolve_host);
  BOOST_TEST(acl->decide(ip("127.0.0.1"), "/a").access == Access::Write);
  BOOST_TEST(acl->decide(ip("::ffff:127.0.0.1"), "/a").access == Access::Write);
  BOOST_TEST(acl->decide(ip("127.0.0.2"), "/a").access == Access::None);
  dir.write("local.share", "name = local\npath = /\nw / localhost\nr / no-such-host.invalid\n");
  std::string error = load_error(dir.path(), resolve_host);
  std::string expected = (dir / "local.share") + ":4: cannot resolve host 'no-such-host.invalid': ";
  BOOST_TEST(error.substr(0, expected.size()) == expected);
}

BOOST_DATA_TEST_CASE(a_bad_directory_is_refused_with_its_first_error, test::bdata::make(kBadDirs), row) {
  ShareDir dir;
  for (const auto& [name, text] : row.files) dir.write(name, text);
  BOOST_TEST(load_error(dir.path()) == dir.expand(row.message));
}

BOOST_AUTO_TEST_CASE(unreadable_places_are_refused) {
  ShareDir dir;
  std::string file = dir.write("plain", "x\n");
  auto not_dir = load_shares(file, test::no_resolve);
  BOOST_TEST(not_dir.code() == Errc::Invalid);
  BOOST_TEST(not_dir.status().message() == file + ": not a directory");

  ShareDir dangling;
  BOOST_TEST_REQUIRE(symlink("/nonexistent/target", (dangling / "gone.share").c_str()) == 0);
  auto broken = load_shares(dangling.path(), test::no_resolve);
  BOOST_TEST(broken.code() == Errc::Io);
  BOOST_TEST(broken.status().message() == (dangling / "gone.share") + ": No such file or directory");

  ShareDir big;
  big.write("big.share", "name = big\npath = /\n" + std::string(kMaxShareFileBytes, '#') + "\n");
  auto too_big = load_shares(big.path(), test::no_resolve);
  BOOST_TEST(too_big.code() == Errc::Invalid);
  BOOST_TEST(too_big.status().message() == (big / "big.share") + ": larger than 1048576 bytes");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::acl
