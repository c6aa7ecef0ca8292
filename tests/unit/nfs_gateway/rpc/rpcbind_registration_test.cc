// Tests of rpcbind registration against a real rpcbind. So that it can neither see nor
// disturb the machine's own (port 111, /run/rpcbind.sock), the test runs this binary again
// under unshare(1) in a private network and mount namespace; there it brings loopback up,
// mounts an empty /run and starts its own rpcbind. Without root, rpcbind or namespaces the
// test says why and skips.
#include "nfs_gateway/rpc/rpcbind_registration.h"

#include <net/if.h>
#include <rpc/pmap_clnt.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>

#include "tests/unit/nfs_gateway/rpc/server_fixture.h"

extern char** environ;

namespace magma::nfs::rpc {
namespace {

using namespace test;
using namespace std::chrono_literals;

constexpr char kSandboxVariable[] = "MAGMA_RPCBIND_SANDBOX";
constexpr int kSkipStatus = 77;
constexpr char kRpcbind[] = "/usr/sbin/rpcbind";

// Starts argv[0] (searched in PATH) with env; returns its pid, or -1.
pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  std::vector<char*> args, vars;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  for (const auto& v : env) vars.push_back(const_cast<char*>(v.c_str()));
  args.push_back(nullptr);
  vars.push_back(nullptr);
  pid_t pid = -1;
  return posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), vars.data()) == 0 ? pid : -1;
}

std::vector<std::string> environment() {
  std::vector<std::string> env;
  for (char** v = environ; *v; ++v) env.emplace_back(*v);
  return env;
}

// The exit status of argv, or -1 when it did not start or did not exit.
int run(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  pid_t pid = spawn(argv, env);
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

// Why the sandbox cannot be built here; empty when it can.
std::string why_no_sandbox() {
  if (::geteuid() != 0) return "a private network namespace needs root";
  if (::access(kRpcbind, X_OK) != 0) return std::string("no ") + kRpcbind + " (Debian package rpcbind)";
  if (run({"unshare", "--net", "--mount", "true"}, environment()) != 0) {
    return "unshare --net --mount failed (not installed or not permitted)";
  }
  return "";
}

[[noreturn]] void skip_inside(const std::string& why) {
  std::cerr << "rpcbind test skipped: " << why << std::endl;
  std::_Exit(kSkipStatus);
}

void bring_up_loopback() {
  UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(fd.get(), SIOCGIFFLAGS, &ifr) != 0) skip_inside("cannot read the flags of lo");
  ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
  if (::ioctl(fd.get(), SIOCSIFFLAGS, &ifr) != 0) skip_inside("cannot bring lo up");
}

// rpcbind on an empty private /run, stopped with the object.
class SandboxRpcbind {
 public:
  SandboxRpcbind() {
    if (::mount("tmpfs", "/run", "tmpfs", 0, nullptr) != 0) skip_inside("cannot mount a private /run");
    ::mkdir("/run/rpcbind", 0755);
    pid_ = spawn({kRpcbind, "-f"}, environment());
    if (pid_ < 0) skip_inside("cannot start rpcbind");
    for (int i = 0; i < 100 && ::access("/run/rpcbind.sock", F_OK) != 0; ++i) std::this_thread::sleep_for(50ms);
    if (::access("/run/rpcbind.sock", F_OK) != 0) skip_inside("rpcbind did not come up");
  }
  ~SandboxRpcbind() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }

 private:
  pid_t pid_ = -1;
};

// The port rpcbind gives for program/version over proto (IPPROTO_UDP/TCP); 0 if none.
uint16_t registered_port(uint32_t version, int proto) {
  sockaddr_in rpcbind{};
  rpcbind.sin_family = AF_INET;
  rpcbind.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return pmap_getport(&rpcbind, kFakeProgram, version, static_cast<u_int>(proto));
}

void register_and_unregister_inside_the_sandbox() {
  bring_up_loopback();
  SandboxRpcbind rpcbind;
  RpcServerOptions options = loopback_options();
  options.register_with_rpcbind = true;
  ServerFixture fixture(options);
  for (uint32_t version = kFakeMinVersion; version <= kFakeMaxVersion; ++version) {
    BOOST_CHECK_EQUAL(registered_port(version, IPPROTO_UDP), fixture.port());
    BOOST_CHECK_EQUAL(registered_port(version, IPPROTO_TCP), fixture.port());
  }
  // A client that knows only the host finds the server through rpcbind.
  CLIENT* client = clnt_create("127.0.0.1", kFakeProgram, kFakeMaxVersion, "udp");
  BOOST_REQUIRE_MESSAGE(client, clnt_spcreateerror("clnt_create through rpcbind"));
  BOOST_CHECK(tirpc_echo(client, 5) == 6u);
  clnt_destroy(client);
  fixture.server->stop();
  for (uint32_t version = kFakeMinVersion; version <= kFakeMaxVersion; ++version) {
    BOOST_CHECK_EQUAL(registered_port(version, IPPROTO_UDP), 0);
    BOOST_CHECK_EQUAL(registered_port(version, IPPROTO_TCP), 0);
  }
}

// Runs the test here when inside the sandbox, else when the sandbox can be built; a skip
// says why (on stderr too: Boost.Test shows it only at log level test_suite).
boost::test_tools::assertion_result sandbox_possible(boost::unit_test::test_unit_id) {
  if (std::getenv(kSandboxVariable)) return true;
  std::string why = why_no_sandbox();
  boost::test_tools::assertion_result possible(why.empty());
  if (!why.empty()) {
    std::cerr << "rpcbind test skipped: " << why << std::endl;
    possible.message() << why;
  }
  return possible;
}

BOOST_AUTO_TEST_SUITE(rpcbind_registration)

BOOST_AUTO_TEST_CASE(the_server_registers_at_start_and_unregisters_at_stop,
                     *boost::unit_test::precondition(sandbox_possible)) {
  if (std::getenv(kSandboxVariable)) return register_and_unregister_inside_the_sandbox();
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  BOOST_REQUIRE_GT(n, 0);
  self[n] = '\0';
  std::vector<std::string> env = environment();
  env.push_back(std::string(kSandboxVariable) + "=1");
  // The inner run reports nothing and logs only errors: this binary's log counts the case once.
  int status = run({"unshare", "--net", "--mount", "--propagation", "private", self, "--report_level=no",
                    "--log_level=error",
                    "--run_test=rpcbind_registration/the_server_registers_at_start_and_unregisters_at_stop"},
                   env);
  if (status == kSkipStatus) return;  // the sandbox said why
  BOOST_CHECK_MESSAGE(status == 0, "the test inside the sandbox failed (exit status " << status << ")");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::nfs::rpc
