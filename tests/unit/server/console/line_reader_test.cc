// Tests of server/console/line_reader.h: line ends, telnet commands, the length bound,
// and lines split across reads.
#include "server/console/line_reader.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace magma::server::console {
namespace {

// Every line read from chunks fed one after another; too-long lines as "<too long>".
std::vector<std::string> lines_of(LineReader& reader, const std::vector<std::string>& chunks) {
  std::vector<std::string> lines;
  for (const std::string& chunk : chunks) {
    std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size());
    while (auto line = reader.next(bytes)) lines.push_back(line->too_long ? "<too long>" : line->text);
    BOOST_TEST(bytes.empty());
  }
  return lines;
}

std::vector<std::string> lines_of(const std::string& input, size_t max_line = kMaxLineBytes) {
  LineReader reader(max_line);
  return lines_of(reader, {input});
}

using Lines = std::vector<std::string>;

BOOST_AUTO_TEST_SUITE(line_reader)

BOOST_AUTO_TEST_CASE(line_ends) {
  struct Case {
    std::string input;
    Lines lines;
  };
  const std::vector<Case> cases = {
      {"ls\n", {"ls"}},
      {"ls\r\n", {"ls"}},
      {std::string("ls\r\0", 4), {"ls"}},
      {"ls\rpwd\n", {"ls", "pwd"}},
      {"ls\n\npwd\r\n\r\n", {"ls", "", "pwd", ""}},
      {"ls", {}},  // not ended yet
      {"", {}},
  };
  for (const Case& c : cases) BOOST_TEST(lines_of(c.input) == c.lines, "input '" << c.input << "'");
}

BOOST_AUTO_TEST_CASE(telnet_commands_are_dropped) {
  struct Case {
    std::string input;
    Lines lines;
  };
  const std::vector<Case> cases = {
      // IAC DO ECHO, IAC WILL SUPPRESS-GO-AHEAD before the text
      {"\xff\xfd\x01\xff\xfb\x03ls\r\n", {"ls"}},
      // IAC WONT / DONT in the middle of a word
      {"l\xff\xfc\x22s\xff\xfe\x05\n", {"ls"}},
      // subnegotiation (terminal type) with an escaped IAC inside
      {std::string("\xff\xfa\x18\x00xterm\xff\xff\xff\xf0pwd\n", 17), {"pwd"}},
      // two-byte commands: IAC NOP, IAC AYT, IAC GA
      {"p\xff\xf1w\xff\xf6" "d\xff\xf9\n", {"pwd"}},
      // IAC IAC is a data byte 255
      {"a\xff\xff" "b\n", {"a\xff" "b"}},
      // IAC right after CR: the CR ended the line, the command is dropped
      {"ls\r\xff\xfb\x01pwd\n", {"ls", "pwd"}},
  };
  for (const Case& c : cases) BOOST_TEST(lines_of(c.input) == c.lines);
}

BOOST_AUTO_TEST_CASE(split_across_reads) {
  LineReader reader;
  // CR in one read and LF in the next make one line end; IAC sequences cut anywhere.
  Lines lines = lines_of(reader, {"c", "d /a\r", "\ncat \xff", "\xfd", "\x01" "f\xff\xfa", "\x18x\xff", "\xf0\r", "\n"});
  BOOST_TEST(lines == (Lines{"cd /a", "cat f"}));
}

BOOST_AUTO_TEST_CASE(next_stops_after_each_line) {
  LineReader reader;
  std::string input = "ls\npwd\nhel";
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  auto first = reader.next(bytes);
  BOOST_REQUIRE(first);
  BOOST_TEST(first->text == "ls");
  BOOST_TEST(bytes.size() == 7u);
  auto second = reader.next(bytes);
  BOOST_REQUIRE(second);
  BOOST_TEST(second->text == "pwd");
  BOOST_TEST(!reader.next(bytes));
  BOOST_TEST(bytes.empty());
}

BOOST_AUTO_TEST_CASE(too_long_lines) {
  // At the bound a line is fine; one byte more is reported once, and the next line is read.
  BOOST_TEST(lines_of(std::string(8, 'x') + "\n", 8) == Lines{std::string(8, 'x')});
  BOOST_TEST(lines_of(std::string(9, 'x') + "\nls\n", 8) == (Lines{"<too long>", "ls"}));
  // Many reads of a never-ending line: still one report once it ends.
  LineReader reader(8);
  std::vector<std::string> chunks(100, std::string(1000, 'y'));
  chunks.push_back("\r\npwd\r\n");
  BOOST_TEST(lines_of(reader, chunks) == (Lines{"<too long>", "pwd"}));
  // Telnet commands do not count toward the bound.
  BOOST_TEST(lines_of("\xff\xfb\x01\xff\xfb\x03" "12345678\n", 8) == Lines{"12345678"});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace magma::server::console
