"""NPY/NPZ files written by numpy itself, for Neurometry's Swift NPY/NPZ reader tests.

Writes into this script's folder (Tests/Fixtures/npy/):
  num_<descr>_<C|F>.npy  one per dtype and memory order (descr: '<'->le, '>'->be, '|'->na)
  scalar0d, empty1d, empty3d, vec, mat_F, col, big_u8, v2, v3, str_U_C, str_U_F,
  str_beU, str_S, labels, nan (.npy); stored.npz, deflated.npz, positional.npz
  broken/*  deliberately invalid or unsupported files
  manifest.json  header facts and C-order values of every valid file, problems of broken ones
  versions.json  ({"python", "numpy", "scipy"})

Generated with numpy 2.4.6 and scipy 1.17.1 (see Tests/Fixtures/requirements.txt).
Deterministic (no randomness except a seeded default_rng). Run from the repo root:
  python Tests/Fixtures/npy/make_npy.py
"""
import json
import struct
import zipfile
import sys
from pathlib import Path

import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import json_value, write_versions  # noqa: E402
import scipy

OUT = Path(__file__).resolve().parent
BROKEN = OUT / "broken"
BROKEN.mkdir(exist_ok=True)
fmt = np.lib.format
rng = np.random.default_rng(7)
manifest = {"numpy": np.__version__, "npy": [], "npz": [], "broken": []}


def header_info(fp):
    """(fortran_order) read from the file's own header."""
    version = fmt.read_magic(fp)
    read = fmt.read_array_header_1_0 if version == (1, 0) else fmt.read_array_header_2_0
    return read(fp)[1]


def describe(name, fp_for_header, arr):
    return {"file": name, "descr": arr.dtype.str, "fortran_order": bool(header_info(fp_for_header)),
            "shape": list(arr.shape), "values": [json_value(v, "latin-1") for v in arr.ravel(order="C").tolist()]}


def save(name, arr):
    np.save(OUT / name, arr)


def record_npy(name):
    with open(OUT / name, "rb") as f:
        manifest["npy"].append(describe(name, f, np.load(OUT / name)))


def broken(name, data, problem):
    (BROKEN / name).write_bytes(data)
    manifest["broken"].append({"file": f"broken/{name}", "problem": problem})


# --- every numeric dtype in C and Fortran order ---
base = np.arange(60).reshape(3, 4, 5)
DTYPES = ["<f8", ">f8", "<f4", ">f4", "<f2", "<i8", ">i8", "<i4", ">i4", "<i2", ">i2",
          "|i1", "|u1", "<u2", ">u2", "<u4", "<u8", ">u8", "|b1"]
for descr in DTYPES:
    dt = np.dtype(descr)
    values = {"f": (base - 30) * 0.5, "i": base - 30, "u": base, "b": base % 3 == 0}[dt.kind]
    arr = values.astype(dt)
    assert arr.dtype.str == descr, (descr, arr.dtype.str)
    tag = descr.replace("<", "le").replace(">", "be").replace("|", "na")
    for order, make in [("C", np.ascontiguousarray), ("F", np.asfortranarray)]:
        save(f"num_{tag}_{order}.npy", make(arr))
        record_npy(f"num_{tag}_{order}.npy")

# --- shapes ---
shapes = {
    "scalar0d.npy": np.array(3.25),
    "empty1d.npy": np.zeros((0,)),
    "empty3d.npy": np.zeros((2, 0, 3)),
    "vec.npy": rng.standard_normal(7),
    "mat_F.npy": np.asfortranarray(np.arange(12.0).reshape(3, 4) / 4),
    "col.npy": np.arange(5.0).reshape(5, 1) - 2,
    "big_u8.npy": np.array([0, 1, 2**40, 2**62], dtype=np.uint64),
}
for name, arr in shapes.items():
    save(name, arr)
    record_npy(name)

# --- explicit format versions ---
v = np.arange(6.0).reshape(2, 3) * 1.5 - 2
for name, version in [("v2.npy", (2, 0)), ("v3.npy", (3, 0))]:
    with open(OUT / name, "wb") as f:
        fmt.write_array(f, v, version=version)
    record_npy(name)

# --- strings ---
u = np.array([["c10", "c2", "b"], ["α-β", "", "zz9"]])
strings = {
    "str_U_C.npy": u,
    "str_U_F.npy": np.asfortranarray(u),
    "str_beU.npy": u.astype(">U5"),
    "str_S.npy": np.array([b"abc", b"de", b""]),
    "labels.npy": np.array(["c2", "c10", "c1", "c10"]),
}
for name, arr in strings.items():
    save(name, arr)
    record_npy(name)

# --- non-finite values ---
x = np.arange(12.0).reshape(4, 3) - 5.5
x[0, 1] = x[3, 2] = np.nan
x[2, 0] = np.inf
save("nan.npy", x)
record_npy("nan.npy")

# Values that float32/float16 cannot hold exactly (0.1, 1/3), extremes and subnormals.
inexact = np.array([0.1, 1 / 3, -2.5e-8, 3.0e38, 1.4e-45, 65504.0, 6.0e-8, -0.0])
save("inexact_lef4.npy", inexact.astype("<f4"))
record_npy("inexact_lef4.npy")
save("inexact_bef4.npy", inexact.astype(">f4"))
record_npy("inexact_bef4.npy")
with np.errstate(over="ignore"):
    save("inexact_lef2.npy", inexact.astype("<f2"))
record_npy("inexact_lef2.npy")

# --- npz archives ---
members = {"a": rng.standard_normal((3, 4)), "labels": np.array(["x", "y", "z"]),
           "counts": np.array([3, 0, 7, 1, 12], dtype=np.int64)}
np.savez(OUT / "stored.npz", **members)
np.savez_compressed(OUT / "deflated.npz", **members)
np.savez(OUT / "positional.npz", np.arange(6.0).reshape(2, 3), np.array([-1, 0, 1], dtype=np.int32))


def local_header_zip64(path):
    """{member: True if its *local* file header carries a ZIP64 (0x0001) extra field}."""
    raw = path.read_bytes()
    out = {}
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            o = info.header_offset
            sig, = struct.unpack_from("<I", raw, o)
            assert sig == 0x04034B50
            name_len, extra_len = struct.unpack_from("<HH", raw, o + 26)
            extra = raw[o + 30 + name_len: o + 30 + name_len + extra_len]
            ids, i = [], 0
            while i + 4 <= len(extra):
                hid, size = struct.unpack_from("<HH", extra, i)
                ids.append(hid)
                i += 4 + size
            out[info.filename] = 0x0001 in ids
    return out


zip64 = {}
for name in ["stored.npz", "deflated.npz", "positional.npz"]:
    entry = {"file": name, "members": {}}
    with zipfile.ZipFile(OUT / name) as z:
        for info in z.infolist():
            with z.open(info) as f:
                arr = fmt.read_array(f)
            with z.open(info) as f:
                entry["members"][info.filename[:-4]] = describe(info.filename, f, arr)
            entry["members"][info.filename[:-4]]["compress_type"] = (
                "deflated" if info.compress_type == zipfile.ZIP_DEFLATED else "stored")
    manifest["npz"].append(entry)
    zip64[name] = local_header_zip64(OUT / name)
manifest["npz_zip64_local_headers"] = zip64
if any(any(m.values()) for m in zip64.values()):
    manifest["npz_zip64_note"] = (
        "numpy writes members with force_zip64=True: local headers carry 0xFFFFFFFF "
        "sizes plus a ZIP64 extra field (8-byte uncompressed, then compressed size); "
        "the central directory has plain 32-bit sizes; no data descriptors")
print("ZIP64 extra field in local headers:", zip64)

# --- broken / unsupported files ---
def npy_bytes(arr, **kw):
    path = BROKEN / "_tmp.npy"
    np.save(path, arr, **kw)
    data = path.read_bytes()
    path.unlink()
    return data


good = npy_bytes(np.arange(4.0).reshape(2, 2))
hlen = 10 + struct.unpack_from("<H", good, 8)[0]  # magic(6)+version(2)+len(2)+header
header = good[10:hlen].decode("latin-1")

broken("bad_magic.npy", b"\x93NUMPZ" + good[6:], "magic string is not \\x93NUMPY")
broken("truncated_header.npy", good[:40], "file ends in the middle of the header")
big = npy_bytes(np.zeros((120, 64)))
broken("truncated_data.npy", big[:128 + 4096], "(120,64) <f8 header but only 4096 data bytes")
broken("extra_data.npy", good + bytes(range(16)), "valid (2,2) <f8 followed by 16 extra bytes")
broken("object.npy", npy_bytes(np.array([1, "a", None], dtype=object), allow_pickle=True),
       "object dtype ('|O'), pickled data")
broken("structured.npy", npy_bytes(np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4")])),
       "structured dtype [('a','<f8'),('b','<i4')]")
broken("complex.npy", npy_bytes(np.arange(4) * (1 + 2j)), "complex dtype '<c16'")
broken("bad_version.npy", good[:6] + b"\x09\x00" + good[8:], "format version 9.0")


def edited(new_dict_text):
    """Same header length as `good`, padded with spaces, ending in newline."""
    body = new_dict_text.ljust(len(header) - 1) + "\n"
    assert len(body) == len(header)
    return good[:10] + body.encode("latin-1") + good[hlen:]


broken("bad_header_dict.npy", edited("{'descr': '<f8', 'fortran_order': False, }"),
       "header dict has no 'shape' key")
broken("negative_shape.npy", edited("{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }"),
       "header shape (-1, 2)")
defl = (OUT / "deflated.npz").read_bytes()
broken("npz_truncated.npz", defl[:len(defl) // 2], "deflated.npz cut in half")

# flip one data byte of the stored member 'a.npy' (past its npy header) -> only the CRC catches it
crc = bytearray((OUT / "stored.npz").read_bytes())
with zipfile.ZipFile(OUT / "stored.npz") as z:
    info = z.getinfo("a.npy")
    assert info.compress_type == zipfile.ZIP_STORED
name_len, extra_len = struct.unpack_from("<HH", crc, info.header_offset + 26)
data_start = info.header_offset + 30 + name_len + extra_len
crc[data_start + 128 + 5] ^= 0xFF  # npy v1.0 header is 128 bytes; byte 5 of the float data
broken("npz_bad_crc.npz", bytes(crc), "member a.npy (stored) has one data byte flipped: CRC-32 mismatch")
with zipfile.ZipFile(BROKEN / "npz_bad_crc.npz") as z:
    assert z.testzip() == "a.npy"
broken("not_zip.npz", b"this is a plain text file, not a zip archive\n", "not a zip archive")
broken("empty.npy", b"", "empty file (0 bytes)")

# sanity: numpy itself rejects what should be rejected
for name in ["bad_magic.npy", "truncated_header.npy", "truncated_data.npy", "bad_version.npy",
             "bad_header_dict.npy", "negative_shape.npy", "empty.npy"]:
    try:
        np.load(BROKEN / name)
        print(f"note: numpy loads broken/{name} without error")
    except Exception:  # noqa: BLE001 - expected
        pass

(OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
write_versions(OUT, {"scipy": scipy.__version__}, indent=2)
print(f"wrote {len(manifest['npy'])} npy, {len(manifest['npz'])} npz, {len(manifest['broken'])} broken files")
