"""Variable-length string descriptors that lie (issue 16): the class of input with which fuzzing the
NWB reader crashed libhdf5 1.10 inside H5HG_read eleven times (Tests/Fixtures/fuzz/README.md).

A variable-length string is stored as a descriptor: length (4 bytes), global heap collection address
(8) and object index (4). h5py writes sound ones; this script then rewrites single descriptors in the
file's bytes so that one names an object its collection lacks, one claims a length other than its
object's, and one (in an attribute) names an object index past 65,535.

Run with h5py 3.16.0 (libhdf5 1.14.6) and numpy: python make_vlen_descriptors.py
"""

import struct

import h5py
import numpy as np

OUT = "hdf5/vlen-string-descriptors-that-lie.h5"

with h5py.File(OUT, "w", libver="earliest") as f:
    kind = h5py.string_dtype("utf-8")
    f.create_dataset("sound", data=np.array(["alpha", "beta", "gamma"], dtype=object), dtype=kind)
    f.create_dataset("missing_object", data=np.array(["delta", "epsilon", "zeta"], dtype=object), dtype=kind)
    f.create_dataset("wrong_length", data=np.array(["eta", "theta"], dtype=object), dtype=kind)
    f.attrs.create("index_past_table", "iota", dtype=kind)
    offsets = {name: f[name].id.get_offset() for name in ("sound", "missing_object", "wrong_length")}

data = bytearray(open(OUT, "rb").read())


def descriptor(at):
    return struct.unpack_from("<IQI", data, at)


# missing_object[1] names object 77 of its collection (the collection holds a handful).
length, heap, index = descriptor(offsets["missing_object"] + 16)
struct.pack_into("<IQI", data, offsets["missing_object"] + 16, length, heap, 77)
# wrong_length[0] claims 200 bytes for the 3 of "eta".
length, heap, index = descriptor(offsets["wrong_length"])
assert length == 3
struct.pack_into("<IQI", data, offsets["wrong_length"], 200, heap, index)
# The attribute's descriptor sits in the root group's object header: found by a length of 4 ("iota";
# "beta" and "zeta" of the datasets have one too) and an address where a collection starts, its
# index then set past any collection's table.
datasets = [range(at, at + 48) for at in offsets.values()]
found = [
    at
    for at in range(0, len(data) - 15)
    if struct.unpack_from("<I", data, at)[0] == 4
    and data[struct.unpack_from("<Q", data, at + 4)[0] :][:5] == b"GCOL\x01"
    and not any(at in d for d in datasets)
]
assert len(found) == 1, found
struct.pack_into("<I", data, found[0] + 12, 70000)
open(OUT, "wb").write(bytes(data))
print(OUT, len(data), "bytes")
