// Tests of server/console/console_commands.h and the commands of command_groups.h, run
// against a real FlareService: every answer is checked against what the service holds.
#include "server/console/console_commands.h"

#include <boost/test/unit_test.hpp>

#include "acl/describe.h"
#include "libmagma/logging.h"
#include "server/console/listing.h"
#include "tools/format.h"
#include "tests/unit/server/console/console_fixture.h"

namespace magma::server::console {
namespace {

using test::ConsoleFixture;
using test::must;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

BOOST_AUTO_TEST_SUITE(console_commands)

BOOST_AUTO_TEST_CASE(find_command_prefers_two_word_names) {
  struct Case {
    std::vector<std::string> words;
    std::string name;  // "" for none
    size_t name_words;
  };
  const std::vector<Case> cases = {
      {{"ls"}, "ls", 1},
      {{"ls", "/a"}, "ls", 1},
      {{"print", "cache"}, "print cache", 2},
      {{"print", "acl", "x"}, "print acl", 2},
      {{"debug", "on", "f"}, "debug on", 2},
      {{"cache", "load"}, "cache load", 2},
      {{"print"}, "", 0},
      {{"debug", "sideways"}, "", 0},
      {{"LS"}, "", 0},
      {{"frobnicate"}, "", 0},
  };
  for (const Case& c : cases) {
    auto match = find_command(c.words);
    BOOST_TEST(bool(match) == !c.name.empty(), c.name);
    if (match) {
      BOOST_TEST(match->command->name == c.name);
      BOOST_TEST(match->name_words == c.name_words);
    }
  }
}

BOOST_FIXTURE_TEST_CASE(unknown_blank_and_bad_usage, ConsoleFixture) {
  BOOST_TEST(run("") == "");
  BOOST_TEST(run("   ") == "");
  BOOST_TEST(run("frobnicate now") == "unknown command 'frobnicate': type help for the list of commands\n");
  BOOST_TEST(run("print") == "unknown command 'print': type help for the list of commands\n");
  BOOST_TEST(run("cat") == "error: usage: cat PATH\n");
  BOOST_TEST(run("ls /a /b") == "error: usage: ls [PATH]\n");
  BOOST_TEST(run("pwd extra") == "error: usage: pwd\n");
  BOOST_TEST(contains(run("cat \"open"), "error: Invalid"));
}

BOOST_FIXTURE_TEST_CASE(help_lists_every_command, ConsoleFixture) {
  std::string help = run("help");
  for (const Command& c : command_table()) BOOST_TEST(contains(help, "  " + command_usage(c)), c.name);
}

BOOST_FIXTURE_TEST_CASE(cd_and_pwd, ConsoleFixture) {
  make("/d", FlareType::Directory, 0755);
  make("/d/e", FlareType::Directory, 0700);
  make_file("/f", "x");
  BOOST_TEST(run("pwd") == "/\n");
  BOOST_TEST(run("cd d") == "");
  BOOST_TEST(run("pwd") == "/d\n");
  BOOST_TEST(run("cd e") == "");
  BOOST_TEST(session.cwd == "/d/e");
  BOOST_TEST(run("cd ../..") == "");
  BOOST_TEST(run("pwd") == "/\n");
  BOOST_TEST(contains(run("cd /f"), "error: NotDir"));
  BOOST_TEST(contains(run("cd /nothing"), "error: NotFound"));
  BOOST_TEST(run("pwd") == "/\n");  // unchanged by the failures
  run("cd /d/e");
  BOOST_TEST(run("cd") == "");
  BOOST_TEST(run("pwd") == "/\n");
}

BOOST_FIXTURE_TEST_CASE(ls_shows_what_the_service_holds, ConsoleFixture) {
  make("/d", FlareType::Directory, 02775);
  FlareEntry f = make_file("/d/file", "hello");
  make("/d/fifo", FlareType::Fifo, 0600);
  must(service->handle(CallContext{}, SymlinkRequest{"/d/link", "file"}));
  FlareEntry link = lookup("/d/link");
  std::string out = run("ls /d");
  BOOST_TEST(contains(out, listing_line(f.attr, "file")), out);
  BOOST_TEST(contains(out, listing_line(lookup("/d/fifo").attr, "fifo")), out);
  BOOST_TEST(contains(out, listing_line(link.attr, "link", "file")), out);
  BOOST_TEST(out.substr(out.size() - listing_total(3).size()) == listing_total(3));
  // Relative to the working directory, and a single file.
  run("cd /d");
  BOOST_TEST(run("ls") == out);
  BOOST_TEST(run("ls file") == listing_line(f.attr, "file") + listing_total(1));
  BOOST_TEST(contains(run("ls /d/nothing"), "error: NotFound"));
  make("/empty", FlareType::Directory, 0755);
  BOOST_TEST(run("ls /empty") == listing_total(0));
}

BOOST_FIXTURE_TEST_CASE(cat_prints_files_only, ConsoleFixture) {
  make_file("/text", "line one\nline two\n");
  make_file("/unended", "no newline");
  make_file("/empty", "");
  make("/d", FlareType::Directory, 0755);
  make("/fifo", FlareType::Fifo, 0644);
  BOOST_TEST(run("cat /text") == "line one\nline two\n");
  BOOST_TEST(run("cat unended") == "no newline\n");
  BOOST_TEST(run("cat /empty") == "");
  BOOST_TEST(contains(run("cat /d"), "error: IsDir"));
  BOOST_TEST(contains(run("cat /fifo"), "error: Invalid"));
  BOOST_TEST(contains(run("cat /nothing"), "error: NotFound"));
}

BOOST_FIXTURE_TEST_CASE(cat_stops_at_its_bound, ConsoleFixture) {
  std::string big((1u << 20) + 10, 'z');
  make_file("/big", big);
  std::string out = run("cat /big");
  BOOST_TEST(out.size() > (1u << 20));
  BOOST_TEST(out.substr(0, 1u << 20) == big.substr(0, 1u << 20));
  BOOST_TEST(contains(out, " -- 10 more bytes not shown\n"));
}

BOOST_FIXTURE_TEST_CASE(erase_removes_non_directories_from_loopback, ConsoleFixture) {
  make("/d", FlareType::Directory, 0755);
  make_file("/d/f", "data");
  must(service->handle(CallContext{}, SymlinkRequest{"/d/l", "f"}));
  BOOST_TEST(contains(run("erase /d"), "error: IsDir"));
  BOOST_TEST(exists("/d"));
  BOOST_TEST(run("erase /d/l") == "erased /d/l\n");
  BOOST_TEST(!exists("/d/l"));
  BOOST_TEST(exists("/d/f"));  // the link's target stays
  session.peer = boost::asio::ip::make_address("10.0.0.5");
  BOOST_TEST(contains(run("erase /d/f"), "error: Access"));
  BOOST_TEST(exists("/d/f"));
  session.peer = boost::asio::ip::make_address("::1");
  BOOST_TEST(run("erase /d/f") == "erased /d/f\n");
  BOOST_TEST(!exists("/d/f"));
  BOOST_TEST(contains(run("erase /d/f"), "error: NotFound"));
}

BOOST_FIXTURE_TEST_CASE(a_peer_from_elsewhere_acts_as_nobody_and_one_here_as_root, ConsoleFixture) {
  ConsoleServices services{*service, lava, *shares};
  CommandContext ctx{services, session};
  BOOST_TEST(ctx.call().creds.uid == 0u);
  BOOST_TEST((ctx.call().client == session.peer));
  session.peer = boost::asio::ip::make_address("192.0.2.9");
  CallContext remote = ctx.call();
  BOOST_TEST(remote.creds.uid == acl::kNobody);
  BOOST_TEST(remote.creds.gid == acl::kNobody);
  BOOST_TEST((remote.client == session.peer));
}

BOOST_FIXTURE_TEST_CASE(inspect_names_key_and_owner, ConsoleFixture) {
  make("/d", FlareType::Directory, 0750);
  make_file("/d/f", "12345");
  std::string out = run("inspect /d/f");
  BOOST_TEST(contains(out, std::string("flare /d/f\n  type:    ") + type_name(FlareType::Regular) + "\n"), out);
  BOOST_TEST(contains(out, "  size:    5\n"), out);
  BOOST_TEST(contains(out, "  key:     " + sha1_key("/d/f").hex() + "\n"), out);
  BOOST_TEST(contains(out, "  owner:   v1 (127.0.0.1:12000)\n"), out);
  BOOST_TEST(contains(out, "  mirrors: none"), out);
  BOOST_TEST(contains(out, std::string("parent /d\n  type:    ") + type_name(FlareType::Directory) + "\n"), out);
  BOOST_TEST(contains(out, "  key:     " + sha1_key("/d").hex() + "\n"), out);
  BOOST_TEST(contains(run("inspect /nothing"), "error: NotFound"));
}

BOOST_FIXTURE_TEST_CASE(debug_channels_switch, ConsoleFixture) {
  bool was = debug_channel_enabled('f');
  BOOST_TEST(contains(run("debug on f"), "debug channels on: "));
  BOOST_TEST(debug_channel_enabled('f'));
  BOOST_TEST(contains(run("print debug"), "  f  on   flare operations\n"));
  run("debug off f");
  BOOST_TEST(!debug_channel_enabled('f'));
  BOOST_TEST(contains(run("print debug"), "  f  off  flare operations\n"));
  BOOST_TEST(contains(run("debug on fZ"), "error: Invalid: unknown debug channel 'Z'"));
  BOOST_TEST(!debug_channel_enabled('f'));  // nothing switched when a letter is bad
  set_debug_channel('f', was);
}

BOOST_FIXTURE_TEST_CASE(print_acl_cache_and_lava, ConsoleFixture) {
  std::string acl = run("print acl");
  for (const std::string& line : acl::describe(*shares->current())) BOOST_TEST(contains(acl, line + "\n"));
  BOOST_TEST(contains(run("print cache"), "open flares:       0\n"));
  FlareEntry f = make_file("/f", "hello");
  CallContext opener;
  opener.session = 7;
  must(service->handle(opener, OpenRequest{f.id, {}}));
  BOOST_TEST(contains(run("print cache"), "open flares:       1\n"));
  service->end_session(7);
  std::string lava_text = run("lava");
  BOOST_TEST(contains(lava_text, "lava epoch 1, 1 volcano\n"), lava_text);
  BOOST_TEST(contains(lava_text, "v1.example.org"), lava_text);
  BOOST_TEST(contains(lava_text, "yes"), lava_text);
  BOOST_TEST(contains(lava_text, "0 B / " + tools::format_bytes(5)), lava_text);  // data read / written
  // The counts Load gives: "/", "/.dht" and "/f".
  LoadResponse load = must(lava.call(lava.self(), LoadRequest{}));
  std::string loaded = run("cache load");
  BOOST_TEST(contains(loaded, "cache loaded in "), loaded);
  BOOST_TEST(contains(loaded, " ms: " + std::to_string(load.keys) + " records, " + std::to_string(load.inodes) +
                                  " inodes"),
             loaded);
}

BOOST_FIXTURE_TEST_CASE(exit_quit_and_shutdown_close_the_session, ConsoleFixture) {
  BOOST_TEST(run("exit") == "bye\n");
  BOOST_TEST(session.closing);
  session.closing = false;
  run("quit");
  BOOST_TEST(session.closing);
  session.closing = false;
  session.peer = boost::asio::ip::make_address("192.0.2.9");
  BOOST_TEST(contains(run("shutdown"), "error: Access"));
  BOOST_TEST(!session.closing);
  bool stopped = false;
  lava.on_shutdown([&] { stopped = true; });
  session.peer = boost::asio::ip::make_address("127.0.0.1");
  BOOST_TEST(run("shutdown") == "lava shutting down (1 volcano)\n");
  BOOST_TEST(stopped);
  BOOST_TEST(session.closing);
  lava.on_shutdown(nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::console
