import Foundation
import Neurometry

/// One named workload: the same name and dataset as in the peer benchmark's workloads.py (or, for
/// `Workloads.localPeerNames`, Benchmarks/peers/issue4_peers.py), a `load` step (reading the .npy
/// inputs or finding the files; not timed), a `run` step (timed) and optionally a check of the last
/// run's output against the peer's saved output (`.data/outputs/<name>.npy`).
///
/// Adding a workload: append one `Workload(...)` to an area's list in `Workloads/` (for example
/// `Workloads/LinearAlgebraWorkloads.swift`); a new area file also adds its list to
/// `Workloads.implemented`. The name must be one of `Workloads.allNames`.
struct Workload {
  let name: String
  let dataset: String
  let doc: String
  /// Nominal useful GFLOP, as workloads.py counts them (2mkn for a general product, n²k for a
  /// Gram matrix); nil where the work is not one dense product.
  let gflop: Double?
  /// Loads the inputs and returns the timed step and the output check bound to them.
  let prepare: (BenchData) throws -> PreparedWorkload

  /// - memory: the library's estimate of the peak memory of `run` with the inputs loaded (the
  ///   inputs included, the process itself not), from the input shapes (`MemoryEstimate`).
  init<Input, Output>(
    _ name: String, dataset: String, gflop: Double? = nil, doc: String,
    load: @escaping (BenchData) throws -> Input,
    run: @escaping (Input) throws -> Output,
    check: ((Output, BenchData) throws -> OutputCheck)? = nil,
    memory: ((Input) throws -> MemoryEstimate)? = nil
  ) {
    self.name = name
    self.dataset = dataset
    self.doc = doc
    self.gflop = gflop
    self.prepare = { data in
      let input = try load(data)
      // The last run's output, kept (like run_peers.py's `result`) so that the work cannot be
      // optimised away and so that it can be checked after timing.
      var last: Output?
      return PreparedWorkload(
        run: { last = try run(input) },
        memory: { try memory.map { try MemoryEstimate.process + $0(input) } },
        check: {
          guard let check else { return nil }
          guard let output = last else { return OutputCheck(ok: false, message: "no output: the workload never ran") }
          return try check(output, data)
        })
    }
  }
}

/// A workload with its inputs loaded.
struct PreparedWorkload {
  /// One run of the timed step (loader workloads read files inside it, so it may throw: the
  /// workload is then reported as an error).
  let run: () throws -> Void
  /// The estimated peak memory of the process while `run` runs (nil: no estimate).
  let memory: () throws -> MemoryEstimate?
  /// Checks the last run's output; nil when the workload has no check.
  let check: () throws -> OutputCheck?
}

/// The result of comparing an output with the peer's.
struct OutputCheck {
  /// False only for a real mismatch; a missing peer output is `ok` with a "not checked" message.
  let ok: Bool
  let message: String

  /// Compares `ours` with the peer's saved output of `workload`: normwise relative error
  /// `max |ours − peer| / max |peer|` against `tolerance`.
  static func againstPeer(_ ours: Matrix, workload: String, data: BenchData, tolerance: Double) throws -> OutputCheck {
    guard let found = try data.peerOutput(workload) else {
      return OutputCheck(
        ok: true,
        message: "not checked: no peer output \(data.url("outputs/\(workload).npy").path) (run the peer first)")
    }
    let path = found.path
    let expected = try found.array.matrix(context: path)
    guard expected.rows == ours.rows, expected.columns == ours.columns else {
      return OutputCheck(
        ok: false,
        message: "MISMATCH: ours is \(ours.rows)×\(ours.columns), the peer's \(path) is \(expected.shapeText)")
    }
    guard ours.isFinite else {
      return OutputCheck(ok: false, message: "MISMATCH: our output has NaN or infinite values")
    }
    guard expected.isFinite else {
      return OutputCheck(ok: false, message: "MISMATCH: the peer's \(path) has NaN or infinite values")
    }
    var maxDiff = 0.0
    var maxPeer = 0.0
    for (x, y) in zip(ours.elements, expected.elements) {
      maxDiff = max(maxDiff, abs(x - y))
      maxPeer = max(maxPeer, abs(y))
    }
    let relative = maxPeer > 0 ? maxDiff / maxPeer : maxDiff
    let text = String(format: "max rel err %.1e, tolerance %.0e", relative, tolerance) + ", vs \(path)"
    return relative <= tolerance
      ? OutputCheck(ok: true, message: "ok (\(text))")
      : OutputCheck(ok: false, message: "MISMATCH (\(text))")
  }
}

extension Matrix {
  var shapeText: String { "\(rows)×\(columns)" }

  /// The top-left `rows × columns` block (what the peer saves of a big result).
  func topLeft(_ rows: Int, _ columns: Int) -> Matrix {
    Matrix(rows: Swift.min(rows, self.rows), columns: Swift.min(columns, self.columns)) { i, j in self[i, j] }
  }
}

/// The registry.
enum Workloads {
  /// Every workload name of the peer benchmark (workloads.py `WORKLOADS`, in its order). Names
  /// not implemented here are reported as skipped when asked for, so that compare.py shows them.
  static let peerNames = [
    "rdm-euclidean", "rdm-correlation", "noise-prec-shrinkage", "rdm-crossnobis", "compare-tau-a",
    "compare-rho-a", "bootstrap", "noise-ceiling", "cka-linear", "cka-debiased", "shape-linear",
    "shape-pairwise", "ridge-cv", "ridge-cv-sklearn", "banded-ridge", "pls", "searchlight", "gemm-limit",
  ]

  /// Workloads whose peer side lives in this folder (Benchmarks/peers/issue4_peers.py) because the
  /// shared peer benchmark does not have them; run.sh runs that script for them.
  static let localPeerNames = ["nwb-binning", "glm-betas"]

  /// Every workload name, shared peers first.
  static var allNames: [String] { peerNames + localPeerNames }

  /// The workloads Neurometry runs, one list per area (one file per area in `Workloads/`).
  static var implemented: [Workload] {
    linearAlgebra + rsa + geometry + encoding + loaders
  }

  static let notImplementedReason = "not implemented yet in Neurometry"
}
