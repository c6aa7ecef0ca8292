// Tests of tools/json_writer.h: nesting, separators, escapes, empty containers.
#include "tools/json_writer.h"

#include <boost/test/unit_test.hpp>
#include <sstream>

namespace magma::tools {
namespace {

BOOST_AUTO_TEST_CASE(nested_document) {
  std::ostringstream out;
  JsonWriter json(out);
  json.begin_object().key("epoch").number(3).key("volcanos").begin_array();
  json.begin_object().key("nickname").value("wallace").key("alive").boolean(true).end_object();
  json.begin_object().key("nickname").value("gromit").key("keys").null().end_object();
  json.end_array().key("empty").begin_array().end_array().key("none").begin_object().end_object();
  json.end_object();
  BOOST_TEST(out.str() ==
             "{\n"
             "  \"epoch\": 3,\n"
             "  \"volcanos\": [\n"
             "    {\n"
             "      \"nickname\": \"wallace\",\n"
             "      \"alive\": true\n"
             "    },\n"
             "    {\n"
             "      \"nickname\": \"gromit\",\n"
             "      \"keys\": null\n"
             "    }\n"
             "  ],\n"
             "  \"empty\": [],\n"
             "  \"none\": {}\n"
             "}\n");
}

BOOST_AUTO_TEST_CASE(top_level_scalars_in_arrays) {
  std::ostringstream out;
  JsonWriter json(out);
  json.begin_array().number(18446744073709551615ull).boolean(false).end_array();
  BOOST_TEST(out.str() == "[\n  18446744073709551615,\n  false\n]\n");
}

BOOST_AUTO_TEST_CASE(strings_are_escaped) {
  BOOST_TEST(json_quote("plain") == "\"plain\"");
  BOOST_TEST(json_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  BOOST_TEST(json_quote("l1\nl2\tx\r") == "\"l1\\nl2\\tx\\r\"");
  BOOST_TEST(json_quote(std::string("\x01\x1f", 2)) == "\"\\u0001\\u001f\"");
  BOOST_TEST(json_quote("\xc3\xa9t\xc3\xa9") == "\"\xc3\xa9t\xc3\xa9\"");  // UTF-8 passes through
}

}  // namespace
}  // namespace magma::tools
