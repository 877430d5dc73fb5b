// C library headers the standard Glibc module does not include: the allocator's tuning (mallopt),
// and renameat2, which glibc declares only under _GNU_SOURCE.
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/syscall.h>
#include <unistd.h>

/// Atomically swaps the files at `first` and `second` (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0, or -1 with errno set: ENOENT when either is missing, EINVAL or ENOSYS where the
/// file system or kernel cannot exchange.
static inline int frontier_exchange_paths(const char *first, const char *second) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, 1 << 1 /* RENAME_EXCHANGE */);
#else
    errno = ENOSYS;
    return -1;
#endif
}

// Whether the build targets a CPU with fused multiply-add (`-target-cpu haswell` and later). The
// Clang importer sees the same target as the Swift compiler, so Swift reads this as a constant
// and keeps only one branch: the vector kernels use FMA only where it is an instruction.
#ifdef __FMA__
#define FRONTIER_TARGET_HAS_FMA 1
#else
#define FRONTIER_TARGET_HAS_FMA 0
#endif

/// Sine and cosine of `x` in one call of glibc's sincos, which shares the argument reduction and
/// gives exactly what separate sin and cos calls give (its code paths are theirs). The Glibc
/// module declares sincos only under _GNU_SOURCE; the builtin reaches it without that.
static inline void frontier_sincos(double x, double *sine, double *cosine) {
    __builtin_sincos(x, sine, cosine);
}
