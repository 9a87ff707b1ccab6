import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport

/// Loading the `Tests/Fixtures/crossval/` files made by make_crossval.py: 7 subject RDMs over 16
/// string conditions ('c0' < 'c1' < 'c10' < …), a select (4 RDMs), a weighted (3), an interpolation
/// (3) and a fixed model, the folds and bootstrap samples rsatoolbox used, and its results.
enum CrossValidationFixtures {
  static let area = "crossval"

  static func matrix(_ name: String) throws -> Matrix { try Fixtures.matrix(area, name) }
  static func vector(_ name: String) throws -> [Double] { try Fixtures.vector(area, name) }

  static var conditions: [String] { get throws { try Fixtures.array(area, "conditions").strings } }

  static func rdms(_ name: String) throws -> RDMs {
    try RDMs(dissimilarities: matrix(name), conditions: conditions, source: name)
  }

  static var data: RDMs { get throws { try rdms("data") } }

  /// select, weighted, interpolate, fixed (rsatoolbox's order in the fixtures).
  static var models: [RSAModel] {
    get throws {
      [
        try RSAModel(name: "select", kind: .select, rdms: rdms("select")),
        try RSAModel(name: "weighted", kind: .weighted, rdms: rdms("weighted")),
        try RSAModel(name: "interpolate", kind: .interpolate, rdms: rdms("interpolate")),
        try RSAModel.fixed("fixed", rdms("fixed")),
      ]
    }
  }

  /// The fitters make_crossval.py used, with `weighted` for the weighted model.
  static func fitters(_ comparison: RDMComparison, weighted: RSAModelFitter.Method) -> [RSAModelFitter] {
    [.select, weighted, .interpolate, RSAModelFitter.Method.none].map {
      RSAModelFitter(method: $0, comparison: comparison)
    }
  }

  static func json<T: Decodable>(_ type: T.Type, _ file: String) throws -> T {
    let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(area, file)))
    return try JSONDecoder().decode(type, from: data)
  }

  static func folds(_ name: String) throws -> [CrossValidationFold] {
    try json([CrossValidationFold].self, "cv_\(name)_folds.json")
  }

  /// One recorded bootstrap sample with the folds of each repetition.
  struct Sample: Decodable {
    let rdms: [Int]?
    let conditions: [Int]?
    let repetitions: [[CrossValidationFold]]
  }

  /// One recorded dual-bootstrap sample: folds per type (both, subjects, conditions) and repetition.
  struct DualSample: Decodable {
    let rdms: [Int]
    let conditions: [Int]
    let types: [[[CrossValidationFold]]]
  }

  static func dualSamples(_ name: String) throws -> [DualSample] {
    try json([DualSample].self, "dual_\(name)_samples.json")
  }

  static func samples(_ name: String) throws -> [Sample] {
    try json([Sample].self, "bcv_\(name)_samples.json")
  }
}
