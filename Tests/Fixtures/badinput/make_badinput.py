"""Bad inputs for BadInputBatteryTests (issue 16) that need h5py or nibabel to write.

Writes into this folder:
  nwb/good.nwb              a minimal NWB 2 file as pynwb lays it out (nwb_version 2.8.0; /units with
                            3 units, ragged spike_times; /intervals/trials with 6 trials and a
                            'stimulus' column of 3 conditions): `patterns` succeeds on it
  nwb/wrong_dtype.nwb       spike_times stored as strings
  nwb/nan_spike.nwb         one spike time NaN
  nwb/mismatched.nwb        the trials' 'stimulus' column has 4 entries for 6 trials
  nwb/silent_unit.nwb       unit 1 never fires (a zero column: rank-deficient patterns)
  nwb/empty.nwb             a units table with no units
  nwb/constant.nwb          every unit fires once in every trial (every count equal)
  nwb/huge.nwb              spike_times a chunked dataset claiming 10^12 values (none written)
  nwb/bomb.nwb              spike_times claiming 5*10^9 values, gzip-chunked, one chunk written
  activations/huge.h5       stimulus ids s00…s11 and a layer claiming 12 × 10^11 float32 values
  nifti/complex.nii.gz      the searchlight sample's betas as complex64
  nifti/nan.nii.gz          the betas with NaN at voxel (10, 6, 5) of volume 3 (inside many spheres)
  nifti/short.nii.gz        40 of the 48 volumes
  nifti/repeated.nii.gz     every volume the same (rank one across conditions)
  nifti/empty.nii.gz        no volumes (dim[4] = 0)
  nifti/constant.nii.gz     every voxel of every volume 1
  nifti/claims-256GB.nii.gz a 4000^3 float32 header over 64 bytes of voxels
  nifti/bomb.nii.gz         the betas followed by 512 MB of zeros inside the gzip stream (the
                            header claims only the betas; 0.5 MB on disk)
  versions.json

Run from the repository root: /work/venv-fixtures/bin/python Tests/Fixtures/badinput/make_badinput.py
"""
import gzip
import json
import pathlib
import platform

import h5py
import nibabel as nib
import numpy as np

here = pathlib.Path(__file__).resolve().parent
root = here.parents[2]


def nwb(path, spikes, index, stimulus=("a", "b", "c", "a", "b", "c"), spike_dtype=None, huge=None):
    """A minimal NWB 2 file: units (ragged spike times) and trials, pynwb's layout."""
    with h5py.File(path, "w") as f:
        f.attrs["nwb_version"] = "2.8.0"
        f.attrs["neurodata_type"] = "NWBFile"
        f.attrs["namespace"] = "core"
        f["identifier"] = "badinput"
        f["session_description"] = "bad inputs"
        f["session_start_time"] = "2026-01-01T00:00:00+00:00"
        f["timestamps_reference_time"] = "2026-01-01T00:00:00+00:00"
        u = f.create_group("units")
        u.attrs["neurodata_type"] = "Units"
        u.attrs["namespace"] = "core"
        u.attrs["colnames"] = np.array(["spike_times"], dtype=h5py.string_dtype())
        u.attrs["description"] = "units"
        if huge is not None:
            count, compressed = huge
            d = u.create_dataset("spike_times", shape=(count,), dtype="f8", chunks=(1 << 16,),
                                 compression="gzip" if compressed else None)
            if compressed:
                d[: 1 << 16] = 0.0
        elif spike_dtype == "str":
            u["spike_times"] = np.array([str(x) for x in spikes], dtype=h5py.string_dtype())
        else:
            u["spike_times"] = np.asarray(spikes, dtype="f8")
        u["spike_times"].attrs["neurodata_type"] = "VectorData"
        u["spike_times"].attrs["description"] = "spike times"
        u["spike_times_index"] = np.asarray(index, dtype="i8")
        u["spike_times_index"].attrs["neurodata_type"] = "VectorIndex"
        u["spike_times_index"].attrs["target"] = u["spike_times"].ref
        u["id"] = np.arange(len(index), dtype="i8")
        u["id"].attrs["neurodata_type"] = "ElementIdentifiers"
        t = f.create_group("intervals/trials")
        t.attrs["neurodata_type"] = "TimeIntervals"
        t.attrs["namespace"] = "core"
        t.attrs["colnames"] = np.array(["start_time", "stop_time", "stimulus"], dtype=h5py.string_dtype())
        t.attrs["description"] = "trials"
        t["start_time"] = np.arange(6, dtype="f8")
        t["stop_time"] = np.arange(6, dtype="f8") + 0.5
        t["stimulus"] = np.array(stimulus, dtype=h5py.string_dtype())
        t["id"] = np.arange(6, dtype="i8")


def main():
    (here / "nwb").mkdir(exist_ok=True)
    (here / "nifti").mkdir(exist_ok=True)
    rng = np.random.default_rng(16)
    # 3 units, spikes inside the trials' [start, start + 0.5) windows.
    trains = [np.sort(rng.uniform(0, 6, 40)) for _ in range(3)]
    spikes = np.concatenate(trains)
    index = np.cumsum([len(t) for t in trains])
    nwb(here / "nwb/good.nwb", spikes, index)
    nwb(here / "nwb/wrong_dtype.nwb", spikes, index, spike_dtype="str")
    nan = spikes.copy()
    nan[5] = np.nan
    nwb(here / "nwb/nan_spike.nwb", nan, index)
    nwb(here / "nwb/mismatched.nwb", spikes, index, stimulus=("a", "b", "c", "a"))
    silent = np.concatenate([trains[0], trains[2]])
    nwb(here / "nwb/silent_unit.nwb", silent, [len(trains[0]), len(trains[0]), len(silent)])
    nwb(here / "nwb/empty.nwb", np.zeros(0), np.zeros(0, dtype="i8"))
    once = np.concatenate([np.arange(6) + 0.25] * 3)
    nwb(here / "nwb/constant.nwb", once, [6, 12, 18])
    nwb(here / "nwb/huge.nwb", None, [10**12], huge=(10**12, False))
    nwb(here / "nwb/bomb.nwb", None, [5 * 10**9], huge=(5 * 10**9, True))

    # Activations whose one layer claims 12 × 10^11 values (chunked, none written).
    (here / "activations").mkdir(exist_ok=True)
    with h5py.File(here / "activations/huge.h5", "w") as f:
        f["stimulus_ids"] = np.array([f"s{i:02d}" for i in range(12)], dtype=h5py.string_dtype())
        f.create_dataset("layer", shape=(12, 10**11), dtype="f4", chunks=(12, 1 << 14))

    betas = nib.load(root / "SampleData/searchlight/betas.nii.gz")
    data = np.asarray(betas.dataobj, dtype=np.float32)
    mask = np.asarray(nib.load(root / "SampleData/searchlight/mask.nii.gz").dataobj) > 0
    affine = betas.affine

    def save(name, values, dtype=None):
        img = nib.Nifti1Image(values if dtype is None else values.astype(dtype), affine)
        nib.save(img, here / "nifti" / name)

    save("complex.nii.gz", data, np.complex64)
    nan = data.copy()
    nan[10, 6, 5, 3] = np.nan  # the centre of the planted ball: inside many spheres
    save("nan.nii.gz", nan)
    save("short.nii.gz", data[..., :40])
    save("repeated.nii.gz", np.repeat(data[..., :1], 48, axis=3))
    save("empty.nii.gz", np.zeros(data.shape[:3] + (0,), dtype=np.float32))
    save("constant.nii.gz", np.ones_like(data))
    claims = nib.Nifti1Image(np.zeros((4, 4, 4), dtype=np.float32), np.eye(4))
    claims.header.set_data_shape((4000, 4000, 4000))
    raw = claims.header.binaryblock + b"\0" * 4 + np.zeros(16, np.float32).tobytes()
    (here / "nifti/claims-256GB.nii.gz").write_bytes(gzip.compress(raw, mtime=0))
    img = nib.Nifti1Image(data, affine)
    body = img.header.binaryblock + b"\0" * 4 + data.tobytes(order="F")
    (here / "nifti/bomb.nii.gz").write_bytes(gzip.compress(body + b"\0" * (512 << 20), compresslevel=9, mtime=0))

    versions = {"python": platform.python_version(), "numpy": np.__version__, "h5py": h5py.__version__,
                "nibabel": nib.__version__}
    (here / "versions.json").write_text(json.dumps(versions, indent=1) + "\n")


if __name__ == "__main__":
    main()
