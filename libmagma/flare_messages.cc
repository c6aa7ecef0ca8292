// Names of the flare protocol's ops, from the one operation table.
#include "libmagma/flare_messages.h"

namespace magma {

const char* flare_op_name(uint16_t op) {
  switch (op) {
#define MAGMA_FLARE_OP(Name, id, Request, Response) \
  case id: return #Name;
#include "libmagma/flare_ops.def"
#undef MAGMA_FLARE_OP
  }
  return nullptr;
}

}  // namespace magma
