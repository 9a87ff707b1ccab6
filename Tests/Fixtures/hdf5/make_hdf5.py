"""HDF5 files written by h5py, for Neurometry's HDF5 reader tests.

Writes into this script's folder (Tests/Fixtures/hdf5/):
  numeric.h5   one dataset per numeric type and byte order (/num/<descr>, shape (3, 4, 5)),
               h5py bool, scalar, empty, uint64 above Int64.max, a chunked dataset with
               shuffle + gzip (/chunked/gzip_shuffle, shape (37, 11), chunks (8, 5)), an LZF
               dataset (/chunked/lzf, a filter plain libhdf5 lacks), nested groups, soft links
  strings.h5   fixed-length ASCII (NULLPAD and SPACEPAD), variable-length ASCII and UTF-8,
               fixed-length UTF-8, attributes of every kind (scalar/array numbers, string
               scalars and arrays, object references), an object-reference dataset with a null
  activations.h5  network activations as a modeller writes them: /model/block1/conv (9 stimuli × 3
               channels × 4 × 2, float32, chunked + gzip), /model/fc (9 × 5, float64), /stimulus_ids
               (variable-length UTF-8); activations_conv_flat.npy is conv.reshape(9, -1) (C order)
  broken/      truncated.h5 (first half of numeric.h5), not_hdf5.h5 (text), empty.h5,
               corrupt.h5 (numeric.h5 with its root object header overwritten)
  manifest.json  expected values (floats as float.hex() strings: exact)
  versions.json  python, numpy, h5py, libhdf5 used by h5py

Deterministic. Run from the repo root:
  /work/venv-fixtures/bin/python Tests/Fixtures/hdf5/make_hdf5.py
"""
import json
import sys
from pathlib import Path

import h5py
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import json_value, write_versions  # noqa: E402

OUT = Path(__file__).resolve().parent
BROKEN = OUT / "broken"
BROKEN.mkdir(exist_ok=True)
manifest = {"numeric": [], "strings": {}, "attributes": {}, "references": {}}


def values(a):
    return [json_value(v) for v in np.asarray(a).ravel(order="C").tolist()]


base = np.arange(60).reshape(3, 4, 5)
DTYPES = ["<f8", ">f8", "<f4", ">f4", "<f2", ">f2", "<i8", ">i8", "<i4", ">i4", "<i2", ">i2",
          "|i1", "|u1", "<u2", ">u2", "<u4", ">u4", "<u8", ">u8", "|b1"]
with h5py.File(OUT / "numeric.h5", "w") as f:
    for descr in DTYPES:
        dt = np.dtype(descr)
        vals = {"f": (base - 30) * 0.3, "i": base - 30, "u": base * 997 % 251, "b": base % 3 == 0}[dt.kind]
        arr = vals.astype(dt)
        name = descr.replace("<", "le").replace(">", "be").replace("|", "na")
        f.create_dataset(f"num/{name}", data=arr)
        stored = f[f"num/{name}"][()]
        manifest["numeric"].append({"path": f"/num/{name}", "descr": descr, "shape": list(arr.shape),
                                    "values": values(stored)})
    f["scalar"] = np.float64(2.5)
    f["empty"] = np.zeros((0, 3))
    f["big_u8"] = np.array([1, 2**63 + 5], dtype="<u8")
    f["special"] = np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e308])
    rng = np.random.default_rng(4)
    g = rng.standard_normal((37, 11))
    f.create_dataset("chunked/gzip_shuffle", data=g, chunks=(8, 5), compression="gzip",
                     compression_opts=6, shuffle=True)
    f.create_dataset("chunked/gzip_int", data=(g * 1000).astype(">i4"), chunks=(10, 11),
                     compression="gzip", shuffle=True, fletcher32=True)
    f.create_dataset("chunked/lzf", data=g, chunks=(8, 5), compression="lzf")
    manifest["chunked"] = {"gzip_shuffle": values(g), "gzip_int": values((g * 1000).astype(">i4")),
                           "hyperslab_start": [5, 2], "hyperslab_count": [17, 6],
                           "hyperslab": values(g[5:22, 2:8])}
    f.create_group("a/b/c")
    f["a/b/c/leaf"] = np.arange(7, dtype="<i2")
    f["a/x"] = np.arange(3.0)
    f["a/link_to_leaf"] = h5py.SoftLink("/a/b/c/leaf")
    f["a/dangling"] = h5py.SoftLink("/no/such/thing")
    f.attrs["title"] = "numeric fixtures"

str_fixed = np.array([b"alpha", b"be", b"", b"delta_long"], dtype="S10")
str_vlen_ascii = ["x", "yy", "", "c10", "c2"]
str_vlen_utf8 = ["héllo", "wörld", "日本語", "", "naïve"]
str_fixed_utf8 = ["ünï", "ab"]
with h5py.File(OUT / "strings.h5", "w") as f:
    f["fixed_ascii"] = str_fixed
    # SPACEPAD fixed strings, as Fortran/MATLAB-era writers produce: built with the low-level API.
    tid = h5py.h5t.C_S1.copy()
    tid.set_size(6)
    tid.set_strpad(h5py.h5t.STR_SPACEPAD)
    space = h5py.h5s.create_simple((3,))
    dset = h5py.h5d.create(f.id, b"fixed_spacepad", tid, space)
    dset.write(h5py.h5s.ALL, h5py.h5s.ALL, np.array([b"ab    ", b"cdef  ", b"ghijkl"], dtype="S6"), mtype=tid)
    f.create_dataset("vlen_ascii", data=str_vlen_ascii, dtype=h5py.string_dtype("ascii"))
    f.create_dataset("vlen_utf8", data=str_vlen_utf8, dtype=h5py.string_dtype("utf-8"))
    f.create_dataset("vlen_utf8_2d", data=np.array(str_vlen_utf8[:4], dtype=object).reshape(2, 2),
                     dtype=h5py.string_dtype("utf-8"))
    fu = f.create_dataset("fixed_utf8", shape=(2,), dtype=h5py.string_dtype("utf-8", 8))
    fu[...] = np.array([s.encode() for s in str_fixed_utf8], dtype="S8").view(h5py.string_dtype("utf-8", 8))
    f["target_a"] = np.arange(4.0)
    grp = f.create_group("target_group")
    grp["inner"] = np.arange(2)
    refs = np.array([f["target_a"].ref, grp.ref, h5py.Reference(), grp["inner"].ref], dtype=h5py.ref_dtype)
    f.create_dataset("refs", data=refs, dtype=h5py.ref_dtype)
    d = f["target_a"]
    d.attrs["int_scalar"] = np.int32(-7)
    d.attrs["float_scalar"] = 0.1
    d.attrs["be_array"] = np.array([1.5, -2.25, 3.0], dtype=">f4")
    d.attrs["u8_array"] = np.array([3, 1, 4, 1, 5], dtype="<u8")
    d.attrs["str_scalar"] = "grüße"
    d.attrs["bytes_scalar"] = np.bytes_(b"ascii bytes")
    d.attrs["str_array"] = np.array(["c10", "c2", "c1"], dtype=h5py.string_dtype("utf-8"))
    d.attrs["ref_scalar"] = grp.ref
    d.attrs["bool_scalar"] = np.bool_(True)
manifest["strings"] = {"fixed_ascii": ["alpha", "be", "", "delta_long"], "fixed_spacepad": ["ab", "cdef", "ghijkl"],
                       "vlen_ascii": str_vlen_ascii, "vlen_utf8": str_vlen_utf8,
                       "vlen_utf8_2d": str_vlen_utf8[:4], "fixed_utf8": str_fixed_utf8}
manifest["attributes"] = {"int_scalar": -7, "float_scalar": (0.1).hex(),
                          "be_array": values(np.array([1.5, -2.25, 3.0], dtype=">f4")),
                          "u8_array": [3, 1, 4, 1, 5], "str_scalar": "grüße", "bytes_scalar": "ascii bytes",
                          "str_array": ["c10", "c2", "c1"]}
manifest["references"] = {"refs": ["/target_a", "/target_group", None, "/target_group/inner"]}

act_rng = np.random.default_rng(9)
conv = act_rng.standard_normal((9, 3, 4, 2)).astype(np.float32)
fc = act_rng.standard_normal((9, 5))
stimulus_ids = ["c10", "c2", "c1", "b", "a", "c3", "d", "e", "f"]
with h5py.File(OUT / "activations.h5", "w") as f:
    f.create_dataset("model/block1/conv", data=conv, chunks=(3, 3, 4, 2), compression="gzip", shuffle=True)
    f["model/fc"] = fc
    f.create_dataset("stimulus_ids", data=stimulus_ids, dtype=h5py.string_dtype("utf-8"))
np.save(OUT / "activations_conv_flat.npy", conv.astype(np.float64).reshape(9, -1))
np.save(OUT / "activations_fc.npy", fc)

data = (OUT / "numeric.h5").read_bytes()
(BROKEN / "truncated.h5").write_bytes(data[: len(data) // 2])
(BROKEN / "not_hdf5.h5").write_bytes(b"this is a text file, not HDF5\n" * 20)
(BROKEN / "empty.h5").write_bytes(b"")
# Overwrite everything after the superblock (the root group's object header and the B-trees).
corrupt = bytearray(data)
corrupt[96:4096] = b"\xA5" * (4096 - 96)
(BROKEN / "corrupt.h5").write_bytes(bytes(corrupt))

(OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
write_versions(OUT, {"h5py": h5py.__version__, "libhdf5 (h5py)": h5py.version.hdf5_version})
