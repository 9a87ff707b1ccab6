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

/// Checks the variable-length strings of a dataset (the selection `file_space`, laid out as
/// `memory_space`; H5S_ALL for all) or an attribute (`is_attribute` nonzero: all of it) before
/// libhdf5 reads them: every descriptor must name an object that its global heap collection holds,
/// with the length that object has. libhdf5 1.10 trusts both (a wild read otherwise). `count` is
/// the number of strings selected. Returns 0 when every string is sound, 1 when one is not (a
/// sentence in `message`, e.g. "variable-length string 3 points to object 9 of the global heap
/// collection at address 2048, which has no such object"), -1 on an HDF5 error (the error stack
/// says which). Costs one read of the descriptors and one of each collection they name.
int neurometry_check_vlen_strings(hid_t object, int is_attribute, hid_t memory_space, hid_t file_space,
                                  size_t count, char *message, size_t message_size);

#endif
