// Fixtures shared by the server tests: a temporary directory per test (removed after) and
// a bootstrapped FlareService on it, with short helpers for the calls tests make often.
#pragma once

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "server/flare_service.h"
#include "tests/unit/libmagma/test_print.h"
#include "tests/unit/temp_dir.h"

namespace magma::server::test {

using magma::test::TempDir;

// The value of r; fails the test at once when r is an error.
template <class T>
T must(Result<T> r) {
  BOOST_REQUIRE_MESSAGE(r.is_ok(), "unexpected error: " << (r ? std::string() : r.status().to_string()));
  return std::move(*r);
}

// Moves r's value into out, or returns r's error (for code running inside a Txn).
template <class T>
Status assign_to(Result<T> r, T& out) {
  if (!r) return r.status();
  out = std::move(*r);
  return Status::ok();
}

// Where a store in dir keeps id's data (DataFiles: data/ab/cd/<hex id>), spelled out here
// so a test notices when the layout changes.
inline std::string data_path(const TempDir& dir, const FlareId& id) {
  std::string hex = id.hex();
  return dir / ("data/" + hex.substr(0, 2) + "/" + hex.substr(2, 2) + "/" + hex);
}
inline bool data_file_exists(const TempDir& dir, const FlareId& id) {
  return std::filesystem::exists(data_path(dir, id));
}

inline Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }
inline std::string string_of(const Bytes& b) { return std::string(b.begin(), b.end()); }

// A key function under which every path collides.
inline Key same_key_for_all(std::string_view) { return sha1_key("collide"); }

// Short helpers for the calls tests make often, on any Self that has
// `template <class Request> auto call(const Request&)`.
template <class Self>
class FlareCalls {
 public:
  Result<EntryResponse> mknod(const std::string& path, FlareType type = FlareType::Regular,
                              uint32_t mode = 0644) {
    MknodRequest req;
    req.path = path;
    req.type = type;
    req.mode = mode;
    return self().call(req);
  }
  Result<EntryResponse> mkdir(const std::string& path, uint32_t mode = 0755) {
    return mknod(path, FlareType::Directory, mode);
  }
  Result<EntryResponse> lookup(const std::string& path) { return self().call(LookupRequest{path}); }
  Result<AttrResponse> getattr(const FlareId& id, const Key& place = Key{}) {
    return self().call(GetAttrRequest{id, place});
  }
  Result<EmptyResponse> unlink(const std::string& path) { return self().call(UnlinkRequest{path}); }
  Result<EmptyResponse> rmdir(const std::string& path) { return self().call(RmdirRequest{path}); }
  Result<EmptyResponse> rename(const std::string& from, const std::string& to, uint32_t flags = 0) {
    return self().call(RenameRequest{from, to, flags});
  }
  // chmod and chgrp at once (place: a directory's, as getattr).
  Result<AttrResponse> set_mode_and_group(const FlareId& id, uint32_t mode, uint32_t gid,
                                          const Key& place = Key{}) {
    SetAttrRequest req;
    req.id = id;
    req.place = place;
    req.mask = kSetMode | kSetGid;
    req.mode = mode;
    req.gid = gid;
    return self().call(req);
  }
  Result<EntryResponse> link(const FlareId& id, const std::string& path) {
    return self().call(LinkRequest{id, path});
  }
  Result<AttrResponse> write(const FlareId& id, uint64_t offset, const std::string& data,
                             bool stable = false) {
    return self().call(WriteRequest{id, offset, bytes_of(data), stable});
  }
  Result<ReadResponse> read(const FlareId& id, uint64_t offset, uint32_t size) {
    return self().call(ReadRequest{id, offset, size});
  }

  // Creates what must be creatable and returns its id.
  FlareId file(const std::string& path) { return must(mknod(path)).entry.id; }
  FlareId dir_at(const std::string& path) { return must(mkdir(path)).entry.id; }
  FlareAttr attr_of(const std::string& path) { return must(lookup(path)).entry.attr; }
  std::string contents(const FlareId& id) {
    FlareAttr a = must(getattr(id)).attr;
    return string_of(must(read(id, 0, static_cast<uint32_t>(a.size))).data);
  }
  // Every name in the directory at path, paging max_entries at a time.
  std::vector<std::string> list(const std::string& path, uint32_t max_entries = 1000) {
    std::vector<std::string> names;
    uint64_t cookie = 0;
    for (;;) {
      ReadDirResponse page = must(self().call(ReadDirRequest{path, cookie, max_entries}));
      for (const DirEntry& e : page.entries) names.push_back(e.name);
      if (!page.entries.empty()) cookie = page.entries.back().cookie;
      if (page.eof) return names;
    }
  }

 private:
  Self& self() { return static_cast<Self&>(*this); }
};

class ServiceFixture : public FlareCalls<ServiceFixture> {
 public:
  explicit ServiceFixture(KeyFunction key_of = sha1_key) : key_of_(std::move(key_of)) {
    ctx.creds.uid = 1000;
    ctx.creds.gid = 100;
    ctx.session = 1;
    reopen();
  }

  ServiceOptions options() const {
    ServiceOptions o;
    o.storage_dir = dir.path();
    o.key_of = key_of_;
    o.bootstrap = true;
    o.nickname = "test-volcano";
    return o;
  }
  // Closes the service cleanly and opens it again on the same directory.
  void reopen() {
    svc.reset();
    svc = must(FlareService::open(options()));
  }

  template <class Request>
  auto call(const Request& req) {
    return svc->handle(ctx, req);
  }

  TempDir dir;
  CallContext ctx;
  std::unique_ptr<FlareService> svc;

 private:
  KeyFunction key_of_;
};

// The same service with every path on one key.
class CollidingFixture : public ServiceFixture {
 public:
  CollidingFixture() : ServiceFixture(same_key_for_all) {}
};

}  // namespace magma::server::test
