// Listening TCP sockets, opened alike for every port a Magma program serves (flare and
// node ports, the console, the NFS gateway's TCP side). Internal to the programs; not an
// installed header.
#pragma once

#include <utility>  // before Asio: Boost 1.74 uses std::exchange without it
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "libmagma/errc.h"

namespace magma {

// Opens acceptor on endpoint (address reuse on, the system's longest backlog). Fails with
// Io "cannot listen for WHAT on ADDRESS:PORT: reason", leaving acceptor closed.
Status listen_on(boost::asio::ip::tcp::acceptor& acceptor, const boost::asio::ip::tcp::endpoint& endpoint,
                 std::string_view what);

// The next connection acceptor takes; nullopt once the acceptor is closed. A failed
// accept (out of descriptors and the like) is logged, naming what, and retried after a
// pause: the connections already open go on being served.
boost::asio::awaitable<std::optional<boost::asio::ip::tcp::socket>> accept_next(
    boost::asio::ip::tcp::acceptor& acceptor, std::string_view what);

// The port acceptor is bound to (the chosen one for port 0); 0 when it is not open.
uint16_t bound_port(const boost::asio::ip::tcp::acceptor& acceptor);

}  // namespace magma
