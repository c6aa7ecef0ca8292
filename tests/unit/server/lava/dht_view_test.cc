// Tests of server/lava/dht_view: /.dht lists one read-only file per volcano, whose text
// describes it with its current load, answered by any volcano without storing anything.
#include "server/lava/dht_view.h"

#include <boost/test/unit_test.hpp>

#include <sstream>

#include <thread>

#include "server/dht_description.h"
#include "tests/unit/server/lava_fixture.h"

namespace magma::server::test {
namespace {

struct TwoVolcanos {
  TwoVolcanos() { BOOST_REQUIRE(lava.join().is_ok()); }
  // The answer the view gives, which must be one.
  template <class Request>
  auto must_answer(DhtView& view, const Request& req) {
    auto answer = view.answer(CallContext{}, req);
    BOOST_REQUIRE_MESSAGE(answer.has_value(), "the view did not answer");
    return std::move(*answer);
  }
  std::string read_all(DhtView& view, const std::string& path) {
    FlareEntry e = must(must_answer(view, LookupRequest{path})).entry;
    ReadResponse read = must(must_answer(view, ReadRequest{e.id, 0, static_cast<uint32_t>(e.attr.size)}));
    BOOST_TEST(read.attr.ino == e.attr.ino);  // the gateway answers READ with these
    BOOST_TEST(read.attr.size == e.attr.size);
    return string_of(read.data);
  }
  LavaFixture lava;
};

BOOST_FIXTURE_TEST_SUITE(dht_view, TwoVolcanos)

BOOST_AUTO_TEST_CASE(lists_one_file_per_volcano) {
  DhtView view(lava.lava(1));
  ReadDirResponse all = must(must_answer(view, ReadDirRequest{"/.dht/", 0, 100}));
  BOOST_TEST(all.eof);
  std::vector<std::string> names;
  for (const DirEntry& e : all.entries) names.push_back(e.name);
  std::sort(names.begin(), names.end());
  BOOST_TEST(names == (std::vector<std::string>{"v0", "v1"}));
  // Paging by cookie resumes after the first entry.
  ReadDirResponse first = must(must_answer(view, ReadDirRequest{"/.dht", 0, 1}));
  BOOST_REQUIRE(first.entries.size() == 1u);
  BOOST_TEST(!first.eof);
  ReadDirResponse rest = must(must_answer(view, ReadDirRequest{"/.dht", first.entries[0].cookie, 10}));
  BOOST_REQUIRE(rest.entries.size() == 1u);
  BOOST_TEST(rest.eof);
  BOOST_TEST(rest.entries[0].name != first.entries[0].name);
}

// text without its "storage_..." lines.
std::string without_storage_lines(const std::string& text) {
  std::istringstream in(text);
  std::string line, kept;
  while (std::getline(in, line))
    if (line.rfind("storage_", 0) != 0) kept += line + "\n";
  return kept;
}

BOOST_AUTO_TEST_CASE(a_file_describes_its_volcano_and_its_load) {
  DhtView view(lava.lava(0));
  VolcanoInfo v1 = *lava.lava(0).topology().find("v1");
  LoadResponse load = must(lava.service(1).handle(CallContext{}, LoadRequest{}));
  std::string text = read_all(view, "/.dht/v1");
  // Free space moves under a test that shares its disk with others: compare the rest.
  BOOST_TEST(without_storage_lines(text) ==
             without_storage_lines(describe_volcano(v1, lava.lava(0).epoch(), &load)));
  for (std::string line : {"nickname: v1\n", "fqdn: v1.test\n", "address: 127.0.0.2\n", "alive: yes\n"})
    BOOST_TEST(text.find(line) != std::string::npos, line);
  BOOST_TEST(text.find("node_port: " + std::to_string(v1.node_port) + "\n") != std::string::npos);
  BOOST_TEST(text.find("slice_start: " + v1.slice.start.hex() + "\n") != std::string::npos);
  BOOST_TEST(text.find("keys: " + std::to_string(load.keys) + "\n") != std::string::npos);
  FlareAttr attr = must(must_answer(view, LookupRequest{"/.dht/v1"})).entry.attr;
  BOOST_TEST(attr.mode == 0444u);
  BOOST_TEST(attr.uid == 0u);
  BOOST_TEST(attr.type == FlareType::Regular);
  BOOST_TEST(attr.size == text.size());
}

BOOST_AUTO_TEST_CASE(every_volcano_shows_the_same_ids) {
  DhtView view0(lava.lava(0)), view1(lava.lava(1));
  FlareId id = must(must_answer(view0, LookupRequest{"/.dht/v0"})).entry.id;
  BOOST_TEST(must(must_answer(view1, LookupRequest{"/.dht/v0"})).entry.id == id);
  BOOST_TEST(id == DhtView::file_id("v0"));
  BOOST_TEST(must(must_answer(view1, GetAttrRequest{id, Key{}})).attr.ino == ino_of(id));
}

BOOST_AUTO_TEST_CASE(the_figures_follow_the_load_within_a_second) {
  DhtView view(lava.lava(0));
  std::string before = read_all(view, "/.dht/v0");
  CallContext root;
  for (int i = 0; i < 20; ++i)
    must(lava.service(0).handle(root, MknodRequest{"/n" + std::to_string(i), FlareType::Regular, 0644, 0, false}));
  std::this_thread::sleep_for(DhtView::kFreshFor + std::chrono::milliseconds(100));
  LoadResponse load0 = must(lava.service(0).handle(CallContext{}, LoadRequest{}));
  std::string after = read_all(view, "/.dht/v0");
  BOOST_TEST(after != before);
  BOOST_TEST(after.find("keys: " + std::to_string(load0.keys) + "\n") != std::string::npos, after);
}

BOOST_AUTO_TEST_CASE(what_is_not_there_fails_as_a_file_system_would) {
  DhtView view(lava.lava(0));
  BOOST_TEST(must_answer(view, LookupRequest{"/.dht/nobody"}).code() == Errc::NotFound);
  BOOST_TEST(must_answer(view, LookupRequest{"/.dht/v0/x"}).code() == Errc::NotDir);
  BOOST_TEST(must_answer(view, ReadDirRequest{"/.dht/v0", 0, 10}).code() == Errc::NotDir);
}

BOOST_AUTO_TEST_CASE(changes_below_dht_are_refused) {
  DhtView view(lava.lava(0));
  FlareId id = DhtView::file_id("v1");
  BOOST_TEST(must_answer(view, MknodRequest{"/.dht/x", FlareType::Regular, 0644, 0, false}).code() == Errc::Perm);
  BOOST_TEST(must_answer(view, UnlinkRequest{"/.dht/v1"}).code() == Errc::Perm);
  BOOST_TEST(must_answer(view, RmdirRequest{"/.dht"}).code() == Errc::Perm);
  BOOST_TEST(must_answer(view, RenameRequest{"/.dht", "/elsewhere", 0}).code() == Errc::Perm);
  BOOST_TEST(must_answer(view, RenameRequest{"/a", "/.dht/v1", 0}).code() == Errc::Perm);
  BOOST_TEST(must_answer(view, WriteRequest{id, 0, bytes_of("x"), false}).code() == Errc::Perm);
  SetAttrRequest chmod;
  chmod.id = id;
  chmod.mask = kSetMode;
  chmod.mode = 0666;
  BOOST_TEST(must_answer(view, chmod).code() == Errc::Perm);
  BOOST_TEST(must_answer(view, LinkRequest{id, "/stolen"}).code() == Errc::Perm);
}

BOOST_AUTO_TEST_CASE(everything_else_is_left_to_the_service) {
  DhtView view(lava.lava(0));
  CallContext ctx;
  BOOST_TEST(!view.answer(ctx, LookupRequest{"/.dht"}).has_value());  // a real directory
  BOOST_TEST(!view.answer(ctx, LookupRequest{"/.dhtx"}).has_value());
  BOOST_TEST(!view.answer(ctx, ReadDirRequest{"/", 0, 10}).has_value());
  BOOST_TEST(!view.answer(ctx, MknodRequest{"/.dhtx", FlareType::Regular, 0644, 0, false}).has_value());
  FlareId root = must(lava.service(0).handle(ctx, LookupRequest{"/"})).entry.id;
  BOOST_TEST(!view.answer(ctx, GetAttrRequest{root, sha1_key("/")}).has_value());
  BOOST_TEST(!view.answer(ctx, LoadRequest{}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::test
