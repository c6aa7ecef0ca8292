// LavaOpsFixture: a lava of three volcanos (LavaFixture: real sockets on 127.0.0.x)
// driven as ServiceFixture drives one volcano. Every request enters at volcano `via`,
// which forwards what it does not own; tests pick paths by the volcano that owns them.
#pragma once

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "server/data_files.h"
#include "server/flare_store.h"
#include "server/grace_holds.h"
#include "server/open_table.h"
#include "server/shares.h"
#include "server/ops/ops.h"
#include "tests/unit/server/lava_fixture.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::server::test {

class LavaOpsFixture : public LavaFixture, public FlareCalls<LavaOpsFixture> {
 public:
  LavaOpsFixture() : LavaFixture(3) {
    ctx.creds.uid = 1000;
    ctx.creds.gid = 100;
    ctx.session = 1;
  }

  template <class Request>
  auto call(const Request& req) {
    return service(via).handle(ctx, req);
  }

  // Runs check once entering at each volcano in turn.
  template <class Check>
  void from_each_volcano(Check check) {
    for (via = 0; via < size(); ++via) check();
    via = 0;
  }

  // The volcano that owns path's key (its record; a directory's inode and entries).
  size_t owner_of_path(const std::string& path) const { return owner_of(sha1_key(path)); }

  // dir + "/" + stem + n for the first n whose key volcano v owns.
  std::string path_on(size_t v, const std::string& dir, const std::string& stem) const {
    for (int n = 0;; ++n) {
      std::string path = (dir == "/" ? "" : dir) + "/" + stem + std::to_string(n);
      if (owner_of_path(path) == v) return path;
    }
  }

  // Whether the owner of path's key holds a record there.
  bool has_record(const std::string& path) {
    return must(service(owner_of_path(path)).handle(CallContext{}, GetRecordRequest{path})).found;
  }

  // The attributes of the directory at path, asked by id and place as a client does.
  FlareAttr dir_attr(const std::string& path) {
    return must(getattr(must(lookup(path)).entry.id, sha1_key(path))).attr;
  }

  // Every row volcano v holds (asked of it alone).
  Rows rows_on(size_t v) {
    Rows all;
    RowCursor cursor;
    while (cursor.table != RowCursor::kDone) {
      RowsResponse page = must(service(v).handle(CallContext{}, ExportRangeRequest{Slice{}, cursor, kMaxRowsPerPage}));
      for (auto& r : page.rows.records) all.records.push_back(std::move(r));
      for (auto& r : page.rows.inodes) all.inodes.push_back(std::move(r));
      for (auto& r : page.rows.entries) all.entries.push_back(std::move(r));
      cursor = page.next;
    }
    return all;
  }
  // How many inodes every volcano holds together.
  size_t inodes_in_lava() {
    size_t n = 0;
    for (size_t v = 0; v < size(); ++v) n += rows_on(v).inodes.size();
    return n;
  }

  // An OpEnv that reaches the lava through volcano v's Lava, as a coordinator there does,
  // for calling server/ops functions directly. Its own store is a scratch one: every step
  // it takes goes to the services through the Lava.
  OpEnv& env_of(size_t v) {
    auto scratch = std::make_unique<Scratch>();
    scratch->store = must(FlareStore::open(":memory:", sha1_key));
    scratch->data = must(DataFiles::open(scratch->dir / "data"));
    scratch->env = std::make_unique<OpEnv>(
        OpEnv{scratch->options, *scratch->store, *scratch->data, scratch->opens, scratch->grace, lava(v),
             *scratch->shares});
    scratches_.push_back(std::move(scratch));
    return *scratches_.back()->env;
  }

  CallContext ctx;
  size_t via = 0;

 private:
  struct Scratch {
    TempDir dir;
    ServiceOptions options;
    std::unique_ptr<FlareStore> store;
    std::unique_ptr<DataFiles> data;
    OpenTable opens;
    GraceHolds grace{std::chrono::milliseconds(0)};
    std::unique_ptr<Shares> shares = Shares::open_to_all();
    std::unique_ptr<OpEnv> env;
  };
  std::vector<std::unique_ptr<Scratch>> scratches_;
};

}  // namespace magma::server::test
