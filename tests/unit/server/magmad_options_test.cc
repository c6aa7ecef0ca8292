// Tests of server/magmad_options: the original's letters, the config file with file:line
// errors, the command line winning over the file, and the secret hidden from ps.
#include "server/magmad_options.h"

#include <boost/test/unit_test.hpp>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "tests/unit/libmagma/test_print.h"

namespace magma::server {
namespace {

// argv as main gets it: writable strings, kept alive by the holder.
struct Argv {
  explicit Argv(std::vector<std::string> args) : storage(std::move(args)) {
    for (auto& a : storage) ptrs.push_back(a.data());
  }
  Result<MagmadOptions> parse() { return parse_magmad_options(static_cast<int>(ptrs.size()), ptrs.data()); }
  std::vector<std::string> storage;
  std::vector<char*> ptrs;
};

std::string write_config(const std::string& text) {
  std::string path = "/tmp/magmad_options_test." + std::to_string(::getpid()) + ".conf";
  std::ofstream(path) << text;
  return path;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(magmad_options_test)

BOOST_AUTO_TEST_CASE(original_letters) {
  Argv argv({"magmad", "-c", "/dev/null", "-n", "wallace", "-s", "wallace.example", "-i", "127.0.0.2",
             "-p", "12100", "-b", "-d", "/tmp/w", "-D", "nf"});
  auto o = argv.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->nickname == "wallace");
  BOOST_TEST(o->fqdn == "wallace.example");
  BOOST_TEST(o->bind == "127.0.0.2");
  BOOST_TEST(o->port == 12100);
  BOOST_TEST(o->bootstrap);
  BOOST_TEST(o->storage == "/tmp/w");
  BOOST_TEST(o->debug == "nf");
}

BOOST_AUTO_TEST_CASE(defaults_and_all_channels) {
  Argv argv({"magmad", "-c", "/dev/null", "-A"});
  auto o = argv.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->port == kDefaultFlarePort);
  BOOST_TEST(o->storage == kDefaultStorageDir);
  BOOST_TEST(!o->bootstrap);
  BOOST_TEST(!o->nickname.empty());
  BOOST_TEST(o->debug == "bnpfsu");
}

BOOST_AUTO_TEST_CASE(config_file_fills_what_the_command_line_leaves) {
  std::string path = write_config("# volcano\nnickname = gromit\nport = 12200\nstorage = /tmp/g\n");
  Argv argv({"magmad", "-c", path, "-p", "12300"});
  auto o = argv.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->nickname == "gromit");
  BOOST_TEST(o->port == 12300);  // the command line wins
  BOOST_TEST(o->storage == "/tmp/g");
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(bad_config_lines_name_file_and_line) {
  struct Case {
    std::string text;
    std::string expected;  // a part of the message
  };
  const Case cases[] = {
      {"nickname = a\nprot = 1\n", ":2: unknown setting 'prot'"},
      {"port = seventy\n", ":1: "},
      {"port = 70000\n", ":1: "},
      {"nickname\n", ":1: expected 'key = value'"},
      {"bootstrap = yes\n", ":1: unknown setting 'bootstrap'"},  // command line only
  };
  for (const Case& c : cases) {
    std::string path = write_config(c.text);
    Argv argv({"magmad", "-c", path});
    auto o = argv.parse();
    BOOST_TEST(o.code() == Errc::Invalid, c.text);
    if (!o.is_ok()) {
      BOOST_TEST(o.status().message().find(path + c.expected) != std::string::npos, o.status().message());
    }
    std::remove(path.c_str());
  }
}

BOOST_AUTO_TEST_CASE(bad_command_lines) {
  for (std::vector<std::string> args : {std::vector<std::string>{"magmad", "-c", "/dev/null", "-p", "0"},
                                        {"magmad", "-c", "/dev/null", "-p", "x"},
                                        {"magmad", "-c", "/dev/null", "--no-such-option"},
                                        {"magmad", "-c", "/nonexistent/magmad.conf"}}) {
    Argv argv(args);
    BOOST_TEST(!argv.parse().is_ok(), args.back());
  }
}

BOOST_AUTO_TEST_CASE(the_node_port_follows_the_flare_port_unless_given) {
  Argv defaults({"magmad", "-c", "/dev/null"});
  auto o = defaults.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->node_port == kDefaultNodePort);
  Argv moved({"magmad", "-c", "/dev/null", "-p", "12100"});
  o = moved.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->node_port == 12101);
  Argv given({"magmad", "-c", "/dev/null", "-p", "12100", "--node-port", "12500"});
  o = given.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->node_port == 12500);
}

BOOST_AUTO_TEST_CASE(the_config_file_spells_node_port_either_way) {
  for (std::string key : {"node_port", "node-port"}) {
    std::string path = write_config(key + " = 12700\n");
    Argv argv({"magmad", "-c", path});
    auto o = argv.parse();
    BOOST_REQUIRE(o.is_ok());
    BOOST_TEST(o->node_port == 12700);
    std::remove(path.c_str());
  }
}

BOOST_AUTO_TEST_CASE(join_names_a_volcano_by_its_flare_port) {
  Argv argv({"magmad", "-c", "/dev/null", "-r", "127.0.0.1:12100"});
  auto o = argv.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_REQUIRE(o->join.has_value());
  BOOST_TEST(o->join->host == "127.0.0.1");
  BOOST_TEST(o->join->port == 12100);
  Argv no_port({"magmad", "-c", "/dev/null", "-r", "wallace.example"});
  o = no_port.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->join->host == "wallace.example");
  BOOST_TEST(o->join->port == kDefaultFlarePort);
  Argv neither({"magmad", "-c", "/dev/null"});
  BOOST_TEST(!neither.parse()->join.has_value());
}

// The spellings themselves are tested with libmagma/host_port.
BOOST_AUTO_TEST_CASE(a_bad_join_target_is_refused) {
  for (std::string bad : {"", ":12000", "h:", "h:0", "h:65536", "h:12x", "[::1", "[::1]x", "[]:1"}) {
    Argv argv({"magmad", "-c", "/dev/null", "-r", bad});
    BOOST_TEST(argv.parse().code() == Errc::Invalid, bad);
  }
}

BOOST_AUTO_TEST_CASE(conflicting_settings_are_refused) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"magmad", "-c", "/dev/null", "-b", "-r", "h"},
        {"magmad", "-c", "/dev/null", "-p", "12000", "--node-port", "12000"},
        {"magmad", "-c", "/dev/null", "--node-port", "0"},
        {"magmad", "-c", "/dev/null", "-p", "65535"}}) {
    Argv argv(args);
    BOOST_TEST(argv.parse().code() == Errc::Invalid, args.back());
  }
}

BOOST_AUTO_TEST_CASE(the_nfs_gateway_is_off_unless_asked) {
  Argv argv({"magmad", "-c", "/dev/null"});
  auto o = argv.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(!o->nfs);
  BOOST_TEST(o->nfs_port == 2049);
  BOOST_TEST(o->mount_port == 20048);
  BOOST_TEST(o->nfs_threads == kDefaultNfsThreads);
  BOOST_TEST(o->nfs_rpcbind);
}

BOOST_AUTO_TEST_CASE(nfs_options_on_the_command_line) {
  Argv argv({"magmad", "-c", "/dev/null", "--nfs", "--nfs-port", "12049", "--mount-port", "12048",
             "--nfs-threads", "3", "--nfs-rpcbind=no"});
  auto o = argv.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->nfs);
  BOOST_TEST(o->nfs_port == 12049);
  BOOST_TEST(o->mount_port == 12048);
  BOOST_TEST(o->nfs_threads == 3u);
  BOOST_TEST(!o->nfs_rpcbind);
  Argv one_port({"magmad", "-c", "/dev/null", "--nfs", "--nfs-port", "12049", "--mount-port", "12049"});
  o = one_port.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->mount_port == o->nfs_port);
}

BOOST_AUTO_TEST_CASE(nfs_settings_in_the_config_file) {
  std::string path = write_config("nfs = yes\nnfs_port = 12049\nmount-port = 12048\nnfs_threads = 2\nnfs_rpcbind = no\n");
  Argv argv({"magmad", "-c", path, "--nfs-port", "13049"});
  auto o = argv.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->nfs);
  BOOST_TEST(o->nfs_port == 13049);  // the command line wins
  BOOST_TEST(o->mount_port == 12048);
  BOOST_TEST(o->nfs_threads == 2u);
  BOOST_TEST(!o->nfs_rpcbind);
  std::remove(path.c_str());
  path = write_config("nfs = off\n");
  Argv off({"magmad", "-c", path});
  o = off.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(!o->nfs);
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(bad_nfs_settings_are_refused) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--nfs", "--nfs-port", "0"},
        {"--nfs", "--mount-port", "0"},
        {"--nfs", "--nfs-port", "12000"},  // the flare port
        {"--nfs", "--mount-port", "12001"},  // the node port
        {"--nfs", "--nfs-threads", "0"},
        {"--nfs", "--nfs-threads", "257"},
        {"--nfs-port", "x"},
        {"--nfs=perhaps"}}) {
    args.insert(args.begin(), {"magmad", "-c", "/dev/null"});
    Argv argv(args);
    BOOST_TEST(argv.parse().code() == Errc::Invalid, args.back());
  }
  // The gateway's ports are checked only when it serves.
  Argv off({"magmad", "-c", "/dev/null", "--nfs-port", "12000"});
  BOOST_TEST(off.parse().is_ok());
}

BOOST_AUTO_TEST_CASE(the_key_file_is_a_setting_the_key_is_not) {
  // The file is only named here; libmagma/lava_key reads and checks it at start-up.
  std::string path = write_config("key_file = /etc/magma/other-secret\n");
  Argv from_file({"magmad", "-c", path});
  auto o = from_file.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->key_file == "/etc/magma/other-secret");
  BOOST_TEST(o->secret.empty());
  Argv given({"magmad", "-c", path, "--key-file", "/root/secret"});
  BOOST_TEST(given.parse()->key_file == "/root/secret");  // the command line wins
  // A config file is usually readable by all: a key in it is refused, not used.
  std::string leaky = write_config("key = hunter2\n");
  Argv refused({"magmad", "-c", leaky});
  auto bad = refused.parse();
  BOOST_TEST(bad.code() == Errc::Invalid);
  BOOST_TEST(bad.status().message().find("unknown setting 'key'") != std::string::npos);
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(the_console_listens_on_loopback_two_ports_above_the_flare_port) {
  Argv defaults({"magmad", "-c", "/dev/null"});
  auto o = defaults.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->console);
  BOOST_TEST(o->console_bind == "127.0.0.1");
  BOOST_TEST(o->console_port == kDefaultConsolePort);
  BOOST_TEST(kDefaultConsolePort == 12002);
  Argv moved({"magmad", "-c", "/dev/null", "-p", "12100"});
  o = moved.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->console_port == 12102);
  Argv given({"magmad", "-c", "/dev/null", "-p", "12100", "--console-port", "2323", "--console-bind", "::1"});
  o = given.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->console_port == 2323);
  BOOST_TEST(o->console_bind == "::1");
}

BOOST_AUTO_TEST_CASE(a_volcano_on_another_loopback_address_keeps_its_console_there) {
  Argv second({"magmad", "-c", "/dev/null", "-i", "127.0.0.2"});
  auto o = second.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->console_bind == "127.0.0.2");
  Argv public_address({"magmad", "-c", "/dev/null", "-i", "192.0.2.10"});
  o = public_address.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->console_bind == "127.0.0.1");  // never a public address by default
  Argv given({"magmad", "-c", "/dev/null", "-i", "127.0.0.2", "--console-bind", "127.0.0.1"});
  o = given.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->console_bind == "127.0.0.1");
}

BOOST_AUTO_TEST_CASE(console_settings_in_the_config_file) {
  std::string path = write_config("console = no\nconsole_port = 3000\nconsole-bind = 10.0.0.1\n");
  Argv argv({"magmad", "-c", path});
  auto o = argv.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(!o->console);
  BOOST_TEST(o->console_port == 3000);
  BOOST_TEST(o->console_bind == "10.0.0.1");
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(bad_console_settings_are_refused) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--console-port", "0"},
        {"--console-port", "12000"},  // the flare port
        {"--console-port", "12001"},  // the node port
        {"--nfs", "--nfs-port", "3000", "--console-port", "3000"},
        {"-p", "65534", "--node-port", "100"},  // no port two above 65534
        {"--console-port", "x"},
        {"--console=sometimes"}}) {
    args.insert(args.begin(), {"magmad", "-c", "/dev/null"});
    Argv argv(args);
    BOOST_TEST(argv.parse().code() == Errc::Invalid, args.back());
  }
  // A console turned off needs no port of its own.
  Argv off({"magmad", "-c", "/dev/null", "--console", "no", "--console-port", "12000"});
  BOOST_TEST(off.parse().is_ok());
}

BOOST_AUTO_TEST_CASE(the_secret_is_hidden_in_argv) {
  Argv short_form({"magmad", "-c", "/dev/null", "-k", "hunter2"});
  auto o = short_form.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->secret == "hunter2");
  BOOST_TEST(std::string(short_form.ptrs[4]) == "xxxxxxx");
  Argv long_form({"magmad", "-c", "/dev/null", "--key=swordfish"});
  o = long_form.parse();
  BOOST_REQUIRE(o.is_ok());
  BOOST_TEST(o->secret == "swordfish");
  BOOST_TEST(std::string(long_form.ptrs[3]) == "--key=xxxxxxxxx");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma::server
