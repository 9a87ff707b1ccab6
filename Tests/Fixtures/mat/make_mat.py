"""MATLAB MAT-files written by hdf5storage (v7.3, MATLAB's HDF5 layout with the 512-byte user
block and MATLAB_class attributes) and by scipy.io.savemat (v5), for Neurometry's MAT reader.

Writes into this script's folder (Tests/Fixtures/mat/):
  session.mat   v7.3: A (double 3×5), B (single 2×3×4), I16 (int16 2×3, big-endian in the file),
                U8 (uint8 1×5), L (logical 2×2), name (char 'grüße'), charmat (char 2×4, padded),
                names (cellstr 2×2 {'c10','c2';'b','a'}), E (double 0×3), S (struct, S.x double 2×1),
                Z (complex 1×2)
  v5.mat        the same A saved by scipy.io.savemat (MAT v5), which Neurometry refuses with advice
  manifest.json every readable variable as MATLAB sees it: shape, class and values in row-major
                order (floats as float.hex() strings: exact)
  versions.json

Needs hdf5storage, which is not in /work/venv-fixtures; made with its own venv:
  python3 -m venv /work/venv-hdf5 && /work/venv-hdf5/bin/pip install hdf5storage==0.2.2 scipy numpy
  /work/venv-hdf5/bin/python Tests/Fixtures/mat/make_mat.py
"""
import json
import sys
from pathlib import Path

import h5py
import hdf5storage
import numpy as np
import scipy
import scipy.io
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import json_value, write_versions  # noqa: E402

OUT = Path(__file__).resolve().parent


A = np.arange(15, dtype=float).reshape(3, 5) * 0.1 - 0.7
B = (np.arange(24).reshape(2, 3, 4) * 0.25 - 3).astype(np.float32)
I16 = np.array([[-300, 2, 3], [4, 500, -6]], dtype=">i2")
U8 = np.array([[9, 8, 7, 250, 0]], dtype=np.uint8)
L = np.array([[True, False], [False, True]])
names = np.empty((2, 2), dtype=object)
names[0, 0], names[0, 1], names[1, 0], names[1, 1] = "c10", "c2", "b", "a"
charmat = np.array(["abcd", "de  "])
variables = {
    "A": A, "B": B, "I16": I16, "U8": U8, "L": L, "name": "grüße", "names": names,
    "E": np.zeros((0, 3)), "S": {"x": np.array([[1.5], [2.5]])}, "Z": np.array([[1 + 2j, 3 - 4j]]),
}
hdf5storage.savemat(str(OUT / "session.mat"), variables, format="7.3", oned_as="row",
                    store_python_metadata=False, matlab_compatible=True)
# A char matrix (2×4, space padded) as MATLAB writes it: uint16 codes, shape reversed.
with h5py.File(OUT / "session.mat", "a") as f:
    codes = np.array([[ord(c) for c in row] for row in charmat], dtype=np.uint16)
    d = f.create_dataset("charmat", data=codes.T)
    d.attrs["MATLAB_class"] = np.bytes_(b"char")
    d.attrs["MATLAB_int_decode"] = np.int32(2)
scipy.io.savemat(str(OUT / "v5.mat"), {"A": A})

manifest = {
    "A": {"class": "double", "shape": [3, 5], "values": [json_value(v) for v in A.ravel()]},
    "B": {"class": "single", "shape": [2, 3, 4], "values": [json_value(v) for v in B.astype(float).ravel()]},
    "I16": {"class": "int16", "shape": [2, 3], "values": [int(v) for v in I16.ravel()]},
    "U8": {"class": "uint8", "shape": [1, 5], "values": [int(v) for v in U8.ravel()]},
    "L": {"class": "logical", "shape": [2, 2], "values": [bool(v) for v in L.ravel()]},
    "name": {"class": "char", "shape": [1], "values": ["grüße"]},
    "charmat": {"class": "char", "shape": [2], "values": ["abcd", "de"]},
    "names": {"class": "cell", "shape": [2, 2], "values": ["c10", "c2", "b", "a"]},
    "E": {"class": "double", "shape": [0, 3], "values": []},
    "S/x": {"class": "double", "shape": [2, 1], "values": [json_value(1.5), json_value(2.5)]},
}
# Check the file with scipy's reader of the same variables where it can (scipy reads v5 only;
# hdf5storage.loadmat reads the v7.3 file back).
back = hdf5storage.loadmat(str(OUT / "session.mat"))
assert np.array_equal(back["A"], A) and np.array_equal(back["B"], B) and back["I16"].dtype == np.dtype(">i2")
assert np.array_equal(scipy.io.loadmat(str(OUT / "v5.mat"))["A"], A)
(OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
write_versions(OUT, {
    "scipy": scipy.__version__, "hdf5storage": hdf5storage.__version__, "h5py": h5py.__version__,
    "libhdf5 (h5py)": h5py.version.hdf5_version})
