import Neurometry

let responses = try NPYFile.read("SampleData/responses.npy").matrix(context: "responses.npy")
let gramMatrix = gram(responses.columnCentered, side: .rows)  // X·Xᵀ through BLAS dsyrk
let svd = try responses.svd()  // thin SVD through LAPACK

// RSA: an RDM over conditions (labels sorted by the file's type), compared with itself.
let labels = try ArrayFile.readLabels("SampleData/conditions.npy")
let patterns = try ResponsePatterns(measurements: responses, observationLabels: ["stimulus": labels])
let rdm = try RDMEstimator(method: .correlation, conditionDescriptor: "stimulus").fit(patterns)
let similarity = try RDMComparison(.tauA).compare(rdm, rdm).values[0, 0]
print("gram \(gramMatrix.rows)×\(gramMatrix.columns), \(svd.singularValues.count) singular values")
print("RDM of \(rdm.conditionCount) conditions; tau-a with itself \(similarity)")
