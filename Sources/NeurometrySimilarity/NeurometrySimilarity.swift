// NeurometrySimilarity: representational similarity measures (RSA with RDM estimators,
// comparators, transforms and inference; CKA; shape and stochastic shape metrics).
// Built in issues 5 and 6; this module holds no API yet.
import NeurometryData
