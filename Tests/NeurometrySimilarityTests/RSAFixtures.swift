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
  static func labels(_ name: String) throws -> [String] { try typedLabels(name).values }

  /// A fixture's labels with the kind its dtype gives them.
  static func typedLabels(_ name: String) throws -> Labels { try Labels(Fixtures.array(area, name), context: name) }

  /// The balanced data set with descriptors "conds" (strings) and "runs" (integers).
  static func balanced(measurements: String = "bal_measurements") throws -> ResponsePatterns {
    try ResponsePatterns(
      measurements: matrix(measurements),
      observationLabels: ["conds": typedLabels("bal_conditions"), "runs": typedLabels("bal_runs")])
  }

  /// The unbalanced data set.
  static func unbalanced(_ measurements: String) throws -> ResponsePatterns {
    try ResponsePatterns(
      measurements: matrix(measurements),
      observationDescriptors: ["conds": labels("unb_conditions"), "runs": labels("unb_runs")])
  }
}
