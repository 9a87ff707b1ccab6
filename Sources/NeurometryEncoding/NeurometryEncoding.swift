// NeurometryEncoding: cross-validated linear encoding models from network activations (stimuli ×
// features) to brain responses (stimuli × neurons/voxels): ridge with one penalty per target
// (himalaya's K-fold selection and scikit-learn's efficient leave-one-out), banded ridge, PLS,
// cross-validation splitters, scores, split-half noise ceilings and the Brain-Score preset.
import NeurometryData
