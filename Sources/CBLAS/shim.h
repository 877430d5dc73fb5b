// OpenBLAS's CBLAS interface plus its runtime queries (openblas_get_corename, openblas_get_config,
// openblas_get_num_threads), all declared in Debian's openblas-pthread/cblas.h.
#include <cblas.h>
