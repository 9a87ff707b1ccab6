@_exported import NeurometryData
@_exported import NeurometryEncoding
@_exported import NeurometryIO
// `import Neurometry` gives a script the whole public API.
@_exported import NeurometryLinearAlgebra
@_exported import NeurometryReports
@_exported import NeurometrySimilarity
@_exported import NeurometryStudy
