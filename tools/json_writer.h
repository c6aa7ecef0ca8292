// JsonWriter: magmactl's --json output, written as it goes: objects, arrays, strings,
// numbers, booleans and null, indented two spaces per level, ending in a newline.
// Strings are escaped per RFC 8259; their bytes are otherwise passed through (paths are
// UTF-8 in practice). Not thread-safe; the stream must outlive the writer.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace magma::tools {

// s as a JSON string literal, quotes included.
std::string json_quote(std::string_view s);

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  // In an object every value is preceded by key(). REQUIRES: balanced begin/end calls;
  // the top-level value's end writes the final newline.
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& number(uint64_t n);
  JsonWriter& boolean(bool b);
  JsonWriter& null();

 private:
  // Separator and indentation before a value (none right after a key).
  void before_value();
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  void indent();

  std::ostream& out_;
  std::vector<bool> has_items_;  // per open container: something was written in it
  bool after_key_ = false;
};

}  // namespace magma::tools
