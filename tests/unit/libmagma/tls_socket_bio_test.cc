// Tests of libmagma/tls_socket_bio: bytes cross a socket pair, an empty non-blocking
// socket asks OpenSSL to retry, and writing to a socket whose peer has gone fails with
// EPIPE instead of raising SIGPIPE (which would end this test binary).
#include "libmagma/tls_socket_bio.h"

#include <fcntl.h>
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <memory>
#include <string>

#include "libmagma/unique_fd.h"

namespace magma {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::pair<UniqueFd, UniqueFd> socket_pair() {
  int fds[2];
  BOOST_REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tls_socket_bio_test)

BOOST_AUTO_TEST_CASE(bytes_cross_and_an_empty_socket_asks_for_a_retry) {
  auto [a, b] = socket_pair();
  BioPtr writer(new_socket_bio(a.get())), reader(new_socket_bio(b.get()));
  BOOST_TEST(BIO_write(writer.get(), "lava", 4) == 4);
  char got[8] = {};
  BOOST_TEST(BIO_read(reader.get(), got, sizeof got) == 4);
  BOOST_TEST(std::string(got) == "lava");
  ::fcntl(b.get(), F_SETFL, O_NONBLOCK);
  BOOST_TEST(BIO_read(reader.get(), got, sizeof got) == -1);
  BOOST_TEST(BIO_should_retry(reader.get()));
  BOOST_TEST(BIO_should_read(reader.get()));
}

BOOST_AUTO_TEST_CASE(writing_to_a_gone_peer_fails_without_sigpipe) {
  auto [a, b] = socket_pair();
  BioPtr writer(new_socket_bio(a.get()));
  b.reset();
  BOOST_TEST(BIO_write(writer.get(), "lava", 4) == -1);
  BOOST_TEST(errno == EPIPE);
  BOOST_TEST(!BIO_should_retry(writer.get()));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace magma
