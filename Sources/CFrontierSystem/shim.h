// C library headers the standard Glibc module does not include: the allocator's tuning (mallopt).
#include <malloc.h>
