// HDF5's C API. Its type and flag "constants" are macros (often expanding to library globals that
// Swift 6 rejects), so each one Frontier uses is wrapped here in a static inline function.
#include <hdf5.h>

static inline hid_t frontier_h5p_default(void) { return H5P_DEFAULT; }
static inline hid_t frontier_h5s_all(void) { return H5S_ALL; }
static inline hid_t frontier_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t frontier_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t frontier_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t frontier_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t frontier_h5p_dataset_create(void) { return H5P_DATASET_CREATE; }
static inline hid_t frontier_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline unsigned frontier_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline unsigned frontier_h5f_acc_excl(void) { return H5F_ACC_EXCL; }
static inline unsigned frontier_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned frontier_h5f_acc_rdwr(void) { return H5F_ACC_RDWR; }
static inline hsize_t frontier_h5s_unlimited(void) { return H5S_UNLIMITED; }

// Added for Checkpoint's HDF5 wrapper and inspector.
static inline hid_t frontier_h5e_default(void) { return H5E_DEFAULT; }
static inline hid_t frontier_h5p_group_create(void) { return H5P_GROUP_CREATE; }
static inline hid_t frontier_h5t_ieee_f32le(void) { return H5T_IEEE_F32LE; }
static inline hid_t frontier_h5t_ieee_f32be(void) { return H5T_IEEE_F32BE; }
static inline hid_t frontier_h5t_ieee_f64le(void) { return H5T_IEEE_F64LE; }
static inline hid_t frontier_h5t_ieee_f64be(void) { return H5T_IEEE_F64BE; }
static inline hid_t frontier_h5t_std_i64le(void) { return H5T_STD_I64LE; }
static inline hid_t frontier_h5t_std_i64be(void) { return H5T_STD_I64BE; }
static inline size_t frontier_h5t_variable(void) { return H5T_VARIABLE; }
static inline unsigned frontier_h5f_obj_all(void) { return H5F_OBJ_ALL; }
static inline unsigned frontier_h5f_obj_local(void) { return H5F_OBJ_LOCAL; }
static inline unsigned frontier_h5pl_all_plugin(void) { return H5PL_ALL_PLUGIN; }
