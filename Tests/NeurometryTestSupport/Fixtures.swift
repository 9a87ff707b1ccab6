import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

/// The one way tests reach reference data: `Tests/Fixtures/<area>/<name>`, each area holding the
/// Python script that produced its files (tests never run Python).
public enum Fixtures {
  /// Absolute path of `Tests/Fixtures`, found from this source file's location.
  public static let directory: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures").path
  }()

  /// The repository root (for SampleData and the built CLI).
  public static let repositoryRoot: String = {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
  }()

  /// Absolute path of a fixture file.
  public static func path(_ area: String, _ file: String) -> String {
    "\(directory)/\(area)/\(file)"
  }

  /// A fixture `.npy` as an array (`name` without extension).
  public static func array(_ area: String, _ name: String) throws -> NDArray {
    try NPYFile.read(path(area, name + ".npy"))
  }

  /// A fixture `.npy` as a matrix (1-D arrays become a column).
  public static func matrix(_ area: String, _ name: String) throws -> Matrix {
    try array(area, name).matrix(context: name)
  }

  /// A fixture `.npy` flattened to a vector.
  public static func vector(_ area: String, _ name: String) throws -> [Double] {
    try array(area, name).doubles(context: name)
  }

  /// A fixture JSON file, decoded.
  public static func json(_ area: String, _ file: String) throws -> Any {
    let data = try Data(contentsOf: URL(fileURLWithPath: path(area, file)))
    return try JSONSerialization.jsonObject(with: data)
  }
}

/// Seeded synthetic data whose axes all differ in size, so a transposed or swapped axis cannot
/// pass unnoticed.
public enum Synthetic {
  /// Standard-normal matrix from a seeded stream.
  public static func gaussian(rows: Int, columns: Int, seed: UInt64) -> Matrix {
    var g = RandomStream(seed: seed)
    return Matrix(rows: rows, columns: columns, elements: g.gaussians(rows * columns))
  }

  /// A random symmetric positive definite n×n matrix: G·Gᵀ + n·I.
  public static func positiveDefinite(_ n: Int, seed: UInt64) -> Matrix {
    let g = gaussian(rows: n, columns: n + 3, seed: seed)
    var a = gram(g, side: .rows)
    for i in 0..<n { a[i, i] += Double(n) }
    return a
  }

  /// Odd shapes that differ on every axis, for property tests: (rows, columns).
  public static let oddShapes: [(Int, Int)] = [(1, 1), (2, 7), (7, 2), (13, 5), (5, 13), (31, 17), (64, 3), (3, 64)]
}

/// A fresh temporary directory, removed by `cleanup()`.
public struct TemporaryDirectory {
  /// The directory's absolute path (under `NSTemporaryDirectory()`, named neurometry-test-UUID).
  public let path: String
  /// Creates the directory; throws when it cannot.
  public init() throws {
    path = NSTemporaryDirectory() + "neurometry-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }
  /// The path of `name` inside the directory (nothing is created).
  public func file(_ name: String) -> String { "\(path)/\(name)" }
  /// Removes the directory and everything in it.
  public func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}
