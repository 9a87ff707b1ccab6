// LAPACKE, the C interface to LAPACK (Debian: liblapacke-dev; LAPACK itself is OpenBLAS's when
// libopenblas is installed, through Debian's liblapack.so.3 alternative).
#ifndef CNEUROMETRY_LAPACK_SHIM_H
#define CNEUROMETRY_LAPACK_SHIM_H
#include <lapacke.h>

static inline int neurometry_lapack_row_major(void) { return LAPACK_ROW_MAJOR; }
static inline int neurometry_lapack_col_major(void) { return LAPACK_COL_MAJOR; }
#endif
