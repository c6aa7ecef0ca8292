// FUZZ_CHECK: what a fuzz target asserts beyond "does not crash". A failed check prints
// its condition and aborts, which libFuzzer reports as a crash (saving the input) and the
// regression run of make check as a failed test. Active in every build, NDEBUG or not.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "libmagma/errc.h"

#define FUZZ_CHECK(condition, what)                                                                  \
  do {                                                                                               \
    if (!(condition)) {                                                                              \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: %s\n", __FILE__, __LINE__, #condition, what); \
      std::abort();                                                                                  \
    }                                                                                                \
  } while (0)

// Whether result succeeded with value: for checks such as "f(f(x)) == f(x)".
template <class T, class U>
bool fuzz_equals(const magma::Result<T>& result, const U& value) {
  return result && *result == value;
}
