// NeurometrySimilarity: representational similarity measures — RSA (RDM estimators, comparators,
// transforms, models and inference) in RSA/; CKA and shape metrics next (issue 6).
import NeurometryData
