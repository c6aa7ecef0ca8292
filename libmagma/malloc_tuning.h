// Keeps large I/O buffers on the heap. By default glibc serves each 1 MiB READ/WRITE
// buffer with a fresh mmap and returns it on free, so every request faults in new
// pages; on virtual machines that page-faulting, not copying, dominates I/O time.
#pragma once

namespace magma {

// Call once at the start of main, before threads start.
void tune_malloc_for_large_buffers();

}  // namespace magma
