"""Reference values of the nearest-neighbour alignment measures (issue 18) from the original code:
mutual k-NN alignment and CKNNA of Huh, Cheung, Wang & Isola 2024 ("The platonic representation
hypothesis"), platonic-rep's metrics.py (github.com/minyoungg/platonic-rep, commit dcd76ba), imported
as it is, in float64.

    python make_neighbours.py PLATONIC_REP_DIR      (torch, numpy, scikit-learn; versions.json)

metrics.py imports torchaudio for its edit-distance metric only; a placeholder module stands in for it.
The default torch dtype is set to float64, so that the masks the reference builds are float64 too.
Cases: odd shapes on every axis (n from 12 to 60, features 3 to 60, A and B of different widths,
k from 2 to n − 1). CKNNA is computed by the reference as sim_kl / (sqrt(sim_kk · sim_ll) + 1e-6);
Neurometry reports the three HSIC terms, so its test rebuilds that expression exactly.
"""
import json
import sys
import types
from pathlib import Path

import numpy as np
import sklearn
import torch

here = Path(__file__).resolve().parent
sys.path.insert(0, str(here.parent))
from fixture_common import hex_float, save_array, write_versions  # noqa: E402

reference = Path(sys.argv[1]).resolve()
placeholder = types.ModuleType("torchaudio")
placeholder.functional = types.ModuleType("torchaudio.functional")
sys.modules["torchaudio"] = placeholder
sys.modules["torchaudio.functional"] = placeholder.functional
sys.path.insert(0, str(reference))
from metrics import AlignmentMetrics  # noqa: E402

# The reference builds its neighbour masks with torch.zeros (the default dtype): float64 throughout.
torch.set_default_dtype(torch.float64)

rng = np.random.default_rng(18)
cases = [("wide-narrow", 40, 17, 9, 5), ("narrow-wide", 23, 3, 31, 2), ("square", 60, 60, 12, 10),
         ("all-neighbours", 12, 5, 5, 11), ("shared-signal", 50, 20, 14, 7)]
out = []
for name, n, pa, pb, k in cases:
    a = rng.standard_normal((n, pa))
    b = rng.standard_normal((n, pb))
    if name == "shared-signal":  # B partly a linear map of A: neighbours overlap well above chance
        b = a @ rng.standard_normal((pa, pb)) + 0.5 * rng.standard_normal((n, pb))
    save_array(here, f"{name}_a", a)
    save_array(here, f"{name}_b", b)
    ta, tb = torch.tensor(a, dtype=torch.float64), torch.tensor(b, dtype=torch.float64)
    out.append({
        "name": name, "n": n, "k": k,
        "mutual_knn": hex_float(AlignmentMetrics.mutual_knn(ta, tb, k)),
        "cknna": hex_float(AlignmentMetrics.cknna(ta, tb, topk=k)),
        "cknna_biased": hex_float(AlignmentMetrics.cknna(ta, tb, topk=k, unbiased=False)),
        # CKNNA is not symmetric (the masked kernels are not): B against A as well.
        "cknna_swapped": hex_float(AlignmentMetrics.cknna(tb, ta, topk=k)),
    })
(here / "neighbours_reference.json").write_text(json.dumps({"cases": out}, indent=1) + "\n")
write_versions(here, {"torch": torch.__version__, "scikit-learn": sklearn.__version__,
                      "platonic-rep": "metrics.py at commit dcd76ba"})
print(f"{len(out)} cases written to {here}")
