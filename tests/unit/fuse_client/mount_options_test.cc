// mount.magma's command line: both forms, -o sorting, and what is refused.
#include "fuse_client/mount_options.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

#include "tests/unit/libmagma/test_print.h"

namespace magma::fuse {
namespace {

std::vector<std::string> split(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

struct Good {
  const char* line;
  const char* host;
  uint16_t port;
  const char* subpath;
  const char* mountpoint;
};

}  // namespace

BOOST_AUTO_TEST_CASE(good_command_lines) {
  const Good cases[] = {
      {"--host=vol1 /mnt", "vol1", 12000, "/", "/mnt"},
      {"--host vol1:12100 /mnt", "vol1", 12100, "/", "/mnt"},
      {"-f /m --host=10.0.0.1:7", "10.0.0.1", 7, "/", "/m"},
      {"vol1:/ /mnt", "vol1", 12000, "/", "/mnt"},
      {"vol1 /mnt", "vol1", 12000, "/", "/mnt"},
      {"vol1:12001:/a//b/ /mnt", "vol1", 12001, "/a/b", "/mnt"},
      {"vol1:/a /mnt -o port=12002", "vol1", 12002, "/a", "/mnt"},
      {"vol1:12001 /mnt -o rw,port=12003", "vol1", 12003, "/", "/mnt"},
      {"[::1]:12005:/x /mnt", "::1", 12005, "/x", "/mnt"},
      {"--host=[fe80::1] /mnt", "fe80::1", 12000, "/", "/mnt"},
      {"::1 /mnt", "::1", 12000, "/", "/mnt"},
      {"vol1:/ /mnt -s -n -v -t magma", "vol1", 12000, "/", "/mnt"},
  };
  for (const Good& c : cases) {
    BOOST_TEST_CONTEXT(c.line) {
      Result<MountOptions> o = parse_mount_options(split(c.line));
      BOOST_REQUIRE(o.is_ok());
      BOOST_TEST(o->host == c.host);
      BOOST_TEST(o->port == c.port);
      BOOST_TEST(o->subpath == c.subpath);
      BOOST_TEST(o->mountpoint == c.mountpoint);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_share_is_named_by_option_and_the_subpath_stays_inside_it) {
  const std::pair<const char*, const char*> cases[] = {
      {"--share=home vol1 /mnt", "home"},
      {"--share home vol1:/john /mnt", "home"},
      {"vol1:/john /mnt -o rw,share=pub", "pub"},
      {"vol1 /mnt", ""},
  };
  for (const auto& [line, share] : cases) {
    BOOST_TEST_CONTEXT(line) {
      Result<MountOptions> o = parse_mount_options(split(line));
      BOOST_REQUIRE(o.is_ok());
      BOOST_TEST(o->share == share);
      BOOST_TEST(o->subpath == (std::string(line).find(":/john") != std::string::npos ? "/john" : "/"));
      BOOST_TEST(o->fuse_options == std::vector<std::string>(std::string(line).find("rw,") != std::string::npos ? 1 : 0, "rw"),
                 "share= must not reach FUSE");
    }
  }
  BOOST_TEST(parse_mount_options(split("vol1 /mnt --share")).code() == Errc::Invalid);
  Result<MountOptions> from = parse_mount_options(split("vol1 /mnt -o source=127.0.0.3"));
  BOOST_REQUIRE(from.is_ok());
  BOOST_TEST(from->source == "127.0.0.3");
  BOOST_TEST(from->fuse_options.empty());
  BOOST_TEST(parse_mount_options(split("vol1 /mnt -o source=nohost")).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(bad_command_lines) {
  const char* cases[] = {
      "",
      "/mnt",
      "--host=vol1",
      "--host=vol1 a:/ /mnt",
      "vol1:/ /mnt extra",
      "vol1:0 /mnt",
      "vol1:65536 /mnt",
      "vol1:12x /mnt",
      "[::1 /mnt",
      "[::1]x /mnt",
      ":12000 /mnt",
      "vol1:/ /mnt -o port=abc",
      "vol1:/ /mnt -z",
      "vol1:/ /mnt -N net",
      "vol1:/ /mnt -o",
      "--hostile=vol1 /mnt",
  };
  for (const char* line : cases) {
    BOOST_TEST_CONTEXT("'" << line << "'") {
      Result<MountOptions> o = parse_mount_options(split(line));
      BOOST_TEST(o.code() == Errc::Invalid);
    }
  }
}

BOOST_AUTO_TEST_CASE(flags_and_help) {
  Result<MountOptions> o = parse_mount_options(split("--host=h -d /mnt"));
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->debug);
  BOOST_TEST(o->foreground);
  o = parse_mount_options(split("--host=h /mnt"));
  BOOST_TEST(!o->foreground);
  o = parse_mount_options(split("--help"));
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->help);
  o = parse_mount_options(split("-- h:/ -weird"));
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->mountpoint == "-weird");
}

BOOST_AUTO_TEST_CASE(o_options_are_sorted) {
  Result<MountOptions> o = parse_mount_options(
      split("h:/ /mnt -o _netdev,nofail,ro,key_file=/etc/magma.key,x-systemd.automount "
            "-oallow_other,defaults,noauto,comment=hi,max_read=65536"));
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->key_file == "/etc/magma.key");
  const std::vector<std::string> expected = {"ro", "allow_other", "max_read=65536"};
  BOOST_TEST(o->fuse_options == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_key_never_reaches_fuse) {
  for (const char* line : {"--key=s3cret --host=h /mnt", "--key s3cret --host=h /mnt",
                           "h:/ /mnt -o key=s3cret"}) {
    Result<MountOptions> o = parse_mount_options(split(line));
    BOOST_REQUIRE(o.is_ok());
    BOOST_TEST(o->key == "s3cret");
    BOOST_TEST(fuse_option_string(*o, true).find("s3cret") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(fuse_option_string_adds_ours_first) {
  Result<MountOptions> o = parse_mount_options(split("vol1:/ /mnt -o ro,fsname=mine"));
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(fuse_option_string(*o, false) ==
             "default_permissions,subtype=magma,fsname=magma:vol1,ro,fsname=mine");
  BOOST_TEST(fuse_option_string(*o, true) ==
             "default_permissions,subtype=magma,fsname=magma:vol1,allow_other,ro,fsname=mine");
}

}  // namespace magma::fuse
