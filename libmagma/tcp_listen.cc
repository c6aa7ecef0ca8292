// Listening TCP sockets.
#include "libmagma/tcp_listen.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <string>

#include "libmagma/logging.h"

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

boost::asio::awaitable<std::optional<boost::asio::ip::tcp::socket>> accept_next(
    boost::asio::ip::tcp::acceptor& acceptor, std::string_view what) {
  namespace asio = boost::asio;
  while (acceptor.is_open()) {
    boost::system::error_code ec;
    asio::ip::tcp::socket socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (!ec) co_return std::move(socket);
    if (ec == asio::error::operation_aborted) break;
    MAGMA_LOG(warning) << what << ": accept failed: " << ec.message();
    asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
    co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return std::nullopt;
}

uint16_t bound_port(const boost::asio::ip::tcp::acceptor& acceptor) {
  boost::system::error_code ec;
  auto endpoint = acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

}  // namespace magma
