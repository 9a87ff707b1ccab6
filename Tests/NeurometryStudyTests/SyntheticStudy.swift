import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryStudy
import NeurometryTestSupport

/// Small synthetic studies written to a temporary folder: activations (.npz) of `layers` random
/// layers with stimulus ids, and regions as patterns files whose rows are noisy repeated readouts
/// of one known layer each — so the right answer is known by construction.
struct SyntheticStudy {
  let folder: TemporaryDirectory
  let ids: [String]
  let layerNames: [String]
  /// Region name → index of the layer that generated it.
  let truth: [String: Int]

  /// - `ids`: stimulus ids (any format); the activations store them in `activationOrder`, each
  ///   region's patterns in a shuffled order of their own.
  /// - `subjects`: subjects per region (each its own patterns file); `repetitions` rows per stimulus.
  init(
    ids: [String], layers: Int = 4, features: [Int]? = nil, regions: [(name: String, layer: Int)],
    subjects: Int = 1, channels: Int = 30, repetitions: Int = 4, noise: Double = 0.5, seed: UInt64 = 1
  ) throws {
    folder = try TemporaryDirectory()
    self.ids = ids
    let n = ids.count
    var g = RandomStream(seed: seed)
    let widths = features ?? (0..<layers).map { 20 + 7 * $0 }
    // Layer l: a fresh random map of the previous one through tanh, so each has its own geometry.
    var current = Synthetic.gaussian(rows: n, columns: 16, seed: seed &+ 100)
    var acts: [Matrix] = []
    for (l, w) in widths.enumerated() {
      let weights = Synthetic.gaussian(rows: current.columns, columns: w, seed: seed &+ 200 &+ UInt64(l))
      current = gemm(current, weights).map { tanh($0 / 3) }
      acts.append(current)
    }
    layerNames = (0..<widths.count).map { "layer\($0 + 1)" }
    let order = g.permutation(n)
    var members: [(name: String, array: NDArray)] = zip(layerNames, acts).map { name, m in
      (name, NDArray(Matrix(rows: n, columns: m.columns) { i, j in m[order[i], j] }))
    }
    members.append(("stimulus_ids", NDArray(shape: [n], values: .string(order.map { ids[$0] }))))
    try NPZFile.write(members, to: folder.file("activations.npz"))
    var truth: [String: Int] = [:]
    for (name, layer) in regions {
      truth[name] = layer
      for s in 0..<subjects {
        let x = acts[layer]
        let readout = Synthetic.gaussian(rows: x.columns, columns: channels, seed: seed &+ 300 &+ UInt64(s))
        let signal = gemm(x, readout)
        var rows: [Double] = []
        var labels: [String] = []
        for _ in 0..<repetitions {
          for i in g.permutation(n) {
            rows += (0..<channels).map { signal[i, $0] + noise * g.nextGaussian() * 3 }
            labels.append(ids[i])
          }
        }
        let file = folder.file("\(name)-\(s).npy")
        try NPYFile.write(Matrix(rows: labels.count, columns: channels, elements: rows), to: file)
        try NPYFile.write(
          NDArray(shape: [labels.count], values: .string(labels)),
          to: String(file.dropLast(4)) + "_conditions.npy")
      }
    }
    self.truth = truth
    let regionText = regions.map { r in
      if subjects == 1 { return "  - name: \(r.name)\n    patterns: {file: \(r.name)-0.npy}" }
      return "  - name: \(r.name)\n    subjects:\n"
        + (0..<subjects).map { "      - name: s\($0)\n        patterns: {file: \(r.name)-\($0).npy}" }.joined(
          separator: "\n")
    }.joined(separator: "\n")
    let text = """
      name: synthetic
      seed: 7
      bootstrap: 200
      activations: {file: activations.npz}
      regions:
      \(regionText)
      measures:
        rsa: {rdm: correlation, comparator: corr}
        cka: {kernel: linear}
        encoding: {folds: 4, alphas: [0.1, 10, 1000]}
      """
    try text.write(toFile: folder.file("study.yaml"), atomically: true, encoding: .utf8)
  }

  var studyFile: String { folder.file("study.yaml") }

  func cleanup() { folder.cleanup() }
}
