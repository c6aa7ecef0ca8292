// Large-buffer malloc settings (see malloc_tuning.h for why).
#include "libmagma/malloc_tuning.h"

#include <malloc.h>

namespace magma {

void tune_malloc_for_large_buffers() {
  // Above the largest frame (kMaxPayload, ~4 MiB), so frames come from the heap...
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  // ...and freed frames stay there for the next request instead of going back.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
}

}  // namespace magma
