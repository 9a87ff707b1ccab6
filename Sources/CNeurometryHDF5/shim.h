// HDF5 1.10+ (Debian: libhdf5-dev, headers in /usr/include/hdf5/serial, pkg-config name `hdf5`).
// HDF5's constants are macros that expand to function calls (H5OPEN) or casts, which Swift cannot
// import: each is exposed here as a `static inline` function.
#ifndef CNEUROMETRY_HDF5_SHIM_H
#define CNEUROMETRY_HDF5_SHIM_H
#include <hdf5.h>
#include <string.h>

static inline hid_t neurometry_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t neurometry_h5s_all(void) { return H5S_ALL; }
static inline unsigned neurometry_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned neurometry_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline unsigned neurometry_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned neurometry_h5f_acc_excl(void) { return H5F_ACC_EXCL; }
static inline hid_t neurometry_h5p_file_create(void) { return H5P_FILE_CREATE; }
static inline hid_t neurometry_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline hid_t neurometry_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t neurometry_h5p_link_create(void) { return H5P_LINK_CREATE; }
static inline hid_t neurometry_h5p_group_create(void) { return H5P_GROUP_CREATE; }

static inline hid_t neurometry_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t neurometry_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t neurometry_h5t_native_int8(void) { return H5T_NATIVE_INT8; }
static inline hid_t neurometry_h5t_native_int16(void) { return H5T_NATIVE_INT16; }
static inline hid_t neurometry_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t neurometry_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t neurometry_h5t_native_uint8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t neurometry_h5t_native_uint16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t neurometry_h5t_native_uint32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t neurometry_h5t_native_uint64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t neurometry_h5t_native_hbool(void) { return H5T_NATIVE_HBOOL; }
static inline hid_t neurometry_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t neurometry_h5t_std_ref_obj(void) { return H5T_STD_REF_OBJ; }
static inline hid_t neurometry_h5t_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t neurometry_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t neurometry_h5t_std_i64le(void) { return H5T_STD_I64LE; }
static inline size_t neurometry_h5t_variable(void) { return H5T_VARIABLE; }
static inline hid_t neurometry_h5e_default(void) { return H5E_DEFAULT; }
static inline hid_t neurometry_h5t_std_ref_dsetreg(void) { return H5T_STD_REF_DSETREG; }
static inline hid_t neurometry_h5t_std_i8le(void) { return H5T_STD_I8LE; }
static inline hid_t neurometry_h5t_std_u8le(void) { return H5T_STD_U8LE; }
static inline hid_t neurometry_h5t_std_i32le(void) { return H5T_STD_I32LE; }
static inline hid_t neurometry_h5t_std_u64le(void) { return H5T_STD_U64LE; }
static inline hid_t neurometry_h5t_std_u16le(void) { return H5T_STD_U16LE; }
static inline hid_t neurometry_h5p_dataset_xfer(void) { return H5P_DATASET_XFER; }
static inline int neurometry_h5z_filter_deflate(void) { return H5Z_FILTER_DEFLATE; }
static inline int neurometry_h5z_filter_shuffle(void) { return H5Z_FILTER_SHUFFLE; }

/// Turns off HDF5's automatic printing of error stacks on the calling thread (Neurometry walks
/// the stack itself; a thread-safe libhdf5 keeps this setting per thread).
static inline void neurometry_h5_silence_errors(void) {
  H5open();
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

/// The type of the object at `name` relative to `loc` (H5O_TYPE_GROUP, _DATASET, _NAMED_DATATYPE),
/// or -1 when it cannot be resolved (missing, dangling soft/external link).
static inline int neurometry_h5_object_type(hid_t loc, const char *name) {
#if H5_VERSION_GE(1, 12, 0)
  H5O_info2_t info;
  if (H5Oget_info_by_name3(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return -1;
#else
  H5O_info_t info;
  if (H5Oget_info_by_name2(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return -1;
#endif
  return (int)info.type;
}
/// The file address of the object at `name` relative to `loc` in `*address` (the native
/// driver's object token, for telling hard links to one object apart from distinct objects);
/// 0 on success, -1 when it cannot be resolved.
static inline int neurometry_h5_object_address(hid_t loc, const char *name, unsigned long long *address) {
#if H5_VERSION_GE(1, 12, 0)
  H5O_info2_t info;
  if (H5Oget_info_by_name3(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return -1;
  unsigned long long a = 0;
  memcpy(&a, &info.token, sizeof(a) < sizeof(info.token) ? sizeof(a) : sizeof(info.token));
  *address = a;
#else
  H5O_info_t info;
  if (H5Oget_info_by_name2(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return -1;
  *address = (unsigned long long)info.addr;
#endif
  return 0;
}
static inline int neurometry_h5o_type_group(void) { return H5O_TYPE_GROUP; }
static inline int neurometry_h5o_type_dataset(void) { return H5O_TYPE_DATASET; }
static inline int neurometry_h5o_type_named_datatype(void) { return H5O_TYPE_NAMED_DATATYPE; }

/// What the link `name` (relative to `loc`) is: 0 a hard link, 1 a soft link (its target path,
/// NUL included, is `*value_size` bytes long: read it with H5Lget_val), 2 an external or
/// user-defined link, -1 an error.
static inline int neurometry_h5_link_kind(hid_t loc, const char *name, size_t *value_size) {
  H5L_info_t info;
  if (H5Lget_info(loc, name, &info, H5P_DEFAULT) < 0) return -1;
  *value_size = 0;
  if (info.type == H5L_TYPE_HARD) return 0;
  if (info.type == H5L_TYPE_SOFT) {
    *value_size = info.u.val_size;
    return 1;
  }
  return 2;
}

/// The number of attributes of the object `loc`, or -1 on error.
static inline long long neurometry_h5_attribute_count(hid_t loc) {
#if H5_VERSION_GE(1, 12, 0)
  H5O_info2_t info;
  if (H5Oget_info3(loc, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#else
  H5O_info_t info;
  if (H5Oget_info2(loc, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
#endif
  return (long long)info.num_attrs;
}

/// Opens the object an old-style object reference (hobj_ref_t) points to, relative to `loc`'s file.
static inline hid_t neurometry_h5_dereference_object(hid_t loc, const hobj_ref_t *ref) {
  return H5Rdereference2(loc, H5P_DEFAULT, H5R_OBJECT, ref);
}

/// Frees the memory HDF5 allocated for variable-length data read into `buf`.
static inline herr_t neurometry_h5_reclaim(hid_t type, hid_t space, void *buf) {
#if H5_VERSION_GE(1, 12, 0)
  return H5Treclaim(type, space, H5P_DEFAULT, buf);
#else
  return H5Dvlen_reclaim(type, space, H5P_DEFAULT, buf);
#endif
}

/// Selects a hyperslab (`start`, `count`, unit stride and block) of `space`.
static inline herr_t neurometry_h5_select_hyperslab(hid_t space, const hsize_t *start, const hsize_t *count) {
  return H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL);
}

/// Function and description of one entry of the error stack, as the walk visits it.
typedef void (*neurometry_h5_error_visitor)(const char *function, const char *description, void *context);
struct neurometry_h5_walk_context { neurometry_h5_error_visitor visit; void *context; };
static herr_t neurometry_h5_walk_callback(unsigned n, const H5E_error2_t *e, void *data) {
  (void)n;
  struct neurometry_h5_walk_context *c = (struct neurometry_h5_walk_context *)data;
  c->visit(e->func_name ? e->func_name : "", e->desc ? e->desc : "", c->context);
  return 0;
}
/// Walks the current thread's default error stack from the API call inwards, then clears it.
static inline void neurometry_h5_walk_errors(neurometry_h5_error_visitor visit, void *context) {
  struct neurometry_h5_walk_context c = {visit, context};
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, neurometry_h5_walk_callback, &c);
  H5Eclear2(H5E_DEFAULT);
}

/// Library version "major.minor.release".
static inline void neurometry_h5_version(unsigned *major, unsigned *minor, unsigned *release) {
  H5get_libversion(major, minor, release);
}
#endif
