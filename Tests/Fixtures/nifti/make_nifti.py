"""NIfTI-1/NIfTI-2 files written by nibabel, for Neurometry's Swift NIfTI reader tests.

Writes into this script's folder (Tests/Fixtures/nifti/):
  dtype_<name>.nii        one per voxel type (uint8 … uint64, float32/64), shape (3, 4, 5)
  be_<name>.nii           big-endian files
  scaled_*.nii, slope_*.nii  scl_slope/scl_inter cases (nibabel's rule: 0, NaN or ±inf slope = no scaling)
  xform_sform.nii, xform_qform.nii, xform_qform_w0.nii, xform_fallback.nii, xform_fixes.nii
                          which affine nibabel picks (sform, qform incl. qfac = -1, fallback, fixed fields)
  gz_float32.nii.gz, bold4d.nii(.gz), twod.nii, extension.nii, pair_n1.hdr/.img
  n2_int16.nii, n2_float64_4d.nii.gz, n2_be.nii, pair_n2.hdr/.img   NIfTI-2
  unsupported/            complex64, RGB24 (readable by nibabel, refused by Neurometry)
  broken/                 deliberately invalid files
  nibabel/                real files nibabel ships in its test data (MIT licence, see nibabel/COPYING)
  expected/<file>.npy     get_fdata() of every small file, C order (x, y, z[, t])
  manifest.json           header facts, affine (hex floats), affine source, scaling of every file;
                          sampled voxels + sums for the nibabel files; problems of the broken ones
  versions.json           ({"python", "numpy", "nibabel"})

Generated with numpy 2.4.6 and nibabel 5.4.2 (/work/venv-fixtures). Deterministic: seeded
default_rng (only the gzip timestamps of .nii.gz files change between runs). Run from the repo root:
  python Tests/Fixtures/nifti/make_nifti.py
"""
import gzip
import json
import math
import shutil
import struct
import sys
from pathlib import Path

import nibabel as nib
import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import hex_float, write_versions  # noqa: E402

OUT = Path(__file__).resolve().parent
for sub in ("expected", "broken", "unsupported", "nibabel"):
    (OUT / sub).mkdir(exist_ok=True)
rng = np.random.default_rng(20240611)
manifest = {"files": [], "nibabel": [], "broken": [], "unsupported": []}


def affine_source(hdr):
    # nibabel's get_best_affine: sform if sform_code != 0, else qform if qform_code != 0, else base.
    if int(hdr["sform_code"]) != 0:
        return "sform"
    if int(hdr["qform_code"]) != 0:
        return "qform"
    return "fallback"


def gzip_deterministic(src, dst):
    with open(src, "rb") as f:
        raw = f.read()
    with open(dst, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(raw)


def describe(name, save_expected=True):
    """Loads `name` with nibabel and records what a reader must reproduce."""
    img = nib.load(OUT / name)
    hdr = img.header
    data = img.get_fdata()  # float64, scaled
    # The scaling nibabel applies (the image's own header has it reset after loading).
    slope, inter = float(img.dataobj.slope), float(img.dataobj.inter)
    entry = {
        "file": name,
        "version": 2 if isinstance(hdr, nib.Nifti2Header) else 1,
        "shape": list(img.shape),
        "dtype": hdr.get_data_dtype().str,
        "datatype_code": int(hdr["datatype"]),
        "endianness": hdr.endianness,
        "sform_code": int(hdr["sform_code"]),
        "qform_code": int(hdr["qform_code"]),
        "affine_source": affine_source(hdr),
        "affine": [hex_float(v) for v in img.affine.ravel()],
        "qform": [hex_float(v) for v in hdr.get_qform().ravel()],
        "sform": [hex_float(v) for v in hdr.get_sform().ravel()],
        "zooms": [hex_float(v) for v in hdr.get_zooms()],
        "pixdim": [hex_float(v) for v in hdr["pixdim"]],
        "slope": hex_float(slope),
        "inter": hex_float(inter),
        "xyzt_units": int(hdr["xyzt_units"]),
        "intent_code": int(hdr["intent_code"]),
        "descrip": hdr["descrip"].item().decode("latin-1"),
    }
    if save_expected:
        np.save(OUT / "expected" / (name + ".npy"), np.ascontiguousarray(data))
    return entry


def save(img, name, expected=True):
    img.to_filename(OUT / name)
    manifest["files"].append(describe(name, expected))


def write_raw(name, hdr, arr, data_dtype, extra=b""):
    """Header bytes written by nibabel's own header.write_to, then the voxels in Fortran order."""
    with open(OUT / name, "wb") as f:
        hdr.write_to(f)
        f.write(extra)
        f.write(np.asarray(arr).astype(np.dtype(data_dtype).newbyteorder(hdr.endianness)).tobytes(order="F"))


shape = (3, 4, 5)
affine = np.array([[2.0, 0.1, 0.0, -10.5], [0.0, 3.0, 0.2, 20.25], [0.05, 0.0, 4.0, -30.0], [0, 0, 0, 1]])

# ---- every voxel type, little-endian
types = {
    "uint8": np.uint8, "int8": np.int8, "int16": np.int16, "uint16": np.uint16, "int32": np.int32,
    "uint32": np.uint32, "int64": np.int64, "uint64": np.uint64, "float32": np.float32, "float64": np.float64,
}


def values_for(dt):
    n = int(np.prod(shape))
    if np.issubdtype(dt, np.integer):
        info = np.iinfo(dt)
        lo, hi = int(info.min), int(info.max)
        v = rng.integers(max(lo, -1000), min(hi, 1000), size=n, endpoint=True).astype(dt)
        v[0], v[1] = info.min, info.max  # extremes (uint64 max and int64 min round to doubles)
        return v.reshape(shape)
    v = rng.standard_normal(n).astype(dt) * dt(100)
    v[2] = np.nan
    v[3] = -0.0
    return v.reshape(shape)


for tname, dt in types.items():
    img = nib.Nifti1Image(values_for(dt), affine, dtype=dt)
    save(img, f"dtype_{tname}.nii")

# ---- big-endian
for tname in ("int16", "uint16", "int64", "float32", "float64"):
    dt = types[tname]
    img = nib.Nifti1Image(values_for(dt), affine, nib.Nifti1Header(endianness=">"), dtype=dt)
    save(img, f"be_{tname}.nii")

# ---- scaling (header written by nibabel, then raw voxels)
def scaled(name, raw_dtype, slope, inter, endianness="<"):
    hdr = nib.Nifti1Header(endianness=endianness)
    hdr.set_data_shape(shape)
    hdr.set_data_dtype(raw_dtype)
    hdr.set_sform(affine, code=2)
    hdr["scl_slope"] = slope
    hdr["scl_inter"] = inter
    hdr["vox_offset"] = 352
    raw = values_for(np.dtype(raw_dtype).type)
    write_raw(name, hdr, raw, raw_dtype)
    manifest["files"].append(describe(name))


scaled("scaled_int16.nii", np.int16, 0.5, -3.25)
scaled("scaled_uint8.nii", np.uint8, 1 / 255, 0.0)         # slope not exact in float32
scaled("scaled_float32.nii", np.float32, 2.0, 1.0)          # floats are scaled too
scaled("scaled_be_int32.nii", np.int32, -1.5, 100.0, ">")
scaled("slope_zero.nii", np.int16, 0.0, 5.0)                # 0 slope: no scaling, inter ignored
scaled("slope_nan.nii", np.int16, np.nan, 5.0)              # NaN slope: no scaling
scaled("slope_inf.nii", np.int16, np.inf, 5.0)              # infinite slope: no scaling (nibabel)

# ---- affines
def xform(name, sform_code, qform_code, quat=(0.0, 0.0, 0.0), qfac=1.0, pixdim=(2.5, 3.0, 4.0),
          qoffset=(1.5, -2.5, 3.5), raw_pixdim0=None):
    hdr = nib.Nifti1Header()
    hdr.set_data_shape(shape)
    hdr.set_data_dtype(np.int16)
    hdr["pixdim"][1:4] = pixdim
    hdr["pixdim"][0] = qfac if raw_pixdim0 is None else raw_pixdim0
    hdr["qform_code"] = qform_code
    hdr["quatern_b"], hdr["quatern_c"], hdr["quatern_d"] = quat
    hdr["qoffset_x"], hdr["qoffset_y"], hdr["qoffset_z"] = qoffset
    hdr["sform_code"] = sform_code
    hdr["srow_x"] = affine[0]
    hdr["srow_y"] = affine[1]
    hdr["srow_z"] = affine[2]
    hdr["vox_offset"] = 352
    write_raw(name, hdr, values_for(np.int16), np.int16)
    manifest["files"].append(describe(name))


xform("xform_sform.nii", 4, 1, quat=(0.1, 0.2, 0.3))                  # both set: sform wins
xform("xform_qform.nii", 0, 1, quat=(0.1, -0.2, 0.3), qfac=-1.0)     # qform, qfac -1 flips z
xform("xform_qform_w0.nii", 0, 2, quat=(0.6, 0.0, 0.8 - 1e-8))      # b²+c²+d² ≈ 1: w = 0
xform("xform_fallback.nii", 0, 0)                                     # diag(-dx, dy, dz) centred
xform("xform_fixes.nii", 0, 1, quat=(0.1, 0.2, 0.3), pixdim=(-2.0, 0.0, 3.0), raw_pixdim0=0.0)
xform("xform_badcode.nii", 7, 1, quat=(0.1, 0.2, 0.3))               # invalid sform code -> 0

# ---- gzip, 4-D, 2-D, extensions, pairs
img = nib.Nifti1Image(values_for(np.float32), affine)
img.set_data_dtype(np.float32)
img.to_filename(OUT / "tmp.nii")
gzip_deterministic(OUT / "tmp.nii", OUT / "gz_float32.nii.gz")
(OUT / "tmp.nii").unlink()
manifest["files"].append(describe("gz_float32.nii.gz"))

bold = (rng.standard_normal((5, 6, 7, 9)) * 10 + 100).astype(np.float32)
img = nib.Nifti1Image(bold, affine)
img.header.set_xyzt_units("mm", "sec")
img.header["pixdim"][4] = 2.0
save(img, "bold4d.nii")
gzip_deterministic(OUT / "bold4d.nii", OUT / "bold4d.nii.gz")
manifest["files"].append(describe("bold4d.nii.gz", save_expected=False))

save(nib.Nifti1Image(rng.integers(-50, 50, (5, 3)).astype(np.int16), np.eye(4)), "twod.nii")

img = nib.Nifti1Image(values_for(np.int16), affine)
img.header.extensions.append(nib.nifti1.Nifti1Extension("comment", b"Neurometry fixture: a NIfTI extension"))
save(img, "extension.nii")

save(nib.Nifti1Pair(values_for(np.uint16), affine), "pair_n1.img")
manifest["files"][-1]["file"] = "pair_n1.img"
# the header file too (same image)
manifest["files"].append(describe("pair_n1.hdr", save_expected=False))

# ---- NIfTI-2
save(nib.Nifti2Image(values_for(np.int16), affine), "n2_int16.nii")
img = nib.Nifti2Image(rng.standard_normal((4, 3, 2, 6)), affine)
img.set_data_dtype(np.float64)
img.to_filename(OUT / "tmp.nii")
gzip_deterministic(OUT / "tmp.nii", OUT / "n2_float64_4d.nii.gz")
(OUT / "tmp.nii").unlink()
manifest["files"].append(describe("n2_float64_4d.nii.gz"))
save(nib.Nifti2Image(values_for(np.float32), affine, nib.Nifti2Header(endianness=">")), "n2_be.nii")
save(nib.Nifti2Pair(values_for(np.int32), affine), "pair_n2.img")
manifest["files"].append(describe("pair_n2.hdr", save_expected=False))

# ---- readable by nibabel, refused by Neurometry
c = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(np.complex64)
nib.Nifti1Image(c, affine).to_filename(OUT / "unsupported/complex64.nii")
rgb = np.zeros(shape, dtype=[("R", "u1"), ("G", "u1"), ("B", "u1")])
nib.Nifti1Image(rgb, affine).to_filename(OUT / "unsupported/rgb24.nii")
for name in ("complex64.nii", "rgb24.nii"):
    manifest["unsupported"].append(
        {"file": name, "datatype_code": int(nib.load(OUT / "unsupported" / name).header["datatype"])})

# ---- broken files
good = (OUT / "dtype_int16.nii").read_bytes()
(OUT / "broken/truncated.nii").write_bytes(good[:-37])
gz = (OUT / "gz_float32.nii.gz").read_bytes()
(OUT / "broken/truncated.nii.gz").write_bytes(gz[: len(gz) // 2])
(OUT / "broken/header_only.nii.gz").write_bytes(gzip.compress(good[:200], mtime=0))
corrupt = bytearray(gz)
corrupt[len(gz) // 2] ^= 0xFF
corrupt[len(gz) // 2 + 1] ^= 0xFF
(OUT / "broken/corrupt.nii.gz").write_bytes(bytes(corrupt))
bad = bytearray(good)
bad[0:4] = struct.pack("<i", 349)
(OUT / "broken/wrong_sizeof_hdr.nii").write_bytes(bytes(bad))
bad = bytearray(good)
bad[344:348] = b"xyz\0"
(OUT / "broken/bad_magic.nii").write_bytes(bytes(bad))
bad = bytearray(good)
bad[40:56] = struct.pack("<8h", 3, 10, 10, 10, 1, 1, 1, 1)  # dims say 10x10x10, data holds 3x4x5
(OUT / "broken/dim_mismatch.nii").write_bytes(bytes(bad))
bad = bytearray(good)
bad[40:42] = struct.pack("<h", 9)  # dim[0] outside 1...7
(OUT / "broken/bad_ndim.nii").write_bytes(bytes(bad))
bad = bytearray(good)
bad[40:48] = struct.pack("<4h", 3, 3, -4, 5)
(OUT / "broken/negative_dim.nii").write_bytes(bytes(bad))
bad = bytearray(good)
bad[70:72] = struct.pack("<h", 3)  # datatype code 3 does not exist
(OUT / "broken/unknown_datatype.nii").write_bytes(bytes(bad))
(OUT / "broken/empty.nii").write_bytes(b"")
(OUT / "broken/short_header.nii").write_bytes(good[:100])
shutil.copy(OUT / "pair_n1.hdr", OUT / "broken/pair_without_img.hdr")
manifest["broken"] = sorted(p.name for p in (OUT / "broken").iterdir())

# ---- real files from nibabel's test data (MIT licence)
src = Path(nib.__file__).parent / "tests" / "data"
shutil.copy(Path(nib.__file__).parent.parent / "nibabel-5.4.2.dist-info/licenses/COPYING", OUT / "nibabel/COPYING")
for name in ("anatomical.nii", "functional.nii", "example4d.nii.gz", "example_nifti2.nii.gz", "standard.nii.gz",
             "nifti1.hdr", "nifti2.hdr", "analyze.hdr"):
    shutil.copy(src / name, OUT / "nibabel" / name)
for name in ("anatomical.nii", "functional.nii", "example4d.nii.gz", "example_nifti2.nii.gz", "standard.nii.gz"):
    entry = describe("nibabel/" + name, save_expected=False)
    data = nib.load(OUT / "nibabel" / name).get_fdata()
    flat = data.ravel(order="C")
    idx = np.sort(rng.choice(flat.size, size=min(200, flat.size), replace=False))
    entry["samples"] = [[int(i) for i in np.unravel_index(k, data.shape)] + [hex_float(flat[k])] for k in idx]
    entry["sum"] = hex_float(math.fsum(flat.tolist()))
    entry["sum_of_squares"] = hex_float(math.fsum((flat * flat).tolist()))
    manifest["nibabel"].append(entry)
for name in ("nifti1.hdr", "nifti2.hdr"):  # headers without their .img: header fields only
    hdr = nib.load(OUT / "nibabel" / name).header
    img_aff = nib.load(OUT / "nibabel" / name).affine
    manifest["nibabel"].append({
        "file": "nibabel/" + name, "header_only": True, "shape": [int(x) for x in hdr.get_data_shape()],
        "dtype": hdr.get_data_dtype().str, "affine_source": affine_source(hdr),
        "affine": [hex_float(v) for v in img_aff.ravel()], "version": 2 if isinstance(hdr, nib.Nifti2Header) else 1})

(OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
write_versions(OUT, {"nibabel": nib.__version__})
print(f"wrote {len(manifest['files'])} files, {len(manifest['nibabel'])} nibabel files, {len(manifest['broken'])} broken")
