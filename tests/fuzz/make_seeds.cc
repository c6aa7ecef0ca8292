// Writes the generated part of the fuzz targets' seed corpus: one request frame per op of
// libmagma/flare_ops.def (wire_codec) and one RPC call per NFS v2 and MOUNT v1 procedure
// (nfs_rpc), with plausible values, as a client or volcano would send them. Run by hand
// when the op table or a procedure changes:  make_seeds tests/fuzz/corpus
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <type_traits>
#include <vector>

#include "libmagma/flare_messages.h"
#include "libmagma/frame.h"
#include "nfs_gateway/file_handle.h"
#include "nfs_gateway/rpc/xdr_mem.h"
#include "rpcgen/mount.h"
#include "rpcgen/nfs_prot.h"

namespace magma {
namespace {

void write_file(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::perror(path.c_str());
    std::exit(1);
  }
}

// Gives every field a plausible value: paths, a few data bytes, keys, one-element lists.
struct Seeder {
  void operator()(bool& v) { v = true; }
  template <class I, std::enable_if_t<std::is_integral_v<I>, int> = 0>
  void operator()(I& v) { v = static_cast<I>(0644); }
  void operator()(std::string& v) { v = "/seed/dir/file.txt"; }
  void operator()(Bytes& v) { v = {'d', 'a', 't', 'a'}; }
  void operator()(Key& v) { v = sha1_key("/seed/dir"); }
  void operator()(Slice& v) { v = Slice{sha1_key("a"), sha1_key("b")}; if (v.stop < v.start) std::swap(v.start, v.stop); }
  template <class E, std::enable_if_t<std::is_enum_v<E>, int> = 0>
  void operator()(E& v) {
    for (std::underlying_type_t<E> raw = 0; raw < 64; ++raw)
      if (v = static_cast<E>(raw); enum_in_range(v)) return;
  }
  template <class T>
  void operator()(std::vector<T>& v) { (*this)(v.emplace_back()); }
  template <class T>
  auto operator()(T& msg) -> decltype(msg.visit_fields(0), void()) {
    msg.visit_fields([this](auto&... f) { ((*this)(f), ...); });
  }
};

template <class Request>
Bytes request_frame(uint16_t op, const Credentials& creds) {
  Request req;
  Seeder{}(req);
  Bytes frame = start_frame(op, op, 0);
  encode_message(creds, frame);
  encode_message(req, frame);
  finish_frame(frame);
  return frame;
}

void write_wire_codec(const std::string& dir) {
  Credentials user{1000, 1000, {1000, 24}, ""};
  Credentials forwarded{0, 0, {}, "192.0.2.7"};
#define MAGMA_FLARE_OP(Name, id, Request, Response)                                                \
  write_file(dir + "/" #Name, request_frame<Request>(id, user));                                    \
  if (is_node_op(id) || id == 3) write_file(dir + "/" #Name "-forwarded", request_frame<Request>(id | kOpForwarded, forwarded));
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP
}

}  // namespace
}  // namespace magma

namespace magma::nfs {
namespace {

// XDR writing into a growing call.
class CallWriter {
 public:
  CallWriter() : buffer_(8192), xdr_(buffer_, XDR_ENCODE) {}
  XDR* x() { return xdr_.get(); }
  void word(uint32_t w) { xdr_u_int(x(), &w); }
  void opaque(const void* p, u_int n) { xdr_opaque(x(), static_cast<char*>(const_cast<void*>(p)), n); }
  void bytes(const std::string& s) {
    char* p = const_cast<char*>(s.data());
    u_int n = static_cast<u_int>(s.size());
    xdr_bytes(x(), &p, &n, 4096);
  }
  void handle(const HandleBytes& h) { opaque(h.data(), kHandleSize); }
  void sattr_unset() {
    for (int i = 0; i < 8; ++i) word(0xffffffffu);  // mode uid gid size atime(2) mtime(2)
  }
  Bytes done() {
    buffer_.resize(xdr_.position());
    return buffer_;
  }

 private:
  Bytes buffer_;
  rpc::XdrMem xdr_;
};

// The call header: AUTH_UNIX as uid 1000 from "client" (or root, or AUTH_NONE), no verifier.
void header(CallWriter& w, uint32_t xid, uint32_t program, uint32_t version, uint32_t procedure, int who) {
  for (uint32_t v : {xid, 0u /*CALL*/, 2u, program, version, procedure}) w.word(v);
  if (who < 0) {
    w.word(AUTH_NONE);
    w.word(0);
  } else {
    CallWriter body;
    body.word(1700000000);  // stamp
    body.bytes("client");
    body.word(static_cast<uint32_t>(who));
    body.word(static_cast<uint32_t>(who));
    body.word(2);
    body.word(static_cast<uint32_t>(who));
    body.word(24);
    Bytes b = body.done();
    w.word(AUTH_UNIX);
    w.word(static_cast<uint32_t>(b.size()));
    w.opaque(b.data(), static_cast<u_int>(b.size()));
  }
  w.word(AUTH_NONE);
  w.word(0);
}

void nfs_args(CallWriter& w, uint32_t procedure) {
  HandleBytes file = encode_handle(FileRef{sha1_key("flare"), share_tag_of("home")});
  HandleBytes dir = encode_handle(DirRef{sha1_key("/home"), 0x1234567});
  switch (procedure) {
    case NFSPROC_GETATTR: case NFSPROC_READLINK: case NFSPROC_STATFS: w.handle(procedure == NFSPROC_STATFS ? dir : file); break;
    case NFSPROC_SETATTR: w.handle(file); w.word(0600); for (int i = 0; i < 7; ++i) w.word(0xffffffffu); break;
    case NFSPROC_LOOKUP: case NFSPROC_REMOVE: case NFSPROC_RMDIR: w.handle(dir); w.bytes("file.txt"); break;
    case NFSPROC_READ: w.handle(file); w.word(0); w.word(8192); w.word(0); break;
    case NFSPROC_WRITE: w.handle(file); w.word(0); w.word(4096); w.word(0); w.bytes("hello\n"); break;
    case NFSPROC_CREATE: case NFSPROC_MKDIR: w.handle(dir); w.bytes("new"); w.sattr_unset(); break;
    case NFSPROC_RENAME: w.handle(dir); w.bytes("old"); w.handle(dir); w.bytes("new"); break;
    case NFSPROC_LINK: w.handle(file); w.handle(dir); w.bytes("link"); break;
    case NFSPROC_SYMLINK: w.handle(dir); w.bytes("sym"); w.bytes("../target"); w.sattr_unset(); break;
    case NFSPROC_READDIR: w.handle(dir); w.word(5); w.word(4096); break;
    default: break;  // void
  }
}

// A call in the fuzz target's form: a first byte 0 and the datagram, or 1 and the TCP
// stream, here in two fragments.
Bytes as_udp(const Bytes& call) {
  Bytes out{0};
  out.insert(out.end(), call.begin(), call.end());
  return out;
}
Bytes as_tcp(const Bytes& call) {
  size_t half = call.size() / 2;
  Bytes out{1};
  auto mark = [&out](size_t n, bool last) {
    uint32_t m = static_cast<uint32_t>(n) | (last ? 0x80000000u : 0);
    for (int i = 3; i >= 0; --i) out.push_back(static_cast<uint8_t>(m >> (8 * i)));
  };
  mark(half, false);
  out.insert(out.end(), call.begin(), call.begin() + static_cast<std::ptrdiff_t>(half));
  mark(call.size() - half, true);
  out.insert(out.end(), call.begin() + static_cast<std::ptrdiff_t>(half), call.end());
  return out;
}

void write_nfs_rpc(const std::string& dir) {
  for (uint32_t p = 0; p <= NFSPROC_STATFS; ++p) {
    CallWriter w;
    header(w, 100 + p, NFS_PROGRAM, NFS_VERSION, p, p == NFSPROC_CREATE ? 0 : 1000);
    nfs_args(w, p);
    Bytes call = w.done();
    write_file(dir + "/nfs-" + std::to_string(p), as_udp(call));
    if (p == NFSPROC_LOOKUP || p == NFSPROC_WRITE) write_file(dir + "/nfs-tcp-" + std::to_string(p), as_tcp(call));
  }
  for (uint32_t p = 0; p <= MOUNTPROC_EXPORT; ++p) {
    CallWriter w;
    header(w, 200 + p, MOUNTPROG, MOUNTVERS, p, p == MOUNTPROC_MNT ? -1 : 1000);
    if (p == MOUNTPROC_MNT || p == MOUNTPROC_UMNT) w.bytes("/home/ann/../john/./src");
    write_file(dir + "/mount-" + std::to_string(p), as_udp(w.done()));
  }
}

}  // namespace
}  // namespace magma::nfs

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds CORPUS_DIR (its wire_codec/ and nfs_rpc/ must exist)\n");
    return 2;
  }
  std::string corpus = argv[1];
  magma::write_wire_codec(corpus + "/wire_codec");
  magma::nfs::write_nfs_rpc(corpus + "/nfs_rpc");
  return 0;
}
