// The guard driver: a pass-through to libhdf5's sec2 (POSIX) driver through its public H5FD API,
// with the global heap check described in neurometry_hdf5_guard.h.
//
// Global heap collection layout (HDF5 file format specification, "Global Heap"):
//   "GCOL", version 1, 3 reserved bytes, collection size (size of lengths);
//   then objects: index (2), reference count (2), reserved (4), object size (size of lengths),
//   data padded to a multiple of 8; index 0 is the free space, which ends the collection.
#include "neurometry_hdf5_guard.h"

#if !H5_VERSION_GE(1, 12, 0)
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  H5FD_t pub;        // must come first: libhdf5 fills it in
  H5FD_t *inner;     // the sec2 file
  unsigned lengths;  // size of lengths from the superblock (2, 4 or 8)
} guard_file;

static hid_t guard_id = -1;

// The inner driver is reached through libhdf5's public H5FD functions, and every public function
// clears the error stack on entry: the messages libhdf5 had pushed before calling this driver
// (a missing signature, a truncated file) would be lost. Each call is therefore bracketed by a
// copy of the stack and its restoration.
#define PRESERVING_ERRORS(type, result, call) \
  type result;                                \
  do {                                        \
    hid_t saved_ = H5Eget_current_stack();    \
    result = (call);                          \
    if (saved_ >= 0) H5Eset_current_stack(saved_); \
  } while (0)
static unsigned long refusals = 0;

unsigned long neurometry_guard_refusals(void) { return refusals; }

static uint64_t little(const unsigned char *p, unsigned n) {
  uint64_t v = 0;
  for (unsigned i = 0; i < n; i++) v |= (uint64_t)p[i] << (8 * i);
  return v;
}

// The superblock's size of lengths (version 0/1: byte 14; version 2/3: byte 10), looked for where
// HDF5 looks: offset 0, 512, 1024, … (a user block before it).
static unsigned superblock_lengths(H5FD_t *inner) {
  static const unsigned char signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  haddr_t eof = H5FDget_eof(inner, H5FD_MEM_SUPER);
  for (haddr_t at = 0; at + 16 <= eof && at <= ((haddr_t)1 << 40); at = at ? at * 2 : 512) {
    unsigned char b[16];
    haddr_t eoa = H5FDget_eoa(inner, H5FD_MEM_SUPER);
    if (eoa < at + 16) H5FDset_eoa(inner, H5FD_MEM_SUPER, at + 16);
    herr_t status = H5FDread(inner, H5FD_MEM_SUPER, H5P_DEFAULT, at, sizeof b, b);
    H5FDset_eoa(inner, H5FD_MEM_SUPER, eoa);
    if (status < 0) break;
    if (memcmp(b, signature, 8) != 0) continue;
    unsigned version = b[8];
    unsigned n = version <= 1 ? b[14] : b[10];
    return (n == 2 || n == 4 || n == 8) ? n : 8;
  }
  return 8;
}

// 1 when the bytes read at `addr` may be given to libhdf5, 0 when they hold a corrupt collection.
// Walks the objects exactly as libhdf5 1.10's H5HG__cache_heap_deserialize does, refusing what
// it would trust: an object whose size runs past the collection (its memcpy then reads past the
// heap: the crashes fuzzing found), a free-space object of size 0 (its loop then never advances:
// the hangs), a collection larger than the file (a multi-gigabyte allocation).
static int heap_is_sound(const unsigned char *b, size_t n, haddr_t addr, haddr_t eof, unsigned lengths) {
  const uint64_t header = 8 + lengths, object_header = 8 + lengths;
  if (n < header) return 1;
  uint64_t size = little(b + 8, lengths);
  if (size < header || addr > eof || size > eof - addr) return 0;
  if (size > n) return 1;  // the first, speculative read: the full read is checked
  uint64_t p = header;
  while (p < size) {
    uint64_t left = size - p;
    if (left < object_header) break;  // a tail too small for an object header is free space
    unsigned index = (unsigned)little(b + p, 2);
    uint64_t length = little(b + p + 8, lengths);
    uint64_t need;
    if (index > 0) {
      if (length > left - object_header) return 0;
      need = object_header + ((length + 7) / 8) * 8;
      if (need > left) return 0;
    } else {
      need = length;  // the free space's size includes its header
      if (need < object_header || need > left) return 0;
    }
    p += need;
  }
  return 1;
}

static H5FD_t *guard_open(const char *name, unsigned flags, hid_t fapl, haddr_t maxaddr) {
  (void)fapl;
  if (flags & (H5F_ACC_RDWR | H5F_ACC_TRUNC | H5F_ACC_CREAT | H5F_ACC_EXCL)) return NULL;  // read-only
  hid_t saved = H5Eget_current_stack();
  guard_file *g = NULL;
  hid_t inner_fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (inner_fapl >= 0) {
    H5Pset_fapl_sec2(inner_fapl);
    H5FD_t *inner = H5FDopen(name, flags, inner_fapl, maxaddr);
    H5Pclose(inner_fapl);
    if (inner && (g = calloc(1, sizeof *g))) {
      g->inner = inner;
      g->lengths = superblock_lengths(inner);
    } else if (inner) {
      H5FDclose(inner);
    }
  }
  if (saved >= 0) H5Eset_current_stack(saved);
  return (H5FD_t *)g;
}

static herr_t guard_close(H5FD_t *file) {
  guard_file *g = (guard_file *)file;
  PRESERVING_ERRORS(herr_t, status, H5FDclose(g->inner));
  free(g);
  return status;
}

static int guard_cmp(const H5FD_t *a, const H5FD_t *b) {
  PRESERVING_ERRORS(int, order, H5FDcmp(((const guard_file *)a)->inner, ((const guard_file *)b)->inner));
  return order;
}

static herr_t guard_query(const H5FD_t *file, unsigned long *flags) {
  if (!file) {
    *flags = 0;
    return 0;
  }
  PRESERVING_ERRORS(herr_t, status, H5FDquery(((const guard_file *)file)->inner, flags));
  if (status < 0) return -1;
  // No metadata accumulator: each global heap read then starts at its collection.
  *flags &= ~(unsigned long)H5FD_FEAT_ACCUMULATE_METADATA;
  return 0;
}

static haddr_t guard_get_eoa(const H5FD_t *file, H5FD_mem_t type) {
  PRESERVING_ERRORS(haddr_t, eoa, H5FDget_eoa(((const guard_file *)file)->inner, type));
  return eoa;
}

static herr_t guard_set_eoa(H5FD_t *file, H5FD_mem_t type, haddr_t addr) {
  PRESERVING_ERRORS(herr_t, status, H5FDset_eoa(((guard_file *)file)->inner, type, addr));
  return status;
}

static haddr_t guard_get_eof(const H5FD_t *file, H5FD_mem_t type) {
  PRESERVING_ERRORS(haddr_t, eof, H5FDget_eof(((const guard_file *)file)->inner, type));
  return eof;
}

static herr_t guard_get_handle(H5FD_t *file, hid_t fapl, void **handle) {
  PRESERVING_ERRORS(herr_t, status, H5FDget_vfd_handle(((guard_file *)file)->inner, fapl, handle));
  return status;
}

static herr_t guard_read(H5FD_t *file, H5FD_mem_t type, hid_t dxpl, haddr_t addr, size_t size, void *buffer) {
  guard_file *g = (guard_file *)file;
  PRESERVING_ERRORS(herr_t, status, H5FDread(g->inner, type, dxpl, addr, size, buffer));
  if (status < 0) {
    H5Epush2(H5E_DEFAULT, __FILE__, "guard_read", __LINE__, H5E_ERR_CLS, H5E_IO, H5E_READERROR,
             "read of %zu bytes at address %llu failed", size, (unsigned long long)addr);
    return -1;
  }
  // libhdf5 1.10 passes global heap reads to the driver as raw data (H5Faccum.c: "treat global
  // heap as raw data"), so every read that starts like a collection is checked: "GCOL", version 1
  // and three zero bytes, which raw data of another kind is vanishingly unlikely to begin with.
  const unsigned char *b = buffer;
  if ((type == H5FD_MEM_GHEAP || type == H5FD_MEM_DRAW) && size >= 8 && memcmp(b, "GCOL\1\0\0\0", 8) == 0) {
    PRESERVING_ERRORS(haddr_t, eof, H5FDget_eof(g->inner, type));
    if (!heap_is_sound(buffer, size, addr, eof, g->lengths)) {
      refusals++;
      H5Epush2(H5E_DEFAULT, __FILE__, "guard_read", __LINE__, H5E_ERR_CLS, H5E_HEAP, H5E_BADVALUE,
               "corrupt global heap collection at address %llu (an object or the collection is larger than "
               "what holds it)",
               (unsigned long long)addr);
      return -1;
    }
  }
  return 0;
}

static herr_t guard_write(H5FD_t *file, H5FD_mem_t type, hid_t dxpl, haddr_t addr, size_t size, const void *buffer) {
  (void)file, (void)type, (void)dxpl, (void)addr, (void)size, (void)buffer;
  return -1;  // read-only
}

static herr_t guard_truncate(H5FD_t *file, hid_t dxpl, hbool_t closing) {
  (void)file, (void)dxpl, (void)closing;
  return 0;  // read-only: nothing to truncate
}

static herr_t guard_lock(H5FD_t *file, hbool_t rw) {
  PRESERVING_ERRORS(herr_t, status, H5FDlock(((guard_file *)file)->inner, rw));
  return status;
}

static herr_t guard_unlock(H5FD_t *file) {
  PRESERVING_ERRORS(herr_t, status, H5FDunlock(((guard_file *)file)->inner));
  return status;
}

static const H5FD_class_t guard_class = {
    "neurometry_guard", /* name */
    ((haddr_t)1 << 63) - 1, /* maxaddr: sec2's (the largest off_t) */
    H5F_CLOSE_WEAK,     /* fc_degree */
    NULL,               /* terminate */
    NULL, NULL, NULL,   /* sb_size, sb_encode, sb_decode */
    0, NULL, NULL, NULL, /* fapl_size, fapl_get, fapl_copy, fapl_free */
    0, NULL, NULL,       /* dxpl_size, dxpl_copy, dxpl_free */
    guard_open,
    guard_close,
    guard_cmp,
    guard_query,
    NULL, /* get_type_map */
    NULL, /* alloc */
    NULL, /* free */
    guard_get_eoa,
    guard_set_eoa,
    guard_get_eof,
    guard_get_handle,
    guard_read,
    guard_write,
    NULL, /* flush */
    guard_truncate,
    guard_lock,
    guard_unlock,
    H5FD_FLMAP_DICHOTOMY,
};

hid_t neurometry_guarded_fapl(void) {
  if (guard_id < 0) guard_id = H5FDregister(&guard_class);
  if (guard_id < 0) return -1;
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl < 0) return -1;
  if (H5Pset_driver(fapl, guard_id, NULL) < 0) {
    H5Pclose(fapl);
    return -1;
  }
  return fapl;
}

#else
// libhdf5 1.12 and later: the driver interface differs (and these heap checks are in libhdf5
// itself since 1.14.4); files open with the default driver.
hid_t neurometry_guarded_fapl(void) { return H5Pcreate(H5P_FILE_ACCESS); }
unsigned long neurometry_guard_refusals(void) { return 0; }
#endif
