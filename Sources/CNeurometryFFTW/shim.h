// FFTW 3, double precision (Debian: libfftw3-dev).
#ifndef CNEUROMETRY_FFTW_SHIM_H
#define CNEUROMETRY_FFTW_SHIM_H
#include <fftw3.h>

static inline unsigned neurometry_fftw_estimate(void) { return FFTW_ESTIMATE; }
static inline unsigned neurometry_fftw_measure(void) { return FFTW_MEASURE; }
static inline unsigned neurometry_fftw_unaligned(void) { return FFTW_UNALIGNED; }
static inline unsigned neurometry_fftw_destroy_input(void) { return FFTW_DESTROY_INPUT; }
static inline unsigned neurometry_fftw_preserve_input(void) { return FFTW_PRESERVE_INPUT; }
static inline const char *neurometry_fftw_version(void) { return fftw_version; }
#endif
