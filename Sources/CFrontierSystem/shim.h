// C library headers the standard Glibc module does not include: the allocator's tuning (mallopt).
#include <malloc.h>

// Whether the build targets a CPU with fused multiply-add (`-target-cpu haswell` and later). The
// Clang importer sees the same target as the Swift compiler, so Swift reads this as a constant
// and keeps only one branch: the vector kernels use FMA only where it is an instruction.
#ifdef __FMA__
#define FRONTIER_TARGET_HAS_FMA 1
#else
#define FRONTIER_TARGET_HAS_FMA 0
#endif
