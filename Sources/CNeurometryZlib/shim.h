// zlib (Debian: zlib1g-dev): raw inflate for ZIP members (NPZ), gzip for .nii.gz, CRC-32.
#ifndef CNEUROMETRY_ZLIB_SHIM_H
#define CNEUROMETRY_ZLIB_SHIM_H
#include <zlib.h>

/// inflateInit2 is a macro in zlib.h; this wrapper makes it callable from Swift.
/// windowBits: -15 for raw deflate (ZIP), 15 + 32 for zlib or gzip with automatic header detection.
static inline int neurometry_inflate_init2(z_stream *stream, int windowBits) {
  return inflateInit2(stream, windowBits);
}
/// deflateInit2 wrapper (gzip output uses windowBits 15 + 16).
static inline int neurometry_deflate_init2(z_stream *stream, int level, int windowBits) {
  return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
static inline int neurometry_z_ok(void) { return Z_OK; }
static inline int neurometry_z_stream_end(void) { return Z_STREAM_END; }
static inline int neurometry_z_buf_error(void) { return Z_BUF_ERROR; }
static inline int neurometry_z_no_flush(void) { return Z_NO_FLUSH; }
static inline int neurometry_z_finish(void) { return Z_FINISH; }
#endif
