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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// A continuation chunk named by an object header already read: where it is (absolute address) and
// how its messages are laid out (object header version, and version 2's flags).
typedef struct {
  uint64_t addr;
  unsigned char version, flags;
} continuation;

// A v1 B-tree node indexing a dataset's chunks (a layout message of version 3 names the root; an
// interior node names its children): where it is, the dataset's dimensionality (its rank + 1) and
// chunk dimensions.
typedef struct {
  uint64_t addr;
  unsigned dimensionality;
  uint32_t chunk[33];
} chunk_tree;

typedef struct {
  H5FD_t pub;        // must come first: libhdf5 fills it in
  H5FD_t *inner;     // the sec2 file
  unsigned lengths;  // size of lengths from the superblock (2, 4 or 8)
  unsigned offsets;  // size of offsets from the superblock (2, 4 or 8)
  uint64_t base;     // the superblock's address: file addresses are relative to it
  continuation *continuations;  // every continuation chunk named so far (grows; a few per object)
  size_t continuation_count, continuation_capacity;
  // libhdf5 reads an object header's first chunk speculatively (512 bytes), then the rest just
  // after it: the start is kept here until the chunk is whole.
  unsigned char *pending;
  uint64_t pending_addr, pending_have, pending_need;
  uint64_t eof;  // the file's size, as of the read being checked
  // The last byte of every local heap data segment seen (absolute address): set to 0 when read.
  uint64_t *heap_ends;
  size_t heap_end_count, heap_end_capacity;
  chunk_tree *trees;  // every chunk B-tree node named so far
  size_t tree_count, tree_capacity;
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

// The superblock's sizes of offsets and lengths (version 0/1: bytes 13 and 14; version 2/3: bytes 9
// and 10) and its address, looked for where HDF5 looks: offset 0, 512, 1024, … (a user block
// before it). Defaults (8, 8, 0) when none is found: libhdf5 then refuses the file itself.
static void read_superblock(H5FD_t *inner, guard_file *g) {
  g->lengths = 8, g->offsets = 8, g->base = 0;
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
    unsigned offsets = version <= 1 ? b[13] : b[9], lengths = version <= 1 ? b[14] : b[10];
    g->offsets = (offsets == 2 || offsets == 4 || offsets == 8) ? offsets : 8;
    g->lengths = (lengths == 2 || lengths == 4 || lengths == 8) ? lengths : 8;
    g->base = at;
    return;
  }
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

// MARK: Object headers
//
// libhdf5 1.10 checks that each message of an object header lies within its chunk, but decodes an
// attribute message's parts (name, datatype, dataspace, values) without comparing them with the
// message's size: a name without its terminating NUL is copied by strdup past the chunk, and the
// values (points × type size bytes) are copied from past it (heap overflows found by fuzzing the
// MAT reader). Every chunk libhdf5 reads whole is walked here and each attribute message checked
// against its own size. Layouts (HDF5 file format specification, "Data Object Headers"):
//   version 1: prefix of 16 bytes (version 1, reserved 0, message count 2, reference count 4,
//     chunk size 4, padding 4), then messages: type 2, size 2, flags 1, reserved 3, body (size);
//   version 2: "OHDR", version 2, flags, [4 times of 4 if flags & 0x20], [2 + 2 if flags & 0x10],
//     chunk size (1 << (flags & 3) bytes), messages: type 1, size 2, flags 1, [creation order 2 if
//     flags & 0x04], body; a checksum of 4 ends the chunk. Continuation chunks: version 1 bare
//     messages, version 2 "OCHK", messages, checksum; a continuation message (type 0x10) names
//     them: address (size of offsets), length (size of lengths).
//   attribute message (type 0x0C): version 1–3, flags (version 2+: 0x01 shared datatype), name
//     size 2, datatype size 2, dataspace size 2, [encoding 1 in version 3], then name, datatype,
//     dataspace (each padded to 8 in version 1), then the values.

static uint64_t align8(uint64_t n) { return (n + 7) / 8 * 8; }

// 1 when the datatype message `t` of `size` bytes is sound as far as libhdf5 1.10 trusts it. An
// enumeration has its base type's size. A
// variable-length type (class 9) is stored as descriptors of 4 + (size of offsets) + 4 bytes, and
// its message must say so (libhdf5 sizes an attribute's buffer by the message, then reads
// descriptors of the true size from it: a heap overflow, found by fuzzing); a variable-length
// string (type 1) is a sequence of 1-byte characters, and its base type must say so (libhdf5
// allocates length × base size for each string: a base claiming gigabytes made it allocate 20 GB).
// Layout: class and version (1), class bits (3), size (4), properties (a variable-length type's:
// its base type, a datatype message itself).
static int datatype_is_sound(const unsigned char *t, uint64_t size, unsigned offsets) {
  if (size < 8) return 0;
  // An enumeration (class 8) is as wide as its base type, whose message begins its properties:
  // libhdf5 1.10 copies base-sized values out of an array sized by the enumeration's claim (a
  // heap overflow in H5Tget_native_type, found by fuzzing).
  if ((t[0] & 0x0F) == 8) return size >= 16 && little(t + 12, 4) == little(t + 4, 4);
  if ((t[0] & 0x0F) != 9) return 1;
  if (little(t + 4, 4) != 8 + offsets) return 0;
  if ((t[1] & 0x0F) != 1) return 1;
  return size >= 16 && little(t + 12, 4) == 1;
}

// 1 when the dataspace message `d` of `size` bytes is sound as far as libhdf5 1.10 trusts it: its
// dimensions are within the message, and none exceeds its maximum (libhdf5 1.10 does not check:
// a dimension of 13,238,275 under a maximum of 3 made a reader allocate for it, found by
// fuzzing). Layout: version 1 — version, rank, flags, 5 reserved; version 2 — version, rank,
// flags, type; then rank dimensions and, when flags & 1, rank maxima (size of lengths each; all
// bits set: unlimited). Unknown versions and ranks over 32 are left to libhdf5, which refuses them.
static int dataspace_is_sound(const unsigned char *d, uint64_t size, unsigned lengths) {
  if (size < 4) return 0;
  unsigned version = d[0], rank = d[1], flags = d[2];
  if ((version != 1 && version != 2) || rank > 32) return 1;
  uint64_t header = version == 1 ? 8 : 4, dims = (uint64_t)rank * lengths;
  if (header + dims * ((flags & 0x01) ? 2 : 1) > size) return 0;
  if (!(flags & 0x01)) return 1;
  const uint64_t unlimited = lengths == 8 ? UINT64_MAX : (((uint64_t)1 << (8 * lengths)) - 1);
  for (unsigned i = 0; i < rank; i++) {
    uint64_t n = little(d + header + (uint64_t)i * lengths, lengths);
    uint64_t most = little(d + header + dims + (uint64_t)i * lengths, lengths);
    if (most != unlimited && n > most) return 0;
  }
  return 1;
}

// 1 when the attribute message body `b` of `size` bytes is sound, 0 when a part lies.
static int attribute_is_sound(const unsigned char *b, uint64_t size, unsigned lengths, unsigned offsets) {
  if (size < 8) return 0;
  unsigned version = b[0], flags = version >= 2 ? b[1] : 0;
  if (version < 1 || version > 3) return 1;  // libhdf5 refuses an unknown version itself
  uint64_t name = little(b + 2, 2), datatype = little(b + 4, 2), dataspace = little(b + 6, 2);
  uint64_t at = version == 3 ? 9 : 8;
  if (name == 0 || at + name > size || !memchr(b + at, 0, name)) return 0;
  at += version == 1 ? align8(name) : name;
  if (at > size || datatype > size - at) return 0;
  int shared_type = flags & 0x01;
  uint64_t element = 0;
  if (!shared_type) {
    if (datatype < 8 || !datatype_is_sound(b + at, datatype, offsets)) return 0;
    element = little(b + at + 4, 4);
  }
  at += version == 1 ? align8(datatype) : datatype;
  if (at > size || dataspace > size - at || dataspace < 4 || !dataspace_is_sound(b + at, dataspace, lengths)) return 0;
  const unsigned char *d = b + at;
  unsigned space_version = d[0], rank = d[1], space_flags = d[2];
  uint64_t header;
  int scalar = 0, null = 0;
  if (space_version == 1) {
    header = 8;
    scalar = rank == 0;
  } else if (space_version == 2) {
    header = 4;
    scalar = d[3] == 0, null = d[3] == 2;
  } else {
    return 1;  // libhdf5 refuses an unknown dataspace version itself
  }
  if (rank > 32) return 1;  // likewise
  uint64_t dims = (uint64_t)rank * lengths * ((space_flags & 0x01) ? 2 : 1);
  if (header + dims > dataspace) return 0;
  uint64_t points = null ? 0 : 1;
  if (!scalar && !null)
    for (unsigned i = 0; i < rank; i++) {
      uint64_t n = little(d + header + (uint64_t)i * lengths, lengths);
      if (n != 0 && points > UINT64_MAX / n) return 0;
      points *= n;
    }
  at += version == 1 ? align8(dataspace) : dataspace;
  if (shared_type) return 1;  // the element size is in the committed datatype
  if (element != 0 && points > UINT64_MAX / element) return 0;
  return at <= size && points * element <= size - at;
}

static void remember_continuation(guard_file *g, uint64_t addr, unsigned char version, unsigned char flags) {
  for (size_t i = 0; i < g->continuation_count; i++)
    if (g->continuations[i].addr == addr) return;
  if (g->continuation_count == g->continuation_capacity) {
    size_t grown = g->continuation_capacity ? 2 * g->continuation_capacity : 16;
    continuation *more = realloc(g->continuations, grown * sizeof *more);
    if (!more) return;
    g->continuations = more, g->continuation_capacity = grown;
  }
  g->continuations[g->continuation_count++] = (continuation){addr, version, flags};
}

static void remember_tree(guard_file *g, chunk_tree t) {
  for (size_t i = 0; i < g->tree_count; i++)
    if (g->trees[i].addr == t.addr) return;
  if (g->tree_count == g->tree_capacity) {
    size_t grown = g->tree_capacity ? 2 * g->tree_capacity : 16;
    chunk_tree *more = realloc(g->trees, grown * sizeof *more);
    if (!more) return;
    g->trees = more, g->tree_capacity = grown;
  }
  g->trees[g->tree_count++] = t;
}

// 1 when a v1 B-tree node of a dataset's chunks (`b`, n bytes read at `addr`) is sound as libhdf5
// 1.10 would use it: every key's chunk offsets are multiples of the chunk's dimensions (the last,
// the element dimension, 0), and every chunk lies within the file. libhdf5 1.10 does not check
// the offsets and copies a misplaced chunk past its buffers (found by fuzzing; 1.14 refuses it as
// "bad coordinate offset"). Node: "TREE", type 1, level, entries (2), left and right siblings,
// then key₀ child₀ key₁ … key_entries; a key is chunk size (4), filter mask (4), d offsets (8).
// Children of an interior node are nodes of the same tree.
static int chunk_node_is_sound(guard_file *g, const unsigned char *b, size_t n, haddr_t addr) {
  if (n < 8 || memcmp(b, "TREE", 4) != 0 || b[4] != 1) return 1;
  chunk_tree t;
  size_t found = g->tree_count;
  for (size_t i = 0; i < g->tree_count; i++)
    if (g->trees[i].addr == addr) found = i;
  if (found == g->tree_count) return 1;  // a tree not named by a header read here
  t = g->trees[found];
  unsigned level = b[5], entries = (unsigned)little(b + 6, 2);
  uint64_t key = 8 + 8 * (uint64_t)t.dimensionality, at = 8 + 2 * (uint64_t)g->offsets;
  if (at + (uint64_t)entries * (key + g->offsets) + key > n) return 1;  // a short read: libhdf5 refuses it
  for (unsigned e = 0; e < entries; e++, at += key + g->offsets) {
    const unsigned char *k = b + at;
    for (unsigned j = 0; j < t.dimensionality; j++) {
      uint64_t offset = little(k + 8 + 8 * j, 8);
      if (j + 1 == t.dimensionality ? offset != 0 : (t.chunk[j] == 0 || offset % t.chunk[j] != 0)) return 0;
    }
    uint64_t child = little(b + at + key, g->offsets), bytes = little(k, 4);
    if (child > g->eof || g->base > g->eof - child) return 0;
    if (level == 0) {
      if (bytes > g->eof - g->base - child) return 0;
    } else {
      chunk_tree c = t;
      c.addr = child + g->base;
      remember_tree(g, c);
    }
  }
  return 1;
}

// Walks the messages of one chunk (`b[start..<end]`); 0 when an attribute message lies. A message
// running past the chunk ends the walk: libhdf5 reports that itself ("corrupt object header").
static int messages_are_sound(guard_file *g, const unsigned char *b, uint64_t start, uint64_t end,
                              unsigned version, unsigned flags) {
  const uint64_t head = version == 1 ? 8 : ((flags & 0x04) ? 6 : 4);
  for (uint64_t p = start; p + head <= end;) {
    unsigned type = version == 1 ? (unsigned)little(b + p, 2) : b[p];
    uint64_t size = little(b + p + (version == 1 ? 2 : 1), 2);
    unsigned message_flags = b[p + (version == 1 ? 4 : 3)];
    p += head;
    if (size > end - p) break;
    if (type == 0x0C && !(message_flags & 0x02) && !attribute_is_sound(b + p, size, g->lengths, g->offsets)) return 0;
    if (type == 0x03 && !(message_flags & 0x02) && !datatype_is_sound(b + p, size, g->offsets)) return 0;
    if (type == 0x01 && !(message_flags & 0x02) && !dataspace_is_sound(b + p, size, g->lengths)) return 0;
    // Layout version 3, chunked: version, class 2, dimensionality d, B-tree address, d sizes of 4.
    if (type == 0x08 && size >= 3 && b[p] == 3 && b[p + 1] == 2) {
      unsigned d = b[p + 2];
      if (d < 1 || d > 33 || size < 3 + (uint64_t)g->offsets + 4 * (uint64_t)d) return 0;
      chunk_tree t = {little(b + p + 3, g->offsets), d, {0}};
      for (unsigned k = 0; k < d; k++) t.chunk[k] = (uint32_t)little(b + p + 3 + g->offsets + 4 * k, 4);
      if (t.addr != UINT64_MAX && t.addr <= UINT64_MAX - g->base) {
        t.addr += g->base;
        remember_tree(g, t);
      }
    }
    if (type == 0x10 && size >= (uint64_t)g->offsets + g->lengths) {
      // libhdf5 allocates a continuation chunk's claimed length before reading it (13 GB, found
      // by fuzzing): a chunk past the end of the file is refused with the message naming it.
      uint64_t addr = little(b + p, g->offsets), length = little(b + p + g->offsets, g->lengths);
      if (addr > g->eof || g->base > g->eof - addr || length > g->eof - g->base - addr) return 0;
      remember_continuation(g, addr + g->base, (unsigned char)version, (unsigned char)flags);
    }
    p += size;
  }
  return 1;
}

// The length of the first chunk of the object header starting `b` (prefix, messages, checksum), or
// 0 when `b` does not start one (or too little of it is there to tell).
static uint64_t first_chunk_length(const unsigned char *b, size_t n) {
  if (n >= 16 && b[0] == 1 && b[1] == 0) return 16 + little(b + 8, 4);
  if (n >= 7 && memcmp(b, "OHDR", 4) == 0 && b[4] == 2) {
    unsigned flags = b[5];
    uint64_t at = 6 + ((flags & 0x20) ? 16 : 0) + ((flags & 0x10) ? 4 : 0);
    unsigned width = 1u << (flags & 0x03);
    if (at + width > n) return 0;
    return at + width + little(b + at, width) + 4;
  }
  return 0;
}

// 1 when the whole object header chunk `b` (n bytes, read at `addr`) may be given to libhdf5.
static int chunk_is_sound(guard_file *g, const unsigned char *b, size_t n, haddr_t addr) {
  for (size_t i = 0; i < g->continuation_count; i++)
    if (g->continuations[i].addr == addr) {
      const continuation c = g->continuations[i];
      if (c.version == 1) return messages_are_sound(g, b, 0, n, 1, 0);
      if (n < 8 || memcmp(b, "OCHK", 4) != 0) return 1;
      return messages_are_sound(g, b, 4, n - 4, 2, c.flags);
    }
  if (n >= 16 && b[0] == 1 && b[1] == 0) {
    uint64_t chunk = little(b + 8, 4);
    if (chunk > n - 16) return 1;
    return messages_are_sound(g, b, 16, 16 + chunk, 1, 0);
  }
  if (n >= 7 && memcmp(b, "OHDR", 4) == 0 && b[4] == 2) {
    unsigned flags = b[5];
    uint64_t at = 6 + ((flags & 0x20) ? 16 : 0) + ((flags & 0x10) ? 4 : 0);
    unsigned width = 1u << (flags & 0x03);
    if (at + width > n) return 1;
    uint64_t chunk = little(b + at, width);
    at += width;
    if (chunk > n - at || n - at - chunk < 4) return 1;
    return messages_are_sound(g, b, at, at + chunk, 2, flags);
  }
  return 1;
}

static void remember_heap_end(guard_file *g, uint64_t end) {
  for (size_t i = 0; i < g->heap_end_count; i++)
    if (g->heap_ends[i] == end) return;
  if (g->heap_end_count == g->heap_end_capacity) {
    size_t grown = g->heap_end_capacity ? 2 * g->heap_end_capacity : 16;
    uint64_t *more = realloc(g->heap_ends, grown * sizeof *more);
    if (!more) return;
    g->heap_ends = more, g->heap_end_capacity = grown;
  }
  g->heap_ends[g->heap_end_count++] = end;
}

static void drop_pending(guard_file *g) {
  free(g->pending);
  g->pending = NULL, g->pending_have = g->pending_need = 0;
}

// 1 when an object header read (`n` bytes at `addr`) may be given to libhdf5: a whole chunk is
// checked at once; the start of a longer first chunk is kept, and checked with the read that
// completes it; a first chunk that claims to run past the end of the file (`eof`) is refused at
// its first read, before libhdf5 allocates what it claims (13 GB, found by fuzzing). `*header`
// is set to the address of the header checked.
static int object_header_is_sound(guard_file *g, const unsigned char *b, size_t n, haddr_t addr, haddr_t eof,
                                  haddr_t *header) {
  *header = addr;
  if (g->pending && addr == g->pending_addr + g->pending_have) {
    *header = g->pending_addr;
    uint64_t take = g->pending_need - g->pending_have;
    if (take > n) take = n;
    memcpy(g->pending + g->pending_have, b, take);
    g->pending_have += take;
    if (g->pending_have < g->pending_need) return 1;
    int sound = chunk_is_sound(g, g->pending, g->pending_need, g->pending_addr);
    drop_pending(g);
    return sound;
  }
  int known = 0;
  for (size_t i = 0; i < g->continuation_count; i++) known |= g->continuations[i].addr == addr;
  uint64_t whole = known ? 0 : first_chunk_length(b, n);
  if (whole > 0 && (addr > eof || whole > eof - addr)) return 0;
  if (whole > n) {
    drop_pending(g);
    if ((g->pending = malloc(whole))) {
      memcpy(g->pending, b, n);
      g->pending_addr = addr, g->pending_have = n, g->pending_need = whole;
    }
    return 1;
  }
  return chunk_is_sound(g, b, n, addr);
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
      read_superblock(inner, g);
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
  free(g->continuations);
  free(g->pending);
  free(g->heap_ends);
  free(g->trees);
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
  const unsigned char *b = buffer;
  // A local heap (group link names) whose data segment claims more than the file holds: libhdf5
  // allocates the claim before reading it (21 GB, found by fuzzing). Prefix: "HEAP", version 0,
  // 3 reserved, data segment size (size of lengths), free list offset (lengths), data address.
  if (type == H5FD_MEM_LHEAP && size >= 8 + 2 * (size_t)g->lengths + g->offsets && memcmp(b, "HEAP\0", 5) == 0) {
    PRESERVING_ERRORS(haddr_t, eof, H5FDget_eof(g->inner, type));
    uint64_t length = little(b + 8, g->lengths), data = little(b + 8 + 2 * g->lengths, g->offsets);
    if (data > eof || g->base > eof - data || length > eof - g->base - data) {
      refusals++;
      H5Epush2(H5E_DEFAULT, __FILE__, "guard_read", __LINE__, H5E_ERR_CLS, H5E_HEAP, H5E_BADVALUE,
               "corrupt local heap at address %llu (its data segment of %llu bytes runs past the end of the file)",
               (unsigned long long)(addr - g->base), (unsigned long long)length);
      return -1;
    }
    if (length > 0) remember_heap_end(g, g->base + data + length - 1);
  }
  // Link names in a local heap are NUL-terminated strings; libhdf5 1.10 copies one with strdup
  // from its offset, past the data segment when a damaged name has no NUL (found by fuzzing). The
  // segment's last byte is given to libhdf5 as 0: in a sound heap it is a name's terminator, the
  // padding after it, or the high byte of a free block's size, all 0 already.
  if (type == H5FD_MEM_LHEAP)
    for (size_t i = 0; i < g->heap_end_count; i++)
      if (g->heap_ends[i] >= addr && g->heap_ends[i] - addr < size) ((unsigned char *)buffer)[g->heap_ends[i] - addr] = 0;
  if (type == H5FD_MEM_BTREE) {
    PRESERVING_ERRORS(haddr_t, eof, H5FDget_eof(g->inner, type));
    g->eof = eof;
    if (!chunk_node_is_sound(g, b, size, addr)) {
      refusals++;
      H5Epush2(H5E_DEFAULT, __FILE__, "guard_read", __LINE__, H5E_ERR_CLS, H5E_BTREE, H5E_BADVALUE,
               "corrupt chunk index at address %llu (a chunk's offsets are not on the chunk grid, or the chunk "
               "runs past the end of the file)",
               (unsigned long long)(addr - g->base));
      return -1;
    }
  }
  haddr_t header = addr;
  if (type == H5FD_MEM_OHDR) {
    PRESERVING_ERRORS(haddr_t, eof, H5FDget_eof(g->inner, type));
    g->eof = eof;
    if (!object_header_is_sound(g, buffer, size, addr, eof, &header)) {
      refusals++;
      H5Epush2(H5E_DEFAULT, __FILE__, "guard_read", __LINE__, H5E_ERR_CLS, H5E_OHDR, H5E_BADVALUE,
               "corrupt object header at address %llu (an attribute's name, type, shape or values run past its "
               "message, a dimension exceeds its maximum, a variable-length or enumeration type misstates its size, "
               "or the header or a continuation of it runs past the end of the file)",
               (unsigned long long)(header - g->base));
      return -1;
    }
  }
  // libhdf5 1.10 passes global heap reads to the driver as raw data (H5Faccum.c: "treat global
  // heap as raw data"), so every read that starts like a collection is checked: "GCOL", version 1
  // and three zero bytes, which raw data of another kind is vanishingly unlikely to begin with.
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

// MARK: Variable-length string descriptors
//
// A variable-length string is stored in a dataset or attribute as a descriptor: its length
// (4 bytes), the address of a global heap collection (size of offsets) and an object index within
// it (4 bytes). libhdf5 1.10's H5HG_read indexes the collection's object table with that index
// unchecked and copies the object's recorded size into a buffer of the descriptor's length, so a
// descriptor naming an object the collection lacks, or a length other than the object's, reads
// wild memory (found by fuzzing the NWB reader). The descriptors are read first, unconverted,
// through a conversion to an opaque type of the descriptor's size, and each is checked against
// the collection it names, parsed here from the file.

#define DESCRIPTOR_TAG "neurometry: variable-length descriptor"
#define COLLECTION_CACHE 64
#define ABSENT UINT64_MAX

typedef struct {
  uint64_t addr;    // file address of the collection (relative to the base address); 0 = empty slot
  uint64_t count;   // entries in sizes
  uint64_t *sizes;  // object index → recorded size (ABSENT where no object has the index)
} collection;

// The identity conversion from a disk variable-length type to an opaque type of the same size:
// what libhdf5 gathered from the file, the descriptors themselves.
static herr_t descriptor_conversion(hid_t src, hid_t dst, H5T_cdata_t *cdata, size_t nelmts, size_t buf_stride,
                                    size_t bkg_stride, void *buf, void *bkg, hid_t dxpl) {
  (void)nelmts, (void)buf_stride, (void)bkg_stride, (void)buf, (void)bkg, (void)dxpl;
  switch (cdata->command) {
  case H5T_CONV_INIT: {
    if (H5Tget_class(dst) != H5T_OPAQUE || H5Tget_size(src) != H5Tget_size(dst)) return -1;
    char *tag = H5Tget_tag(dst);
    int ours = tag && strcmp(tag, DESCRIPTOR_TAG) == 0;
    if (tag) H5free_memory(tag);
    if (!ours) return -1;
    cdata->need_bkg = H5T_BKG_NO;
    return 0;
  }
  case H5T_CONV_CONV:
  case H5T_CONV_FREE: return 0;
  default: return -1;
  }
}

static int descriptor_conversion_registered = 0;

static int register_descriptor_conversion(void) {
  if (descriptor_conversion_registered) return 0;
  hid_t string = H5Tcopy(H5T_C_S1);
  hid_t opaque = H5Tcreate(H5T_OPAQUE, 16);
  int status = -1;
  if (string >= 0 && opaque >= 0 && H5Tset_size(string, H5T_VARIABLE) >= 0 &&
      H5Tset_tag(opaque, DESCRIPTOR_TAG) >= 0 &&
      H5Tregister(H5T_PERS_SOFT, "neurometry_vlen_descriptors", string, opaque, descriptor_conversion) >= 0) {
    descriptor_conversion_registered = 1;
    status = 0;
  }
  if (string >= 0) H5Tclose(string);
  if (opaque >= 0) H5Tclose(opaque);
  return status;
}

static int read_exactly(int fd, void *buffer, uint64_t size, uint64_t at) {
  unsigned char *p = buffer;
  while (size > 0) {
    ssize_t got = pread(fd, p, size > (1u << 30) ? (1u << 30) : (size_t)size, (off_t)at);
    if (got <= 0) return -1;
    p += got, size -= (uint64_t)got, at += (uint64_t)got;
  }
  return 0;
}

// Parses the collection at `addr` as H5HG__cache_heap_deserialize would; 0 on success, 1 when it
// is not a sound collection (message written).
static int load_collection(int fd, uint64_t base, uint64_t eof, uint64_t addr, unsigned lengths, collection *c,
                           char *message, size_t message_size) {
  const uint64_t header = 8 + lengths, object_header = 8 + lengths;
  unsigned char head[16];
  if (addr > eof || base > eof - addr || header > eof - base - addr ||
      read_exactly(fd, head, header, base + addr) != 0 || memcmp(head, "GCOL\1", 5) != 0) {
    snprintf(message, message_size, "names a global heap collection at address %llu, where the file has none",
             (unsigned long long)addr);
    return 1;
  }
  uint64_t size = little(head + 8, lengths);
  if (size < header || size > eof - base - addr) {
    snprintf(message, message_size,
             "names the global heap collection at address %llu, which claims %llu bytes (the file has %llu after it)",
             (unsigned long long)addr, (unsigned long long)size, (unsigned long long)(eof - base - addr));
    return 1;
  }
  unsigned char *b = malloc(size);
  if (!b || read_exactly(fd, b, size, base + addr) != 0) {
    free(b);
    snprintf(message, message_size, "names the global heap collection at address %llu, which could not be read",
             (unsigned long long)addr);
    return 1;
  }
  uint64_t count = 0, *sizes = NULL;
  int sound = 1;
  for (uint64_t p = header; p < size;) {
    uint64_t left = size - p;
    if (left < object_header) break;
    unsigned index = (unsigned)little(b + p, 2);
    uint64_t length = little(b + p + 8, lengths), need;
    if (index > 0) {
      if (length > left - object_header) { sound = 0; break; }
      need = object_header + ((length + 7) / 8) * 8;
      if (need > left) { sound = 0; break; }
      if (index >= count) {
        uint64_t grown = index + 1;
        uint64_t *more = realloc(sizes, grown * sizeof *sizes);
        if (!more) { sound = 0; break; }
        for (uint64_t i = count; i < grown; i++) more[i] = ABSENT;
        sizes = more, count = grown;
      }
      sizes[index] = length;
    } else {
      need = length;
      if (need < object_header || need > left) { sound = 0; break; }
    }
    p += need;
  }
  free(b);
  if (!sound) {
    free(sizes);
    snprintf(message, message_size,
             "names the global heap collection at address %llu, whose objects run past its end",
             (unsigned long long)addr);
    return 1;
  }
  free(c->sizes);
  c->addr = addr, c->count = count, c->sizes = sizes;
  return 0;
}

int neurometry_check_vlen_strings(hid_t object, int is_attribute, hid_t memory_space, hid_t file_space,
                                  size_t count, char *message, size_t message_size) {
  message[0] = 0;
  if (count == 0) return 0;
  if (register_descriptor_conversion() < 0) return -1;
  int result = -1;
  hid_t file = -1, fcpl = -1, opaque = -1;
  unsigned char *descriptors = NULL;
  collection cache[COLLECTION_CACHE];
  memset(cache, 0, sizeof cache);
  size_t offsets = 0, lengths = 0;
  hsize_t base = 0;
  void *handle = NULL;
  struct stat st;
  if ((file = H5Iget_file_id(object)) < 0 || (fcpl = H5Fget_create_plist(file)) < 0 ||
      H5Pget_sizes(fcpl, &offsets, &lengths) < 0 || H5Pget_userblock(fcpl, &base) < 0 ||
      H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) < 0 || !handle || fstat(*(int *)handle, &st) != 0)
    goto done;
  if (offsets < 2 || offsets > 8 || lengths < 2 || lengths > 8) goto done;
  const size_t size = 8 + offsets;
  if (count > SIZE_MAX / size || !(descriptors = malloc(count * size))) goto done;
  if ((opaque = H5Tcreate(H5T_OPAQUE, size)) < 0 || H5Tset_tag(opaque, DESCRIPTOR_TAG) < 0) goto done;
  if ((is_attribute ? H5Aread(object, opaque, descriptors)
                    : H5Dread(object, opaque, memory_space, file_space, H5P_DEFAULT, descriptors)) < 0)
    goto done;
  const int fd = *(int *)handle;
  const uint64_t eof = (uint64_t)st.st_size;
  result = 0;
  for (size_t i = 0; i < count && result == 0; i++) {
    const unsigned char *d = descriptors + i * size;
    uint64_t length = little(d, 4), addr = little(d + 4, (unsigned)offsets), index = little(d + 4 + offsets, 4);
    if (addr == 0) {
      if (length != 0) {
        snprintf(message, message_size, "variable-length string %zu claims %llu bytes but points to no global heap",
                 i, (unsigned long long)length);
        result = 1;
      }
      continue;
    }
    collection *c = &cache[(addr >> 3) % COLLECTION_CACHE];
    if (c->addr != addr) {
      char why[256];
      if (load_collection(fd, base, eof, addr, (unsigned)lengths, c, why, sizeof why) != 0) {
        snprintf(message, message_size, "variable-length string %zu %s", i, why);
        result = 1;
        continue;
      }
    }
    if (index == 0 || index >= c->count || c->sizes[index] == ABSENT) {
      snprintf(message, message_size,
               "variable-length string %zu points to object %llu of the global heap collection at address %llu, "
               "which has no such object",
               i, (unsigned long long)index, (unsigned long long)addr);
      result = 1;
    } else if (c->sizes[index] != length) {
      snprintf(message, message_size,
               "variable-length string %zu claims %llu bytes, but the global heap object it points to (collection "
               "at address %llu, object %llu) holds %llu",
               i, (unsigned long long)length, (unsigned long long)addr, (unsigned long long)index,
               (unsigned long long)c->sizes[index]);
      result = 1;
    }
  }
done:
  for (int i = 0; i < COLLECTION_CACHE; i++) free(cache[i].sizes);
  free(descriptors);
  if (opaque >= 0) H5Tclose(opaque);
  if (fcpl >= 0) H5Pclose(fcpl);
  if (file >= 0) H5Fclose(file);
  return result;
}

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
int neurometry_check_vlen_strings(hid_t object, int is_attribute, hid_t memory_space, hid_t file_space,
                                  size_t count, char *message, size_t message_size) {
  (void)object, (void)is_attribute, (void)memory_space, (void)file_space, (void)count;
  if (message_size > 0) message[0] = 0;
  return 0;
}
#endif
