// Listening TCP sockets.
#include "libmagma/tcp_listen.h"

#include <string>

namespace magma {

Status listen_on(boost::asio::ip::tcp::acceptor& acceptor, const boost::asio::ip::tcp::endpoint& endpoint,
                 std::string_view what) {
  using boost::asio::ip::tcp;
  boost::system::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (!ec) return Status::ok();
  boost::system::error_code ignored;
  acceptor.close(ignored);
  return Status(Errc::Io, "cannot listen for " + std::string(what) + " on " + endpoint.address().to_string() + ":" +
                              std::to_string(endpoint.port()) + ": " + ec.message());
}

uint16_t bound_port(const boost::asio::ip::tcp::acceptor& acceptor) {
  boost::system::error_code ec;
  auto endpoint = acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

}  // namespace magma
