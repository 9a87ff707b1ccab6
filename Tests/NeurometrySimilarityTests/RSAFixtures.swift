import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport

/// Loading the `Tests/Fixtures/rsa/` arrays made by make_rsa.py.
enum RSAFixtures {
  static let area = "rsa"

  static func matrix(_ name: String) throws -> Matrix { try Fixtures.matrix(area, name) }
  static func vector(_ name: String) throws -> [Double] { try Fixtures.vector(area, name) }
  static func labels(_ name: String) throws -> [String] { try Fixtures.array(area, name).strings }

  /// The balanced data set with descriptors "conds" (strings) and "runs" (integers).
  static func balanced(measurements: String = "bal_measurements") throws -> ResponsePatterns {
    try ResponsePatterns(
      measurements: matrix(measurements),
      observationDescriptors: ["conds": labels("bal_conditions"), "runs": labels("bal_runs")])
  }

  /// The unbalanced data set.
  static func unbalanced(_ measurements: String) throws -> ResponsePatterns {
    try ResponsePatterns(
      measurements: matrix(measurements),
      observationDescriptors: ["conds": labels("unb_conditions"), "runs": labels("unb_runs")])
  }
}
