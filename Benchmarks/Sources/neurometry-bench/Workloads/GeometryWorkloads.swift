import Foundation
import Neurometry

extension Workloads {
  /// CKA and shape metrics (issue 6), on the peer benchmark's cka-features, shape-pair and
  /// shape-nets datasets.
  static var geometry: [Workload] {
    // workloads.py counts xᵀy (2·n·p·q) plus the two Gram matrices (n·p², n·q²).
    let (n, p, q) = (10000.0, 2048.0, 512.0)
    let ckaGflop = (2 * n * p * q + n * p * p + n * q * q) / 1e9
    return [
      Workload(
        "cka-linear", dataset: "cka-features", gflop: ckaGflop,
        doc: "CKA(kernel: .linear).compare(x, y): feature-space linear CKA of 10000×2048 and 10000×512",
        load: { data in
          try data.pair("cka-features", x: (10000, 2048), y: (10000, 512))
        },
        run: { input in scalar { try CKA().compare(input.x, input.y).value } },
        check: { value, data in try OutputCheck.againstPeer(value, workload: "cka-linear", data: data, tolerance: 1e-10)
        },
        memory: { input in try ckaMemory(CKA(), input) }),
      Workload(
        "cka-debiased", dataset: "cka-features", gflop: ckaGflop,
        doc: "CKA(estimator: .debiased).compare(x, y): unbiased-HSIC linear CKA",
        load: { data in
          try data.pair("cka-features", x: (10000, 2048), y: (10000, 512))
        },
        run: { input in scalar { try CKA(estimator: .debiased).compare(input.x, input.y).value } },
        check: { value, data in
          try OutputCheck.againstPeer(value, workload: "cka-debiased", data: data, tolerance: 1e-10)
        },
        memory: { input in try ckaMemory(CKA(estimator: .debiased), input) }),
      Workload(
        "shape-linear", dataset: "shape-pair",
        doc: "ShapeMetric(alpha: 1).distance(x, y): rotation-invariant angular shape distance, 2000×500",
        load: { data in
          try data.pair("shape-pair", x: (2000, 500), y: (2000, 500))
        },
        run: { input in scalar { try ShapeMetric(alpha: 1).distance(input.x, input.y).distance } },
        check: { value, data in
          try OutputCheck.againstPeer(value, workload: "shape-linear", data: data, tolerance: 1e-10)
        },
        memory: { input in
          try ShapeMetric(alpha: 1).memoryEstimate(
            observations: input.x.rows, widths: (input.x.columns, input.y.columns))
        }),
      Workload(
        "shape-pairwise", dataset: "shape-nets",
        doc:
          "ShapeMetric(alpha: 1).pairwiseDistances(8 nets of 2000×300): 28 pairs, whitening cached, pairs in parallel",
        load: { data in try data.stack("shape-nets", "nets", shape: (8, 2000, 300)) },
        run: { nets in
          (try? ShapeMetric(alpha: 1).pairwiseDistances(nets)).map { Matrix($0.distances) }
            ?? Matrix(rows: 0, columns: 0)
        },
        check: { d, data in try OutputCheck.againstPeer(d, workload: "shape-pairwise", data: data, tolerance: 1e-10) },
        memory: { nets in
          try ShapeMetric(alpha: 1).pairwiseMemoryEstimate(
            observations: nets.first?.rows ?? 0, widths: nets.map(\.columns))
        }),
    ]
  }

  /// CKA's estimate for the cka-features pair. workloads.py draws the features from N(0, 1), so
  /// every column's mean is small next to its spread and CKA takes the products of the inputs
  /// (no centred copy).
  private static func ckaMemory(_ cka: CKA, _ input: (x: Matrix, y: Matrix)) -> MemoryEstimate {
    cka.memoryEstimate(
      observations: input.x.rows, columns: (input.x.columns, input.y.columns), columnsNearlyCentred: true)
  }

  /// A scalar result as a 1×1 matrix (NaN when the measure threw, which the output check reports).
  private static func scalar(_ body: () throws -> Double) -> Matrix {
    Matrix(rows: 1, columns: 1, elements: [(try? body()) ?? .nan])
  }
}

extension BenchData {
  /// `<dataset>/<array>.npy` of shape (k, rows, columns) as k matrices.
  func stack(_ dataset: String, _ array: String, shape: (Int, Int, Int)) throws -> [Matrix] {
    let path = url("\(dataset)/\(array).npy").path
    let a = try NPYFile.read(path)
    guard a.shape == [shape.0, shape.1, shape.2] else {
      throw BenchError("\(path): shape \(a.shapeDescription), expected (\(shape.0), \(shape.1), \(shape.2))")
    }
    let v = try a.doubles(context: path)
    let size = shape.1 * shape.2
    return (0..<shape.0).map {
      Matrix(rows: shape.1, columns: shape.2, elements: Array(v[($0 * size)..<(($0 + 1) * size)]))
    }
  }
}
