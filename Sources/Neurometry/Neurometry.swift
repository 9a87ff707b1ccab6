// `import Neurometry` gives a script the whole public API.
@_exported import NeurometryLinearAlgebra
@_exported import NeurometryIO
@_exported import NeurometryData
@_exported import NeurometrySimilarity
@_exported import NeurometryEncoding
@_exported import NeurometryReports
