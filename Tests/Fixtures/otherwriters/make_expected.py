"""What the reference readers see in the files of Tests/Fixtures/otherwriters (written by other tools).

The files themselves are copied unchanged from public test data (SOURCES.md says where from, at
which commit, under which licence, with their SHA-256). This script only writes:

  nwb/pynwb_stimulus_and_links.nwb   written here with pynwb: a stimulus presentation and a stimulus
                                     template series (under /stimulus), an ImageSeries whose frames
                                     are in an external file, and a DecompositionSeries whose
                                     `source_timeseries` is a soft link to a TimeSeries group
  expected.json                      per NWB file: the TimeSeries pynwb reads (HDF5 path, type, unit,
                                     samples, timestamps, rate, external files) or, for an NWB 1.x file,
                                     the root nwb_version dataset as h5py reads it; per MATLAB file:
                                     every variable as mat73 reads it (kind, MATLAB shape, values of
                                     small numeric arrays, struct fields, sparse matrices as dense)
  versions.json

Run from the repository root:
  /work/venv-fixtures/bin/python Tests/Fixtures/otherwriters/make_expected.py
"""
import datetime
import importlib.metadata
import hashlib
import json
import pathlib
import platform
import sys
import warnings

import h5py
import hdmf
import mat73
import numpy as np
import pynwb
import scipy
import scipy.sparse

here = pathlib.Path(__file__).resolve().parent
warnings.simplefilter("ignore")


def write_stimulus_and_links(path: pathlib.Path) -> None:
    start = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    nwb = pynwb.NWBFile("stimuli and links", "otherwriters-1", start)
    nwb.add_stimulus(pynwb.TimeSeries(name="contrast", data=np.array([0.1, 0.5, 1.0, 0.5]), unit="a.u.",
                                      rate=2.0, starting_time=1.5))
    nwb.add_stimulus_template(pynwb.image.ImageSeries(
        name="gratings", data=np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4), unit="n.a.",
        rate=1.0))
    video = pynwb.image.ImageSeries(name="behaviour_video", external_file=["session.mp4"], format="external",
                                    starting_frame=[0], timestamps=np.array([0.0, 0.04, 0.08, 0.12, 0.16]),
                                    unit="n.a.")
    nwb.add_acquisition(video)
    lfp = pynwb.TimeSeries(name="lfp", data=np.linspace(-1.0, 1.0, 12), unit="volts", rate=100.0)
    nwb.add_acquisition(lfp)
    bands = pynwb.misc.DecompositionSeries(
        name="bands", data=np.zeros((12, 1, 2)), metric="power", rate=100.0, source_timeseries=lfp,
        description="power in two bands")
    bands.add_band(band_name="theta", band_limits=(4.0, 8.0), band_mean=6.0, band_stdev=1.0)
    bands.add_band(band_name="gamma", band_limits=(30.0, 80.0), band_mean=55.0, band_stdev=10.0)
    nwb.create_processing_module("ecephys", "processed").add(bands)
    with pynwb.NWBHDF5IO(str(path), "w") as io:
        io.write(nwb)


def dataset_count(f: h5py.File) -> int:
    """Datasets in the file, each object once (h5py's visititems: H5Ovisit, soft links not followed)."""
    found = []
    f.visititems(lambda name, obj: found.append(name) if isinstance(obj, h5py.Dataset) else None)
    return len(found)


def nwb_expected(path: pathlib.Path) -> dict:
    with h5py.File(path, "r") as f:
        count = dataset_count(f)
        if "nwb_version" not in f.attrs and "nwb_version" in f:
            raw = f["nwb_version"][()]
            return {"nwb1_version_dataset": raw.decode() if isinstance(raw, bytes) else str(raw),
                    "dataset_count": count}
    try:
        return {"time_series": pynwb_series(path), "dataset_count": count, "reader": "pynwb"}
    except AttributeError:
        # pynwb 4 cannot open MatNWB's early 2.0b files (their nwb_version attribute is an array):
        # list the series with h5py instead, by NWB's layout.
        return {"time_series": h5py_series(path), "dataset_count": count, "reader": "h5py"}


def text(v):
    """An HDF5 string attribute as str (MatNWB writes some as one-element arrays of bytes)."""
    if isinstance(v, np.ndarray):
        v = v.ravel()[0]
    if not isinstance(v, bytes):
        return str(v)
    try:
        return v.decode()
    except UnicodeDecodeError:  # MatNWB on Windows wrote 'µV' as Latin-1 (0xB5 0x56)
        return v.decode("latin-1")


def h5py_series(path: pathlib.Path) -> list:
    series = []
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if not isinstance(obj, h5py.Group) or "neurodata_type" not in obj.attrs:
                return
            if not any(k in obj for k in ("data", "timestamps", "starting_time")):
                return
            if not name.split("/")[0] in ("acquisition", "processing", "stimulus"):
                return
            data = obj.get("data")
            unit = data.attrs.get("unit") if data is not None else None
            series.append({
                "path": "/" + name, "neurodata_type": text(obj.attrs["neurodata_type"]),
                "unit": text(unit) if unit is not None else "unknown",
                "samples": int(data.shape[0]) if data is not None and data.shape else 0,
                "timestamp_count": int(obj["timestamps"].shape[0]) if "timestamps" in obj else None,
                "rate": float(obj["starting_time"].attrs["rate"]) if "starting_time" in obj else None,
                "external_file": None})
        f.visititems(visit)
    return sorted(series, key=lambda s: s["path"])


def pynwb_series(path: pathlib.Path) -> list:
    series = []
    with pynwb.NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        for o in nwb.objects.values():
            if not isinstance(o, pynwb.base.TimeSeries):
                continue
            shape = getattr(o.data, "shape", None)
            external = getattr(o, "external_file", None)
            series.append({
                "path": io.manager.get_builder(o).path.removeprefix("root"),
                "neurodata_type": type(o).__name__,
                "unit": o.unit,
                "samples": int(shape[0]) if shape else 0,
                "timestamp_count": None if o.timestamps is None else int(len(o.timestamps)),
                "rate": None if o.rate is None else float(o.rate),
                "external_file": None if external is None else [str(x) for x in external],
            })
    return sorted(series, key=lambda s: s["path"])


def mat_value(v):
    """A mat73 value as JSON: numbers (small arrays whole), strings, structs (dicts), cells (lists)."""
    if isinstance(v, dict):
        return {"kind": "struct", "fields": {k: mat_value(x) for k, x in sorted(v.items())}}
    if isinstance(v, list):
        return {"kind": "cell", "count": len(v), "items": [mat_value(x) for x in v]}
    if isinstance(v, str):
        return {"kind": "char", "value": v}
    if scipy.sparse.issparse(v):
        d = v.toarray()
        return {"kind": "sparse", "shape": list(d.shape), "nnz": int(v.nnz), "dense": d.tolist()}
    if v is None:
        return {"kind": "empty"}
    a = np.asarray(v)
    out = {"kind": "numeric", "shape": list(a.shape), "dtype": a.dtype.str}
    if a.dtype.kind == "c":
        out["kind"] = "complex"
    elif a.size <= 64 and a.dtype.kind in "biuf":
        # As text (repr: the shortest string that reads back to the same double; "nan" for NaN),
        # since JSON has no NaN and not every JSON parser rounds correctly.
        out["values"] = [repr(x) for x in a.astype(np.float64).ravel(order="C").tolist()]
    return out


def main() -> None:
    write_stimulus_and_links(here / "nwb" / "pynwb_stimulus_and_links.nwb")
    expected = {"nwb": {}, "mat": {}}
    for p in sorted((here / "nwb").glob("*.nwb")):
        expected["nwb"][p.name] = nwb_expected(p)
    for p in sorted((here / "mat").glob("*.mat")):
        data = mat73.loadmat(str(p), use_attrdict=False)
        expected["mat"][p.name] = {k: mat_value(v) for k, v in sorted(data.items())}
    # mat73 joins the rows of a multi-row char matrix column by column; the rows as MATLAB shows
    # them (trailing padding removed, as char(...) displays) come from the UTF-16 codes via h5py.
    with h5py.File(here / "mat" / "mat73_testfile16.mat", "r") as f:
        codes = f["char_arr_2d"][()].T  # HDF5 stores MATLAB's m×n char as n×m
        expected["mat_char_rows"] = {"mat73_testfile16.mat": {
            "char_arr_2d": ["".join(map(chr, row)).rstrip(" ") for row in codes]}}
    expected["sha256"] = {
        f"{p.parent.name}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(here.glob("*/*")) if p.suffix in (".nwb", ".mat")}
    (here / "expected.json").write_text(
        json.dumps(expected, indent=1, sort_keys=True, default=str, allow_nan=False) + "\n")
    versions = {"python": platform.python_version(), "numpy": np.__version__, "pynwb": pynwb.__version__,
                "hdmf": hdmf.__version__, "h5py": h5py.__version__, "mat73": importlib.metadata.version("mat73"),
                "scipy": scipy.__version__}
    (here / "versions.json").write_text(json.dumps(versions, indent=1) + "\n")
    print("wrote", here / "expected.json", file=sys.stderr)


if __name__ == "__main__":
    main()
