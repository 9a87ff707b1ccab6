"""What the make_<area>.py fixture scripts share: saving arrays, exact float text, versions.json.

Each script imports it with its own folder's parent on sys.path:

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from fixture_common import hex_float, save_array, write_versions  # noqa: E402

Needs only numpy (and the standard library).
"""
import json
import platform
from pathlib import Path

import numpy as np


def save_array(out, name, arr, dtype=np.float64, order="C"):
    """Writes `arr` as out/<name>.npy with `dtype`. order="C" writes C order (np.array, not
    np.ascontiguousarray, which would turn a 0-d array into 1-d); order="K" keeps the layout."""
    np.save(Path(out) / f"{name}.npy", np.array(arr, dtype=dtype, order=order))


def hex_float(v):
    """The exact float64 value of `v` as a hexadecimal float string (float.hex): JSON parsers need
    not round decimal text correctly, hex is exact. NaN and ±∞ come out as 'nan', 'inf', '-inf'."""
    return float(v).hex()


def random_rotation(rng, n):
    """A random n×n rotation from `rng`: Q of the QR decomposition of a standard normal matrix, its
    columns' signs fixed by diag(R) (Haar-distributed)."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.sign(np.diag(r))[None, :]


def json_value(v, encoding="utf-8"):
    """A numpy or Python scalar as JSON: bools and integers as themselves, floats as hex_float,
    bytes decoded with `encoding`, anything else as str."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return hex_float(v)
    if isinstance(v, bytes):
        return v.decode(encoding)
    return str(v)


def write_versions(out, packages, indent=1, sort_keys=False, end="\n"):
    """Writes out/versions.json: the Python and numpy versions, then `packages` (name -> version or
    any other note), as indented JSON followed by `end`."""
    versions = {"python": platform.python_version(), "numpy": np.__version__, **packages}
    (Path(out) / "versions.json").write_text(json.dumps(versions, indent=indent, sort_keys=sort_keys) + end)
