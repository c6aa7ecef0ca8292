// Tests of libmagma/routing.h: the route key of every flare op, place_of and place_for.
#include "libmagma/routing.h"

#include <boost/test/unit_test.hpp>
#include <string>

#include "libmagma/path.h"
#include "tests/unit/libmagma/test_print.h"

namespace magma {
namespace {

const FlareId kId = sha1_key("an id");
const Key kPlace = sha1_key("/some/dir");

Key key_of(const std::string& normalised) { return sha1_key(normalised); }

// route_key of an id-addressed request with and without a place.
template <class Request>
void check_id_op(const char* what) {
  Request without;
  without.id = kId;
  BOOST_TEST((route_key(without) == std::optional<Key>(kId)), what);
  Request with = without;
  with.place = kPlace;
  BOOST_TEST((route_key(with) == std::optional<Key>(kPlace)), what);
}

// Every flare op (not the node ops, routed next to their own messages) has a route_key;
// a missing one fails to link.
template <uint16_t kOp, class Request>
int touch_route_key() {
  if constexpr (kOp < kFirstNodeOp) {
    (void)route_key(Request{});
    return 1;
  }
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(routing_test)

BOOST_AUTO_TEST_CASE(every_flare_op_has_a_route_key) {
  int touched = 0;
#define MAGMA_FLARE_OP(Name, id, Request, Response) touched += touch_route_key<id, Request>();
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP
  int flare_ops = 0;
  for (uint16_t op = 0; op < kFirstNodeOp; ++op) flare_ops += flare_op_name(op) != nullptr;
  BOOST_TEST(touched == flare_ops);
  BOOST_TEST(touched >= 23);
}

BOOST_AUTO_TEST_CASE(path_ops_route_by_their_normalised_path) {
  const std::string ugly = "//a/./b/../b//c/";
  const std::optional<Key> expected = key_of("/a/b/c");
  BOOST_TEST((route_key(LookupRequest{ugly}) == expected));
  BOOST_TEST((route_key(MknodRequest{ugly}) == expected));
  BOOST_TEST((route_key(SymlinkRequest{ugly, "target"}) == expected));
  BOOST_TEST((route_key(UnlinkRequest{ugly}) == expected));
  BOOST_TEST((route_key(RmdirRequest{ugly}) == expected));
  BOOST_TEST((route_key(ReadDirRequest{ugly}) == expected));
  BOOST_TEST((route_key(LookupRequest{"/"}) == std::optional<Key>(key_of("/"))));
  BOOST_TEST((route_key(LookupRequest{"/a/b/c"}) != route_key(LookupRequest{"/a/b"})));
}

BOOST_AUTO_TEST_CASE(rename_by_from_and_link_by_new_path) {
  BOOST_TEST((route_key(RenameRequest{"/x/from", "/y/to", 0}) == std::optional<Key>(key_of("/x/from"))));
  BOOST_TEST((route_key(LinkRequest{kId, "/y//new"}) == std::optional<Key>(key_of("/y/new"))));
}

BOOST_AUTO_TEST_CASE(paths_that_do_not_normalise_route_nowhere) {
  BOOST_TEST(!route_key(LookupRequest{"relative"}).has_value());
  BOOST_TEST(!route_key(MknodRequest{""}).has_value());
  BOOST_TEST(!route_key(UnlinkRequest{std::string("/a\0b", 4)}).has_value());
  BOOST_TEST(!route_key(RmdirRequest{"/" + std::string(kMaxNameLength + 1, 'n')}).has_value());
  BOOST_TEST(!route_key(RenameRequest{"from", "/to", 0}).has_value());
  // Only from counts: a bad target is the coordinator's to refuse.
  BOOST_TEST(route_key(RenameRequest{"/from", "to", 0}).has_value());
  BOOST_TEST(!route_key(LinkRequest{kId, "new"}).has_value());
  BOOST_TEST(!route_key(ReadDirRequest{"x/y"}).has_value());
  BOOST_TEST(!route_key(SymlinkRequest{"", "/t"}).has_value());
}

BOOST_AUTO_TEST_CASE(any_volcano_answers_ping_statfs_topology_and_acl) {
  BOOST_TEST(!route_key(PingRequest{}).has_value());
  BOOST_TEST(!route_key(StatfsRequest{}).has_value());
  BOOST_TEST(!route_key(TopologyRequest{}).has_value());
  BOOST_TEST(!route_key(AclCheckRequest{"10.0.0.1", "/a", "r"}).has_value());
  BOOST_TEST(!route_key(AclReloadRequest{}).has_value());
}

BOOST_AUTO_TEST_CASE(resolve_dir_routes_by_its_place) {
  BOOST_TEST((route_key(ResolveDirRequest{kPlace, 42}) == std::optional<Key>(kPlace)));
}

BOOST_AUTO_TEST_CASE(id_ops_route_by_their_place_or_id) {
  check_id_op<GetAttrRequest>("GetAttr");
  check_id_op<SetAttrRequest>("SetAttr");
  check_id_op<OpenRequest>("Open");
  check_id_op<ReleaseRequest>("Release");
  check_id_op<FsyncRequest>("Fsync");
  check_id_op<SetXattrRequest>("SetXattr");
  check_id_op<GetXattrRequest>("GetXattr");
  check_id_op<ListXattrRequest>("ListXattr");
  check_id_op<RemoveXattrRequest>("RemoveXattr");
}

BOOST_AUTO_TEST_CASE(data_ops_route_by_id) {
  BOOST_TEST((route_key(ReadlinkRequest{kId}) == std::optional<Key>(kId)));
  BOOST_TEST((route_key(ReadRequest{kId, 10, 20}) == std::optional<Key>(kId)));
  BOOST_TEST((route_key(WriteRequest{kId, 0, Bytes{1, 2}, false}) == std::optional<Key>(kId)));
}

BOOST_AUTO_TEST_CASE(place_of_prefers_a_set_place) {
  BOOST_TEST(place_of(kId, Key{}) == kId);
  BOOST_TEST(place_of(kId, kPlace) == kPlace);
}

BOOST_AUTO_TEST_CASE(place_for_directories_only) {
  BOOST_TEST(place_for(FlareType::Directory, "/some/dir") == key_of("/some/dir"));
  BOOST_TEST(place_for(FlareType::Directory, "/") == key_of("/"));
  for (FlareType t : {FlareType::Regular, FlareType::Symlink, FlareType::Fifo, FlareType::Socket,
                      FlareType::CharDevice, FlareType::BlockDevice}) {
    BOOST_TEST(place_for(t, "/some/file") == Key{}, type_name(t));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
