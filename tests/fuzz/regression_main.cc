// The driver of the fuzz targets in make check, where no libFuzzer is linked: runs
// LLVMFuzzerTestOneInput once on every file of the directories (or files) named on the
// command line, or by default of $top_srcdir/tests/fuzz/corpus/NAME and
// $top_srcdir/tests/fuzz/regressions/NAME, NAME being the program's name without "fuzz_".
// A target that crashes or fails a FUZZ_CHECK on an input aborts the run: the test fails
// and the last "running" line names the input. tests/fuzz/run-fuzzers compiles this file
// with MAGMA_LIBFUZZER defined, so that libFuzzer's own main drives the target instead.
#ifndef MAGMA_LIBFUZZER

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

// The files of path (itself if it is a file), sorted so that runs are repeatable.
std::vector<fs::path> inputs_of(const fs::path& path) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return {path};
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

bool run_one(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    std::fprintf(stderr, "%s: cannot read\n", file.c_str());
    return false;
  }
  std::fprintf(stderr, "running %s (%zu bytes)\n", file.c_str(), bytes.size());
  // A copy of exactly the input's size, as libFuzzer passes it: ASan sees a read past it.
  std::vector<uint8_t> exact(bytes);
  LLVMFuzzerTestOneInput(exact.data(), exact.size());
  return true;
}

// The default directories: the program's own corpus and regressions.
std::vector<fs::path> default_paths(const char* argv0) {
  std::string name = fs::path(argv0).filename().string();
  if (name.rfind("lt-", 0) == 0) name.erase(0, 3);  // a libtool wrapper's real program
  if (name.rfind("fuzz_", 0) == 0) name.erase(0, 5);
  const char* srcdir = std::getenv("top_srcdir");
  fs::path top = srcdir ? srcdir : ".";
  return {top / "tests/fuzz/corpus" / name, top / "tests/fuzz/regressions" / name};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> paths(argv + 1, argv + argc);
  bool defaults = paths.empty();
  if (defaults) paths = default_paths(argv[0]);
  size_t ran = 0;
  for (const fs::path& path : paths) {
    for (const fs::path& file : inputs_of(path)) {
      if (!run_one(file)) return 1;
      ++ran;
    }
  }
  // The corpus is never empty: finding nothing means a wrong directory, not a pass.
  if (ran == 0) {
    std::fprintf(stderr, "no inputs found in %s\n", paths.front().c_str());
    return 1;
  }
  std::fprintf(stderr, "%zu inputs ran without a finding\n", ran);
  return 0;
}

#endif  // MAGMA_LIBFUZZER
