// A read-only HDF5 virtual file driver that checks what libhdf5 would otherwise trust (issue 16).
#ifndef NEUROMETRY_HDF5_GUARD_H
#define NEUROMETRY_HDF5_GUARD_H
#include <hdf5.h>

/// A file-access property list that opens files through the guard driver: POSIX reads (the sec2
/// driver underneath), and every global heap collection libhdf5 reads (where variable-length
/// strings live) checked before libhdf5 parses it: signature, version, a collection size within
/// the file, and every object's size within the collection. libhdf5 1.10 trusts those sizes and
/// crashes, hangs or allocates gigabytes on a corrupt heap (found by fuzzing); with the guard a
/// corrupt heap is a read error. The caller closes the list. Returns a negative id on failure.
hid_t neurometry_guarded_fapl(void);

/// How many global heap collections the guard has refused since the process started (for tests).
unsigned long neurometry_guard_refusals(void);

#endif
