// How Boost.Test prints libmagma values in failed assertions (found by ADL).
#pragma once

#include <ostream>

#include "libmagma/errc.h"
#include "libmagma/flare_attr.h"
#include "libmagma/key.h"

namespace magma {

inline std::ostream& boost_test_print_type(std::ostream& os, Errc e) {
  return os << errc_name(e) << '(' << static_cast<unsigned>(e) << ')';
}

inline std::ostream& boost_test_print_type(std::ostream& os, const Key& k) { return os << k.hex(); }

inline std::ostream& boost_test_print_type(std::ostream& os, FlareType t) {
  return os << type_name(t) << '(' << static_cast<unsigned>(t) << ')';
}

}  // namespace magma
