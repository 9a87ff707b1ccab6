import Foundation
import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Access to Tests/Fixtures/encoding (made by make_encoding.py; tests never run Python).
enum EncodingFixtures {
  static let area = "encoding"

  static func matrix(_ c: String, _ name: String) throws -> Matrix {
    try Fixtures.matrix(area, "\(c)_\(name)")
  }

  static func vector(_ c: String, _ name: String) throws -> [Double] {
    try Fixtures.vector(area, "\(c)_\(name)")
  }

  static func caseInfo(_ c: String) throws -> [String: Any] {
    let all = try #require(try Fixtures.json(area, "cases.json") as? [String: Any])
    return try #require(all[c] as? [String: Any], "case \(c) in cases.json")
  }

  static func splits(_ key: String) throws -> [CrossValidationSplit] {
    let all = try #require(try Fixtures.json(area, "splits.json") as? [String: Any])
    let list = try #require(all[key] as? [[String: [Int]]], "splits \(key)")
    return try list.map { CrossValidationSplit(train: try #require($0["train"]), test: try #require($0["test"])) }
  }

  static func splitInputs() throws -> [String: Any] {
    let all = try #require(try Fixtures.json(area, "splits.json") as? [String: Any])
    return try #require(all["_inputs"] as? [String: Any])
  }
}
