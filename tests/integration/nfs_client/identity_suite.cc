// Who the caller is and which handles are valid: AUTH_UNIX ids honoured (ACCES for
// another user), root squashed and AUTH_NULL mapped to nobody, forged, truncated-looking
// and outdated handles answered with STALE.
#include <chrono>
#include <thread>

#include "tests/integration/nfs_client/suite.h"

namespace magma::nfstest {

namespace {

constexpr uint32_t kNobody = 65534;
constexpr uint32_t kOtherUid = 1001;
// magmad keeps a removed file openable this long (its unlinked grace) before the
// handle goes stale; the test waits past it.
constexpr auto kPastUnlinkedGrace = std::chrono::milliseconds(3000);

void check_other_user(Connection& c, const Fh& dir, const SuiteEnv& env, Tally& t) {
  DirOpReply secret = c.nfs->create(dir, "secret", with_mode(0600));
  t.status(c.nfs->write(secret.fh, 0, "owner only"), 0, "WRITE the owner's 0600 file");
  c.as_user(kOtherUid, kOtherUid);
  t.status(c.nfs->read(secret.fh, 0, 10), NFS3ERR_ACCES, "READ another user's 0600 file");
  t.status(c.nfs->write(secret.fh, 0, "x"), NFS3ERR_ACCES, "WRITE another user's 0600 file");
  t.status(c.nfs->create(dir, "intruder", with_mode(0644)), NFS3ERR_ACCES, "CREATE in another user's 0755 directory");
  t.status(c.nfs->setattr(secret.fh, with_mode(0666)), NFS3ERR_PERM, "SETATTR mode of another user's file");
  t.status(c.nfs->getattr(secret.fh), 0, "GETATTR another user's file");
  c.as_user(env.uid, env.gid);
  t.status(c.nfs->read(secret.fh, 0, 10), 0, "READ it back as its owner");
}

void check_squash(Connection& c, const Fh& dir, const SuiteEnv& env, Tally& t) {
  DirOpReply open = c.nfs->mkdir(dir, "open", with_mode(0777));
  t.status(open, 0, "MKDIR a 0777 directory");
  c.as_user(0, 0);
  DirOpReply by_root = c.nfs->create(open.fh, "by-root", with_mode(0644));
  t.status(by_root, 0, "CREATE as root");
  t.check(by_root.attr.uid == kNobody && by_root.attr.gid == kNobody, "root is squashed to nobody",
          "uid " + std::to_string(by_root.attr.uid));
  DirOpReply secret = c.nfs->lookup(dir, "secret");
  t.status(c.nfs->read(secret.fh, 0, 10), NFS3ERR_ACCES, "squashed root cannot READ a 0600 file");
  c.as_nobody();
  DirOpReply anonymous = c.nfs->create(open.fh, "by-nobody", with_mode(0644));
  t.status(anonymous, 0, "CREATE with AUTH_NULL");
  t.check(anonymous.attr.uid == kNobody, "AUTH_NULL is nobody", "uid " + std::to_string(anonymous.attr.uid));
  c.as_user(env.uid, env.gid);
}

void check_stale(Connection& c, const Fh& dir, Tally& t) {
  Fh forged;
  std::string noise = pattern(forged.size(), 99);
  std::copy(noise.begin(), noise.end(), forged.begin());
  t.status(c.nfs->getattr(forged), NFS3ERR_STALE, "GETATTR a forged handle");
  t.status(c.nfs->lookup(forged, "x"), NFS3ERR_STALE, "LOOKUP in a forged handle");
  Fh zeros{};
  t.status(c.nfs->read(zeros, 0, 10), NFS3ERR_STALE, "READ an all-zero handle");
  for (size_t byte : {size_t{0}, size_t{3}, size_t{10}, size_t{31}}) {
    Fh tampered = dir;
    tampered[byte] ^= 0x5a;
    t.status(c.nfs->getattr(tampered), NFS3ERR_STALE, "GETATTR a handle with byte " + std::to_string(byte) + " changed");
  }
  DirOpReply gone = c.nfs->create(dir, "gone", with_mode(0644));
  t.status(c.nfs->remove(dir, "gone"), 0, "REMOVE a file whose handle is kept");
  std::this_thread::sleep_for(kPastUnlinkedGrace);
  t.status(c.nfs->getattr(gone.fh), NFS3ERR_STALE, "GETATTR a removed file's handle");
}

}  // namespace

void run_identity_suite(const SuiteEnv& env, Tally& t) {
  auto c = connect(env, t);
  if (!c) return;
  std::optional<Fh> dir = work_dir(*c, env, t, "identity");
  if (!dir) return;
  check_other_user(*c, *dir, env, t);
  check_squash(*c, *dir, env, t);
  check_stale(*c, *dir, t);
}

}  // namespace magma::nfstest
