// What the console sends, as a telnet client expects it (RFC 854's NVT): each '\n' of
// the text becomes CR LF and a 0xFF byte is doubled (IAC IAC), so no data byte reads as
// a telnet command. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace magma::server::console {

std::string to_telnet(std::string_view text);

}  // namespace magma::server::console
