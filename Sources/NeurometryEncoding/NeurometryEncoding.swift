// NeurometryEncoding: cross-validated encoding models (ridge with per-target penalties, banded
// ridge, PLS), CV splitters, scores and noise-ceiling normalisation. Built in issue 7; this module
// holds no API yet.
import NeurometryData
