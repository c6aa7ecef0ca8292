// Table: magmactl's plain-text tables: a header line and one line per row, columns two
// spaces apart, numbers aligned right. Plain value; not thread-safe.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace magma::tools {

enum class Align { Left, Right };

struct Column {
  std::string header;
  Align align = Align::Left;
};

class Table {
 public:
  explicit Table(std::vector<Column> columns);

  // REQUIRES: cells.size() == the number of columns.
  void add_row(std::vector<std::string> cells);

  // Writes the header and the rows, each line ending in '\n' and without trailing
  // spaces. Widths count bytes, as the cells are ASCII.
  void print(std::ostream& out) const;

 private:
  void print_line(std::ostream& out, const std::vector<std::string>& cells,
                  const std::vector<size_t>& widths) const;

  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace magma::tools
