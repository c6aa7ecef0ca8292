// Tests of server/ops/fsck_repair: each FsckRepair applies only to the row as the scan saw
// it; and the whole of magmactl fsck (tools/fsck_run.h) on a lava of three volcanos whose
// stores were damaged as crashes between steps damage them.
#include <boost/test/unit_test.hpp>
#include <set>

#include "tests/unit/server/ops/lava_ops_fixture.h"
#include "tests/unit/server/service_fixture.h"
#include "tools/fsck_run.h"

namespace magma::server {
namespace {

using test::must;

BOOST_FIXTURE_TEST_SUITE(ops_fsck_repair, test::ServiceFixture)

// The outcome of one repair.
Errc apply(test::ServiceFixture& f, const FsckRepair& r) {
  FsckRepairResponse resp = must(f.call(FsckRepairRequest{{r}}));
  BOOST_REQUIRE(resp.outcomes.size() == 1u);
  return errc_from_wire(resp.outcomes[0].code);
}

BOOST_AUTO_TEST_CASE(records_change_only_as_the_scan_saw_them) {
  FlareId f = file("/f"), other = sha1_key("other");
  BOOST_TEST(apply(*this, fsck_repair(FsckAction::DropRecord, "/f", "", other)) == Errc::Stale);
  BOOST_TEST(must(call(GetRecordRequest{"/f"})).found);
  FsckRepair put = fsck_repair(FsckAction::PutRecord, "/f", "", other);
  BOOST_TEST(apply(*this, put) == Errc::Stale);  // expects no record, finds f's
  put.expect = f;
  BOOST_TEST(apply(*this, put) == Errc::Ok);
  BOOST_TEST(must(call(GetRecordRequest{"/f"})).id == other);
  BOOST_TEST(apply(*this, fsck_repair(FsckAction::DropRecord, "/f", "", other)) == Errc::Ok);
  BOOST_TEST(!must(call(GetRecordRequest{"/f"})).found);
  BOOST_TEST(apply(*this, fsck_repair(FsckAction::DropRecord, "/", "", f)) == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(an_entry_is_dropped_only_while_it_names_the_flare) {
  FlareId f = file("/f");
  BOOST_TEST(apply(*this, fsck_repair(FsckAction::DropEntry, "/", "f", sha1_key("x"))) == Errc::Stale);
  BOOST_TEST(list("/") == (std::vector<std::string>{".dht", "f"}));
  BOOST_TEST(apply(*this, fsck_repair(FsckAction::DropEntry, "/", "f", f)) == Errc::Ok);
  BOOST_TEST(list("/") == std::vector<std::string>{".dht"});
  BOOST_TEST(apply(*this, fsck_repair(FsckAction::DropEntry, "/", "../x", f)) == Errc::Invalid);
}

BOOST_AUTO_TEST_CASE(link_counts_and_inodes_change_only_at_the_count_seen) {
  FlareId f = file("/f");
  BOOST_REQUIRE(write(f, 0, "data").is_ok());
  FsckRepair links = fsck_repair(FsckAction::SetLinks, "", "", f);
  links.expect_nlink = 2;
  links.nlink = 5;
  BOOST_TEST(apply(*this, links) == Errc::Stale);
  links.expect_nlink = 1;
  BOOST_TEST(apply(*this, links) == Errc::Ok);
  BOOST_TEST(attr_of("/f").nlink == 5u);
  FsckRepair drop = fsck_repair(FsckAction::DropInode, "", "", f);
  drop.expect_nlink = 1;
  BOOST_TEST(apply(*this, drop) == Errc::Stale);
  BOOST_REQUIRE(call(OpenRequest{f, Key{}}).is_ok());  // held open by ctx's session
  drop.expect_nlink = 5;
  BOOST_TEST(apply(*this, drop) == Errc::Busy);
  svc->end_session(ctx.session);
  BOOST_TEST(test::data_file_exists(dir, f));
  BOOST_TEST(apply(*this, drop) == Errc::Ok);
  BOOST_TEST(getattr(f).code() == Errc::Stale);
  BOOST_TEST(!test::data_file_exists(dir, f));
}

BOOST_AUTO_TEST_CASE(a_data_file_goes_only_without_its_inode) {
  FlareId f = file("/f"), stray = sha1_key("stray");
  BOOST_REQUIRE(write(f, 0, "kept").is_ok());
  BOOST_REQUIRE(call(WriteDataRequest{stray, 0, test::bytes_of("lost"), false}).is_ok());
  BOOST_TEST(apply(*this, fsck_repair(FsckAction::DropData, "", "", f)) == Errc::Stale);
  BOOST_TEST(contents(f) == "kept");
  BOOST_TEST(apply(*this, fsck_repair(FsckAction::DropData, "", "", stray)) == Errc::Ok);
  BOOST_TEST(!test::data_file_exists(dir, stray));
}

BOOST_AUTO_TEST_CASE(a_dying_mark_is_cleared) {
  FlareId d = dir_at("/d");
  BOOST_TEST(apply(*this, fsck_repair(FsckAction::ClearDying, "", "", d)) == Errc::Stale);
  BOOST_REQUIRE(call(SetDyingRequest{"/d", d, true}).is_ok());
  BOOST_TEST(mkdir("/d/x").code() == Errc::NotFound);
  BOOST_TEST(apply(*this, fsck_repair(FsckAction::ClearDying, "", "", d)) == Errc::Ok);
  BOOST_TEST(mkdir("/d/x").is_ok());
}

BOOST_AUTO_TEST_CASE(too_many_repairs_are_refused) {
  FsckRepairRequest req;
  req.repairs.resize(kMaxRowsPerPage + 1, fsck_repair(FsckAction::DropData, "", "", sha1_key("x")));
  BOOST_TEST(call(req).code() == Errc::Invalid);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- the whole fsck on a lava of three ------------------------------------------------

class FsckLava : public test::LavaOpsFixture {
 public:
  FsckLava() {
    calls.scan = [this](const VolcanoInfo& v, const FsckScanRequest& r) { return on(v).handle(CallContext{}, r); };
    calls.repair = [this](const VolcanoInfo& v, const FsckRepairRequest& r) { return on(v).handle(CallContext{}, r); };
  }
  FlareService& on(const VolcanoInfo& v) { return service(std::stoul(v.nickname.substr(1))); }
  template <class Request>
  void at(size_t v, const Request& req) {
    BOOST_REQUIRE(service(v).handle(CallContext{}, req).is_ok());
  }
  std::vector<tools::Problem> fsck(uint32_t limit = kMaxRowsPerPage) {
    return must(tools::find_problems(lava(0).topology(), calls, nullptr, limit));
  }
  // "kind path" of each problem.
  static std::set<std::string> named(const std::vector<tools::Problem>& problems) {
    std::set<std::string> out;
    for (const tools::Problem& p : problems) out.insert(std::string(tools::problem_name(p.kind)) + " " + p.path);
    return out;
  }

  tools::FsckCalls calls;
};

BOOST_FIXTURE_TEST_SUITE(ops_fsck_lava, FsckLava)

BOOST_AUTO_TEST_CASE(a_lava_after_ordinary_operations_is_consistent) {
  dir_at("/d");
  dir_at("/d/e");
  for (size_t v = 0; v < size(); ++v) {
    FlareId f = file(path_on(v, "/d", "f"));
    BOOST_REQUIRE(write(f, 0, "x").is_ok());
    BOOST_REQUIRE(link(f, path_on((v + 1) % size(), "/d/e", "l")).is_ok());
  }
  BOOST_REQUIRE(rename("/d/e", "/moved").is_ok());
  BOOST_REQUIRE(unlink(path_on(1, "/d", "f")).is_ok());
  dir_at("/gone");
  BOOST_REQUIRE(rmdir("/gone").is_ok());
  auto found = fsck(3);  // small pages: every volcano answers many
  BOOST_TEST(found.empty(), named(found).size() << " problems, first: " << (found.empty() ? "" : found[0].text()));
}

BOOST_AUTO_TEST_CASE(leftovers_of_crashes_are_found_repaired_and_gone) {
  dir_at("/d");
  // A create cut between its inode + record and its entry.
  std::string o = path_on(1, "/", "orphan");
  FlareId oid = file(o);
  at(owner_of_path("/"), RemoveEntryRequest{"/", o.substr(1), oid});
  // An entry whose inode (and data) went.
  std::string x = path_on(2, "/d", "x");
  FlareId xid = file(x);
  BOOST_REQUIRE(write(xid, 0, "gone").is_ok());
  at(owner_of(xid), DropInodeRequest{xid, Key{}});
  // A record lost; a link count one too high; a data file and a record no one names.
  std::string r = path_on(1, "/d", "r");
  FlareId rid = file(r);
  at(owner_of_path(r), DropRecordRequest{r, rid});
  std::string n = path_on(2, "/", "n");
  FlareId nid = file(n);
  AddLinksRequest one_more;
  one_more.id = nid;
  one_more.delta = 1;
  at(owner_of(nid), one_more);
  FlareId stray = sha1_key("stray");
  at(1, WriteDataRequest{stray, 0, test::bytes_of("lost"), false});
  at(owner_of_path("/ghost"), PutRecordRequest{"/ghost", sha1_key("ghost"), FlareType::Regular});

  auto found = fsck();
  BOOST_TEST(named(found) == (std::set<std::string>{"orphan " + o, "stray record " + o, "dangling entry " + x,
                                                    "stray record " + x, "missing record " + r, "link count " + n,
                                                    "stray data ", "stray record /ghost"}));
  BOOST_TEST(found.size() == 8u);

  tools::RepairReport report = tools::repair_problems(lava(0).topology(), found, calls);
  BOOST_TEST(report.repaired == 8u);
  BOOST_TEST(report.failed.empty());
  BOOST_TEST(fsck().empty());

  BOOST_TEST(getattr(oid).code() == Errc::Stale);
  BOOST_TEST(lookup(o).code() == Errc::NotFound);
  BOOST_TEST(lookup(x).code() == Errc::NotFound);
  BOOST_TEST(must(lookup(r)).entry.id == rid);
  BOOST_TEST(attr_of(n).nlink == 1u);
  BOOST_TEST(must(service(1).handle(CallContext{}, ReadDataRequest{stray, 0, 10})).data.empty());
  BOOST_TEST(lookup("/ghost").code() == Errc::NotFound);
}

BOOST_AUTO_TEST_CASE(a_repair_that_comes_too_late_changes_nothing) {
  std::string r = path_on(2, "/", "r");
  FlareId rid = file(r);
  at(owner_of_path(r), DropRecordRequest{r, rid});
  auto found = fsck();
  BOOST_REQUIRE(found.size() == 1u);
  // Someone else rebuilt it meanwhile, pointing elsewhere: the repair must not overwrite.
  at(owner_of_path(r), PutRecordRequest{r, sha1_key("newer"), FlareType::Regular});
  tools::RepairReport report = tools::repair_problems(lava(0).topology(), found, calls);
  BOOST_TEST(report.repaired == 0u);
  BOOST_REQUIRE(report.failed.size() == 1u);
  BOOST_TEST(report.failed[0].find("Stale") != std::string::npos);
  BOOST_TEST(must(service(owner_of_path(r)).handle(CallContext{}, GetRecordRequest{r})).id == sha1_key("newer"));
}

BOOST_AUTO_TEST_CASE(a_volcano_that_does_not_answer_fails_the_scan) {
  calls.scan = [this](const VolcanoInfo& v, const FsckScanRequest& r) -> Result<FsckScanResponse> {
    if (v.nickname == "v2") return Status(Errc::Disconnected, "down");
    return on(v).handle(CallContext{}, r);
  };
  auto found = tools::find_problems(lava(0).topology(), calls, nullptr);
  BOOST_REQUIRE(!found);
  BOOST_TEST(found.status().message().find("v2") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server
