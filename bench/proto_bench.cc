// proto_bench: the same workload through the native flare protocol (libmagma's
// LavaClient) or through the NFSv2 gateway (libtirpc with the XDR routines rpcgen made from
// our own specs; libnfs 4.0 cannot send an 8 KiB WRITE), so bench/run can tell what the
// gateway adds to an operation. Each of --clients threads has its own connection and keeps
// one request in flight, in 8 KiB transfers (NFSv2's largest) on both doors, every write
// stable (NFSv2 WRITE always is). Phases, each timed from the moment every client starts
// it until the last one ends it:
//   write   --mib MiB per client into its own new file
//   read    the file back
//   create  --files files of 4 KiB per client (create, then one write)
// Prints one JSON object: {"write_mib_s": ..., "read_mib_s": ..., "create_files_s": ...}.
//
// Usage: proto_bench --proto native|nfs --host H --port P [--mount-port M] --dir /path
//                    [--clients N] [--mib N] [--files N] [--setup]
// --dir is a directory of the lava that must exist and be writable by uid 65534 (the
// clients' identity on both doors; --setup makes it, mode 01777, through the native door).
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <barrier>
#include <chrono>
#include <cstdio>
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>

#include "libmagma/lava_client.h"
#include "rpcgen/mount.h"
#include "rpcgen/nfs_prot.h"

namespace {

using magma::Credentials;
using magma::Status;

constexpr uint32_t kChunk = 8192;
constexpr uint32_t kSmallFile = 4096;
const Credentials kNobody{65534, 65534, {}, {}};

struct Settings {
  std::string proto, host, dir, key;
  int port = 0, mount_port = 0, clients = 1, mib = 64, files = 500;
  bool setup = false;
};

// The native door's connection settings.
magma::ClientOptions client_options(const Settings& s) {
  magma::ClientOptions o;
  o.host = s.host;
  o.port = static_cast<uint16_t>(s.port);
  o.key = s.key;
  return o;
}

// One client's view of a door: its own connection, the three phases' primitives.
class Door {
 public:
  virtual ~Door() = default;
  virtual Status create(const std::string& name) = 0;  // an empty file in --dir, opened for I/O
  virtual Status write(uint64_t offset, const std::string& data) = 0;  // to the last created file
  virtual Status read(uint64_t offset, uint32_t size) = 0;
  virtual Status remove(const std::string& name) = 0;
};

class NativeDoor : public Door {
 public:
  static std::unique_ptr<Door> open(const Settings& s, Status& error) {
    auto client = magma::LavaClient::connect(client_options(s));
    if (!client) {
      error = client.status();
      return nullptr;
    }
    return std::unique_ptr<Door>(new NativeDoor(std::move(*client), s.dir));
  }
  Status create(const std::string& name) override {
    auto made = client_->call(kNobody, magma::MknodRequest{dir_ + "/" + name, magma::FlareType::Regular, 0644, 0, false});
    if (made) file_ = made->entry.id;
    return made.status();
  }
  Status write(uint64_t offset, const std::string& data) override {
    return client_->call(kNobody, magma::WriteRequest{file_, offset, magma::Bytes(data.begin(), data.end()), true})
        .status();
  }
  Status read(uint64_t offset, uint32_t size) override {
    auto got = client_->call(kNobody, magma::ReadRequest{file_, offset, size});
    if (got && got->data.size() != size) return Status(magma::Errc::Io, "short read");
    return got.status();
  }
  Status remove(const std::string& name) override {
    return client_->call(kNobody, magma::UnlinkRequest{dir_ + "/" + name}).status();
  }

 private:
  NativeDoor(std::unique_ptr<magma::LavaClient> client, std::string dir)
      : client_(std::move(client)), dir_(std::move(dir)) {}
  std::unique_ptr<magma::LavaClient> client_;
  std::string dir_;
  magma::FlareId file_;
};

// One NFS or MOUNT client over TCP to a given port (no portmapper), as nobody.
class RpcClient {
 public:
  static std::unique_ptr<RpcClient> connect(const Settings& s, int port, rpcprog_t program, rpcvers_t version,
                                            Status& error) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (inet_pton(AF_INET, s.host.c_str(), &addr.sin_addr) != 1) {
      error = Status(magma::Errc::Invalid, "--host must be an IPv4 address for nfs");
      return nullptr;
    }
    int sock = RPC_ANYSOCK;
    CLIENT* client = clnttcp_create(&addr, program, version, &sock, 0, 0);
    if (!client) {
      error = Status(magma::Errc::Disconnected, clnt_spcreateerror(s.host.c_str()));
      return nullptr;
    }
    client->cl_auth = authunix_create(const_cast<char*>("proto_bench"), kNobody.uid, kNobody.gid, 0, nullptr);
    return std::unique_ptr<RpcClient>(new RpcClient(client));
  }
  ~RpcClient() {
    auth_destroy(client_->cl_auth);
    clnt_destroy(client_);
  }
  // Calls proc; the results are the caller's to xdr_free.
  Status call(rpcproc_t proc, xdrproc_t encode, void* args, xdrproc_t decode, void* results) {
    timeval timeout{60, 0};
    enum clnt_stat st = clnt_call(client_, proc, encode, static_cast<char*>(args), decode,
                                  static_cast<char*>(results), timeout);
    if (st != RPC_SUCCESS) return Status(magma::Errc::Io, clnt_sperrno(st));
    return Status::ok();
  }

 private:
  explicit RpcClient(CLIENT* client) : client_(client) {}
  CLIENT* client_;
};

Status nfs_status(const Status& rpc, nfsstat status, const char* what) {
  if (!rpc.is_ok()) return Status(rpc.code(), std::string(what) + ": " + rpc.message());
  if (status != NFS_OK) return Status(magma::Errc::Io, std::string(what) + ": nfsstat " + std::to_string(status));
  return Status::ok();
}

sattr no_change() {
  constexpr u_int kUnset = 0xFFFFFFFF;
  return sattr{kUnset, kUnset, kUnset, kUnset, {kUnset, kUnset}, {kUnset, kUnset}};
}

class NfsDoor : public Door {
 public:
  static std::unique_ptr<Door> open(const Settings& s, Status& error) {
    auto mount = RpcClient::connect(s, s.mount_port, MOUNTPROG, MOUNTVERS, error);
    auto nfs = mount ? RpcClient::connect(s, s.port, NFS_PROGRAM, NFS_VERSION, error) : nullptr;
    if (!nfs) return nullptr;
    std::unique_ptr<NfsDoor> door(new NfsDoor(std::move(nfs)));
    char* root = const_cast<char*>("/");
    fhstatus mounted{};
    error = mount->call(MOUNTPROC_MNT, xdrproc_t(xdr_dirpath), &root, xdrproc_t(xdr_fhstatus), &mounted);
    if (error.is_ok() && mounted.fhs_status != 0) error = Status(magma::Errc::Io, "MNT /: " + std::to_string(mounted.fhs_status));
    if (!error.is_ok()) return nullptr;
    std::memcpy(door->dir_, mounted.fhstatus_u.fhs_fhandle, NFS_FHSIZE);
    for (size_t at = 1; error.is_ok() && at < s.dir.size();) {  // LOOKUP each component of --dir
      size_t end = std::min(s.dir.find('/', at), s.dir.size());
      error = door->dir_op(NFSPROC_LOOKUP, s.dir.substr(at, end - at), door->dir_);
      at = end + 1;
    }
    return error.is_ok() ? std::move(door) : nullptr;
  }
  Status create(const std::string& name) override { return dir_op(NFSPROC_CREATE, name, file_); }
  Status write(uint64_t offset, const std::string& data) override {
    writeargs args{};
    std::memcpy(args.file, file_, NFS_FHSIZE);
    args.offset = static_cast<u_int>(offset);
    args.data = {static_cast<u_int>(data.size()), const_cast<char*>(data.data())};
    attrstat res{};
    Status rpc = nfs_->call(NFSPROC_WRITE, xdrproc_t(xdr_writeargs), &args, xdrproc_t(xdr_attrstat), &res);
    return nfs_status(rpc, res.status, "WRITE");
  }
  Status read(uint64_t offset, uint32_t size) override {
    readargs args{};
    std::memcpy(args.file, file_, NFS_FHSIZE);
    args.offset = static_cast<u_int>(offset);
    args.count = size;
    readres res{};
    Status rpc = nfs_->call(NFSPROC_READ, xdrproc_t(xdr_readargs), &args, xdrproc_t(xdr_readres), &res);
    Status st = nfs_status(rpc, res.status, "READ");
    if (st.is_ok() && res.readres_u.reply.data.nfsdata_len != size) st = Status(magma::Errc::Io, "short READ");
    if (rpc.is_ok()) xdr_free(xdrproc_t(xdr_readres), reinterpret_cast<char*>(&res));
    return st;
  }
  Status remove(const std::string& name) override {
    diropargs args{};
    std::memcpy(args.dir, dir_, NFS_FHSIZE);
    args.name = const_cast<char*>(name.c_str());
    nfsstat res{};
    Status rpc = nfs_->call(NFSPROC_REMOVE, xdrproc_t(xdr_diropargs), &args, xdrproc_t(xdr_nfsstat), &res);
    return nfs_status(rpc, res, "REMOVE");
  }

 private:
  explicit NfsDoor(std::unique_ptr<RpcClient> nfs) : nfs_(std::move(nfs)) {}

  // LOOKUP or CREATE (a 0644 file) of name in dir_; the handle found goes to out.
  Status dir_op(rpcproc_t proc, const std::string& name, nfs_fh& out) {
    createargs args{};
    std::memcpy(args.where.dir, dir_, NFS_FHSIZE);
    args.where.name = const_cast<char*>(name.c_str());
    args.attributes = no_change();
    args.attributes.mode = 0100644;
    diropres res{};
    Status rpc = proc == NFSPROC_LOOKUP
                     ? nfs_->call(proc, xdrproc_t(xdr_diropargs), &args.where, xdrproc_t(xdr_diropres), &res)
                     : nfs_->call(proc, xdrproc_t(xdr_createargs), &args, xdrproc_t(xdr_diropres), &res);
    Status st = nfs_status(rpc, res.status, proc == NFSPROC_LOOKUP ? "LOOKUP" : "CREATE");
    if (st.is_ok()) std::memcpy(out, res.diropres_u.diropres.file, NFS_FHSIZE);
    return st;
  }

  std::unique_ptr<RpcClient> nfs_;
  nfs_fh dir_{}, file_{};
};

using Clock = std::chrono::steady_clock;

// Notes when the last client reached a phase boundary. REQUIRES: marks has room (reserved).
struct NoteTime {
  std::vector<Clock::time_point>* marks;
  void operator()() noexcept { marks->push_back(Clock::now()); }
};
// Where every client starts each phase at once.
using PhaseBarrier = std::barrier<NoteTime>;

// The phases of one client; the first failure ends its run.
Status run_client(Door& door, const Settings& s, int me, PhaseBarrier& sync) {
  const std::string big = "big-" + std::to_string(me), data(kChunk, static_cast<char>('a' + me % 26));
  const uint64_t bytes = uint64_t{static_cast<uint64_t>(s.mib)} << 20;
  Status st = door.create(big);
  sync.arrive_and_wait();  // write
  for (uint64_t at = 0; st.is_ok() && at < bytes; at += kChunk) st = door.write(at, data);
  sync.arrive_and_wait();  // read
  for (uint64_t at = 0; st.is_ok() && at < bytes; at += kChunk) st = door.read(at, kChunk);
  sync.arrive_and_wait();  // create
  const std::string small(kSmallFile, 's');
  for (int i = 0; st.is_ok() && i < s.files; ++i) {
    st = door.create("small-" + std::to_string(me) + "-" + std::to_string(i));
    if (st.is_ok()) st = door.write(0, small);
  }
  sync.arrive_and_wait();  // done
  if (st.is_ok()) st = door.remove(big);
  for (int i = 0; st.is_ok() && i < s.files; ++i) st = door.remove("small-" + std::to_string(me) + "-" + std::to_string(i));
  return st;
}

Status make_dir(const Settings& s) {
  auto client = magma::LavaClient::connect(client_options(s));
  if (!client) return client.status();
  auto made = (*client)->call(Credentials{}, magma::MknodRequest{s.dir, magma::FlareType::Directory, 01777, 0, false});
  return made.code() == magma::Errc::Exists ? Status::ok() : made.status();
}

int run(const Settings& s) {
  std::vector<Clock::time_point> marks;  // the start of each phase, and the end
  marks.reserve(4);
  PhaseBarrier sync(s.clients, NoteTime{&marks});
  std::vector<Status> results(s.clients);
  std::vector<std::thread> threads;
  for (int i = 0; i < s.clients; ++i) {
    threads.emplace_back([&, i] {
      Status error;
      auto door = s.proto == "nfs" ? NfsDoor::open(s, error) : NativeDoor::open(s, error);
      if (!door) {
        results[i] = error;
        sync.arrive_and_drop();  // the others' phases go on without this client
        return;
      }
      results[i] = run_client(*door, s, i, sync);
    });
  }
  for (auto& t : threads) t.join();
  for (const Status& st : results)
    if (!st.is_ok()) {
      std::fprintf(stderr, "proto_bench: %s\n", st.to_string().c_str());
      return 1;
    }
  auto seconds = [&](int phase) { return std::chrono::duration<double>(marks[phase + 1] - marks[phase]).count(); };
  double mib = double(s.mib) * s.clients;
  std::printf("{\"write_mib_s\": %.2f, \"read_mib_s\": %.2f, \"create_files_s\": %.1f}\n", mib / seconds(0),
              mib / seconds(1), double(s.files) * s.clients / seconds(2));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  namespace po = boost::program_options;
  Settings s;
  po::options_description opts("proto_bench options");
  opts.add_options()("proto", po::value(&s.proto)->required(), "native or nfs")(
      "host", po::value(&s.host)->default_value("127.0.0.1"), "a volcano's address")(
      "port", po::value(&s.port)->required(), "its flare port (native) or NFS port (nfs)")(
      "mount-port", po::value(&s.mount_port), "its MOUNT port (nfs)")(
      "dir", po::value(&s.dir)->required(), "a directory of the lava for the files")(
      "clients", po::value(&s.clients)->default_value(1), "concurrent clients")(
      "mib", po::value(&s.mib)->default_value(64), "MiB each client writes and reads")(
      "files", po::value(&s.files)->default_value(500), "small files each client creates")(
      "setup", po::bool_switch(&s.setup), "make --dir (mode 01777) through the native door, then exit")(
      "key", po::value(&s.key), "the lava key (native door)");
  try {
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, opts), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "proto_bench: %s\n", e.what());
    return 2;
  }
  if (s.setup) {
    Status made = make_dir(s);
    if (!made.is_ok()) std::fprintf(stderr, "proto_bench: %s\n", made.to_string().c_str());
    return made.is_ok() ? 0 : 1;
  }
  // NFSv2 offsets are 32 bits; a --dir component must not be empty.
  if ((s.proto != "native" && s.proto != "nfs") || s.clients < 1 || s.mib < 0 || s.mib >= 2048 || s.files < 0 ||
      (s.proto == "nfs" && s.mount_port == 0) || s.dir.empty() || s.dir[0] != '/' ||
      s.dir.find("//") != std::string::npos || (s.dir.size() > 1 && s.dir.back() == '/')) {
    std::fprintf(stderr, "proto_bench: bad arguments (see --proto, --clients, --mib < 2048, --mount-port, --dir)\n");
    return 2;
  }
  return run(s);
}
