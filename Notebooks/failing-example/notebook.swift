// %% [markdown]
// # A deliberately failing notebook
//
// CI renders this notebook and expects the renderer to fail and mark cell 2: a notebook whose cell
// throws must never pass unnoticed.
// %%
import Neurometry
print("cell 1 runs")
// %%
print("cell 2 starts")
_ = try ArrayFile.read("SampleData/no-such-file.npy")
print("never printed")
// %%
print("cell 3 never runs")
