// What the NFS gateway tests share: NfsClient, which calls an NfsProgram's dispatch()
// directly with XDR streams built by xdrmem_create (no network), one helper per
// procedure returning plain C++ values; and NfsFixture, a bootstrapped volcano
// (server/test's ServiceFixture) with a client on it and a directory "/d" owned by the
// client's user, since "/" belongs to root.
#pragma once

#include <rpc/rpc.h>

#include <boost/test/unit_test.hpp>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "nfs_gateway/file_handle.h"
#include "nfs_gateway/nfs_attr.h"
#include "nfs_gateway/nfs_program.h"
#include "rpcgen/nfs_prot.h"
#include "tests/unit/server/service_fixture.h"

namespace magma::nfs::rpc {
// How Boost.Test prints an AcceptStat (found by ADL).
inline std::ostream& boost_test_print_type(std::ostream& os, AcceptStat s) { return os << static_cast<int>(s); }
}  // namespace magma::nfs::rpc

namespace magma::nfs::test {

using server::test::must;
using rpc::AcceptStat;

// The name the tests' shares get when they have none, and the tag of their file handles.
inline const std::string kTestShare = "test";
inline FileRef file_ref(const FlareId& id) { return FileRef{id, share_tag_of(kTestShare)}; }

// The shares a test exports: each as given, named kTestShare (then kTestShare + its
// index) when it has no name, and open to every address for reading and writing when it
// has no rules. An acl::Share's defaults otherwise: "/", root squashed, nobody.
inline ShareSource source_of(std::vector<acl::Share> shares) {
  for (size_t i = 0; i < shares.size(); ++i) {
    if (shares[i].name.empty()) shares[i].name = i == 0 ? kTestShare : kTestShare + std::to_string(i);
    if (shares[i].rules.empty())
      shares[i].rules.push_back({acl::Access::Write, "/", acl::IpPrefix(), "*", "test", 1, "w / *"});
  }
  std::shared_ptr<const acl::Acl> built = must(acl::Acl::build(std::move(shares), "test"));
  return [built] { return built; };
}

constexpr uint32_t kUser = 1000;
constexpr uint32_t kGroup = 100;
constexpr uint32_t kOtherUser = 2000;
constexpr uint32_t kOtherGroup = 200;

// A sattr that changes nothing (every field all ones).
inline sattr unset_sattr() {
  sattr s;
  std::memset(&s, 0xFF, sizeof s);
  return s;
}
inline sattr mode_sattr(uint32_t mode) {
  sattr s = unset_sattr();
  s.mode = mode;
  return s;
}

// Argument bytes written by fn (an XDR_ENCODE stream in, true when it all encoded).
template <class Fn>
std::vector<char> encode_args(Fn fn) {
  std::vector<char> buffer(rpc::RpcProgram::kMaxResultBytes);
  XDR x;
  xdrmem_create(&x, buffer.data(), static_cast<u_int>(buffer.size()), XDR_ENCODE);
  BOOST_REQUIRE(fn(&x));
  buffer.resize(xdr_getpos(&x));
  xdr_destroy(&x);
  return buffer;
}

// The XDR writers for arguments: names are written with a wide bound so tests can send
// names the .x would refuse to encode.
inline bool put_fh(XDR* x, const HandleBytes& fh) {
  return xdr_opaque(x, reinterpret_cast<char*>(const_cast<uint8_t*>(fh.data())), kHandleSize);
}
inline bool put_text(XDR* x, const std::string& text) {
  char* p = const_cast<char*>(text.data());
  u_int n = static_cast<u_int>(text.size());
  return xdr_bytes(x, &p, &n, 1 << 20);
}
inline bool put_u32(XDR* x, uint32_t v) { return xdr_u_int(x, &v); }
inline bool put_sattr(XDR* x, sattr s) { return xdr_sattr(x, &s); }

struct Outcome {
  AcceptStat stat = AcceptStat::SystemErr;
  std::vector<char> results;  // the encoded results, on Success
};

struct DirOp {
  nfsstat status = NFSERR_IO;
  HandleBytes fh{};
  fattr attr{};
};
struct Attr {
  nfsstat status = NFSERR_IO;
  fattr attr{};
};
struct ReadResult {
  nfsstat status = NFSERR_IO;
  fattr attr{};
  std::string data;
};
struct Listed {
  uint32_t fileid = 0;
  std::string name;
  uint32_t cookie = 0;
};
struct ReadDirResult {
  nfsstat status = NFSERR_IO;
  std::vector<Listed> entries;
  bool eof = false;
  size_t encoded_bytes = 0;  // of the whole result
};
struct Text {
  nfsstat status = NFSERR_IO;
  std::string text;
};
struct Statfs {
  nfsstat status = NFSERR_IO;
  statfsokres fs{};
};

// Copies share the NfsProgram: a copy per thread calls one program concurrently.
class NfsClient {
 public:
  explicit NfsClient(server::FlareService& service, acl::Share exported = {}) { attach(service, exported); }

  // Serves through a new NfsProgram on service (after the service was reopened).
  void attach(server::FlareService& service, acl::Share exported = {}) {
    service_ = &service;
    exported_ = exported;
    program_ = std::make_shared<NfsProgram>(service, source_of({exported}));
  }
  NfsProgram& program() { return *program_; }

  // Who calls: AUTH_UNIX kUser:kGroup until a test changes it.
  rpc::RpcCaller caller = unix_caller(kUser, kGroup);
  static rpc::RpcCaller unix_caller(uint32_t uid, uint32_t gid, std::vector<uint32_t> gids = {}) {
    rpc::RpcCaller c;
    c.unix_creds = rpc::UnixCredentials{uid, gid, std::move(gids), "test-client"};
    return c;
  }
  void call_as(uint32_t uid, uint32_t gid, std::vector<uint32_t> gids = {}) { caller = unix_caller(uid, gid, gids); }

  Outcome run(uint32_t procedure, const std::vector<char>& args) {
    XDR in, out;
    xdrmem_create(&in, const_cast<char*>(args.data()), static_cast<u_int>(args.size()), XDR_DECODE);
    Outcome o;
    o.results.resize(rpc::RpcProgram::kMaxResultBytes);
    xdrmem_create(&out, o.results.data(), static_cast<u_int>(o.results.size()), XDR_ENCODE);
    rpc::RpcCall call{++xid_, NfsProgram::kProgram, NfsProgram::kVersion, procedure, caller};
    o.stat = program_->dispatch(call, &in, &out);
    o.results.resize(o.stat == AcceptStat::Success ? xdr_getpos(&out) : 0);
    xdr_destroy(&in);
    xdr_destroy(&out);
    return o;
  }

  // Decodes o's results with dec into a value freed after use by fn; checks every byte
  // was read.
  template <class Res, class Fn>
  void decode(const Outcome& o, bool_t (*dec)(XDR*, Res*), Fn fn) {
    BOOST_REQUIRE_EQUAL(o.stat, AcceptStat::Success);
    XDR x;
    xdrmem_create(&x, const_cast<char*>(o.results.data()), static_cast<u_int>(o.results.size()), XDR_DECODE);
    Res res{};
    BOOST_REQUIRE(dec(&x, &res));
    BOOST_CHECK_EQUAL(xdr_getpos(&x), o.results.size());
    fn(res);
    xdr_free(reinterpret_cast<xdrproc_t>(dec), reinterpret_cast<char*>(&res));
    xdr_destroy(&x);
  }

  // The handle of the flare at path, made as MOUNT makes the export's.
  HandleBytes handle_at(const std::string& path) {
    EntryResponse e = must(service_->handle(server::CallContext{}, LookupRequest{path}));
    return encode_handle(ref_of(e.entry, path, sha1_key, kTestShare));
  }
  HandleBytes root() { return handle_at(exported_.path); }

  Attr getattr(const HandleBytes& fh) { return attr_result(run(NFSPROC_GETATTR, encode_args([&](XDR* x) { return put_fh(x, fh); }))); }
  Attr setattr(const HandleBytes& fh, const sattr& s) {
    return attr_result(run(NFSPROC_SETATTR, encode_args([&](XDR* x) { return put_fh(x, fh) && put_sattr(x, s); })));
  }
  DirOp lookup(const HandleBytes& dir, const std::string& name) {
    return dirop_result(run(NFSPROC_LOOKUP, dirop_args(dir, name)));
  }
  Text readlink(const HandleBytes& fh) {
    Text t;
    decode(run(NFSPROC_READLINK, encode_args([&](XDR* x) { return put_fh(x, fh); })), xdr_readlinkres,
           [&](readlinkres& r) {
             t.status = r.status;
             if (r.status == NFS_OK) t.text = r.readlinkres_u.data;
           });
    return t;
  }
  ReadResult read(const HandleBytes& fh, uint32_t offset, uint32_t count) {
    ReadResult out;
    auto args = encode_args([&](XDR* x) { return put_fh(x, fh) && put_u32(x, offset) && put_u32(x, count) && put_u32(x, 0); });
    decode(run(NFSPROC_READ, args), xdr_readres, [&](readres& r) {
      out.status = r.status;
      if (r.status != NFS_OK) return;
      out.attr = r.readres_u.reply.attributes;
      out.data.assign(r.readres_u.reply.data.nfsdata_val, r.readres_u.reply.data.nfsdata_len);
    });
    return out;
  }
  Attr write(const HandleBytes& fh, uint32_t offset, const std::string& data) {
    return attr_result(run(NFSPROC_WRITE, write_args(fh, offset, data)));
  }
  static std::vector<char> write_args(const HandleBytes& fh, uint32_t offset, const std::string& data) {
    return encode_args([&](XDR* x) {
      return put_fh(x, fh) && put_u32(x, 0) && put_u32(x, offset) && put_u32(x, 0) && put_text(x, data);
    });
  }
  DirOp create(const HandleBytes& dir, const std::string& name, const sattr& s) {
    return dirop_result(run(NFSPROC_CREATE, create_args(dir, name, s)));
  }
  DirOp create(const HandleBytes& dir, const std::string& name, uint32_t mode = 0644) {
    return create(dir, name, mode_sattr(mode));
  }
  DirOp mkdir(const HandleBytes& dir, const std::string& name, uint32_t mode = 0755) {
    return dirop_result(run(NFSPROC_MKDIR, create_args(dir, name, mode_sattr(mode))));
  }
  nfsstat remove(const HandleBytes& dir, const std::string& name) {
    return status_result(run(NFSPROC_REMOVE, dirop_args(dir, name)));
  }
  nfsstat rmdir(const HandleBytes& dir, const std::string& name) {
    return status_result(run(NFSPROC_RMDIR, dirop_args(dir, name)));
  }
  nfsstat rename(const HandleBytes& from, const std::string& from_name, const HandleBytes& to, const std::string& to_name) {
    return status_result(run(NFSPROC_RENAME, encode_args([&](XDR* x) {
      return put_fh(x, from) && put_text(x, from_name) && put_fh(x, to) && put_text(x, to_name);
    })));
  }
  nfsstat link(const HandleBytes& from, const HandleBytes& dir, const std::string& name) {
    return status_result(run(NFSPROC_LINK, encode_args([&](XDR* x) {
      return put_fh(x, from) && put_fh(x, dir) && put_text(x, name);
    })));
  }
  nfsstat symlink(const HandleBytes& dir, const std::string& name, const std::string& target) {
    return status_result(run(NFSPROC_SYMLINK, encode_args([&](XDR* x) {
      return put_fh(x, dir) && put_text(x, name) && put_text(x, target) && put_sattr(x, unset_sattr());
    })));
  }
  ReadDirResult readdir(const HandleBytes& dir, uint32_t cookie, uint32_t count) {
    ReadDirResult out;
    auto args = encode_args([&](XDR* x) {
      char c[NFS_COOKIESIZE] = {char(cookie >> 24), char(cookie >> 16), char(cookie >> 8), char(cookie)};
      return put_fh(x, dir) && xdr_opaque(x, c, NFS_COOKIESIZE) && put_u32(x, count);
    });
    Outcome o = run(NFSPROC_READDIR, args);
    out.encoded_bytes = o.results.size();
    decode(o, xdr_readdirres, [&](readdirres& r) {
      out.status = r.status;
      if (r.status != NFS_OK) return;
      for (entry* e = r.readdirres_u.reply.entries; e; e = e->nextentry) {
        uint32_t c = 0;
        for (int i = 0; i < NFS_COOKIESIZE; ++i) c = c << 8 | static_cast<uint8_t>(e->cookie[i]);
        out.entries.push_back(Listed{e->fileid, e->name, c});
      }
      out.eof = r.readdirres_u.reply.eof;
    });
    return out;
  }
  // Every name in dir, paging with count; fails the test on an error.
  std::vector<std::string> list(const HandleBytes& dir, uint32_t count = 8192) {
    std::vector<std::string> names;
    uint32_t cookie = 0;
    for (int pages = 0; pages < 10000; ++pages) {
      ReadDirResult page = readdir(dir, cookie, count);
      BOOST_REQUIRE_EQUAL(page.status, NFS_OK);
      BOOST_REQUIRE(!page.entries.empty() || page.eof);
      for (const Listed& e : page.entries) names.push_back(e.name);
      if (page.eof) return names;
      cookie = page.entries.back().cookie;
    }
    BOOST_FAIL("READDIR never reached eof");
    return names;
  }
  Statfs statfs(const HandleBytes& fh) {
    Statfs out;
    decode(run(NFSPROC_STATFS, encode_args([&](XDR* x) { return put_fh(x, fh); })), xdr_statfsres,
           [&](statfsres& r) {
             out.status = r.status;
             if (r.status == NFS_OK) out.fs = r.statfsres_u.reply;
           });
    return out;
  }

  static std::vector<char> dirop_args(const HandleBytes& dir, const std::string& name) {
    return encode_args([&](XDR* x) { return put_fh(x, dir) && put_text(x, name); });
  }
  static std::vector<char> create_args(const HandleBytes& dir, const std::string& name, const sattr& s) {
    return encode_args([&](XDR* x) { return put_fh(x, dir) && put_text(x, name) && put_sattr(x, s); });
  }

 private:
  Attr attr_result(const Outcome& o) {
    Attr a;
    decode(o, xdr_attrstat, [&](attrstat& r) {
      a.status = r.status;
      if (r.status == NFS_OK) a.attr = r.attrstat_u.attributes;
    });
    return a;
  }
  DirOp dirop_result(const Outcome& o) {
    DirOp d;
    decode(o, xdr_diropres, [&](diropres& r) {
      d.status = r.status;
      if (r.status != NFS_OK) return;
      std::memcpy(d.fh.data(), r.diropres_u.diropres.file, kHandleSize);
      d.attr = r.diropres_u.diropres.attributes;
    });
    return d;
  }
  nfsstat status_result(const Outcome& o) {
    nfsstat s = NFSERR_IO;
    decode(o, xdr_nfsstat, [&](nfsstat& r) { s = r; });
    return s;
  }

  server::FlareService* service_ = nullptr;
  acl::Share exported_;
  std::shared_ptr<NfsProgram> program_;  // copies of a client share it
  uint32_t xid_ = 0;
};

// One bootstrapped volcano, a gateway on it, and "/d" (0755, kUser:kGroup) to work in.
class NfsFixture : public server::test::ServiceFixture {
 public:
  explicit NfsFixture(acl::Share exported = {}) : nfs(*svc, exported), exported_(exported) {
    ctx.creds.uid = kUser;
    ctx.creds.gid = kGroup;
    must(mkdir("/d"));
    d = nfs.handle_at("/d");
  }

  // Closes the volcano, opens it again on the same storage and serves it anew.
  void restart() {
    reopen();
    nfs.attach(*svc, exported_);
  }
  // A new gateway on the same volcano with another export.
  void reexport(acl::Share exported) {
    exported_ = exported;
    nfs.attach(*svc, exported);
  }

  NfsClient nfs;
  HandleBytes d{};

 private:
  acl::Share exported_;
};

}  // namespace magma::nfs::test
