import NeurometryLinearAlgebra

/// Which band weights γ (a point of the simplex: γ_b > 0, Σγ_b = 1) banded ridge tries. Band b's
/// features are scaled by √γ_b, so its effective penalty is α/γ_b.
///
/// - `random`: himalaya's random search (`generate_dirichlet_samples`): `iterations` draws from
///   symmetric Dirichlet distributions, cycling through `concentrations` (∞ gives equal weights)
///   — for each concentration a block of ⌈iterations/c⌉ draws, the blocks interleaved —, and the
///   first draw replaced by equal weights. Draws come from numpy's `RandomState(seed)`,
///   reproduced exactly, so a seed gives the same weights as himalaya's `random_state`.
/// - `simplexGrid`: a deterministic alternative, every γ whose entries are positive multiples of
///   1/`divisions` (C(divisions − 1, bands − 1) vectors, in lexicographic order of the multiples),
///   with equal weights first when `divisions` is a multiple of the band count. Exhaustive, so no
///   seed; use it for 2–3 bands (the count grows quickly with the number of bands).
/// - `fixed`: the given weight vectors (each with one positive weight per band), tried in order.
public enum BandWeightSearch: Sendable, Equatable {
  case random(iterations: Int, concentrations: [Double] = [0.1, 1.0], seed: UInt32 = 0)
  case simplexGrid(divisions: Int)
  case fixed([[Double]])

  /// The weight vectors for `bands` bands.
  public func weights(bands: Int) throws -> [[Double]] {
    let context = "banded ridge (band weights)"
    switch self {
    case .random(let iterations, let concentrations, let seed):
      guard iterations >= 1 else {
        throw NeurometryError.invalidInput(context: context, message: "\(iterations) iterations; need at least 1")
      }
      guard !concentrations.isEmpty, concentrations.allSatisfy({ $0 > 0 }) else {
        throw NeurometryError.invalidInput(context: context, message: "Dirichlet concentrations must be positive")
      }
      var rng = NumpyRandomState(seed: seed)
      let perConcentration = (iterations + concentrations.count - 1) / concentrations.count
      let blocks = concentrations.map { c -> [[Double]] in
        if c == .infinity {
          return Array(repeating: [Double](repeating: 1 / Double(bands), count: bands), count: perConcentration)
        }
        return (0..<perConcentration).map { _ in rng.nextDirichlet([Double](repeating: c, count: bands)) }
      }
      var interleaved: [[Double]] = []
      for i in 0..<perConcentration {
        for block in blocks { interleaved.append(block[i]) }
      }
      var out = Array(interleaved.prefix(iterations))
      out[0] = [Double](repeating: 1 / Double(bands), count: bands)
      return out
    case .simplexGrid(let divisions):
      guard divisions >= bands else {
        throw NeurometryError.invalidInput(
          context: context, message: "\(divisions) divisions for \(bands) bands; need at least one division per band")
      }
      var out: [[Double]] = []
      func extend(_ prefix: [Int], _ left: Int) {
        if prefix.count == bands - 1 {
          out.append((prefix + [left]).map { Double($0) / Double(divisions) })
          return
        }
        let room = left - (bands - 1 - prefix.count)
        guard room >= 1 else { return }
        for k in 1...room { extend(prefix + [k], left - k) }
      }
      extend([], divisions)
      if divisions % bands == 0, let equal = out.firstIndex(where: { w in w.allSatisfy { $0 == w[0] } }) {
        out.insert(out.remove(at: equal), at: 0)
      }
      return out
    case .fixed(let list):
      guard !list.isEmpty else { throw NeurometryError.invalidInput(context: context, message: "no weights given") }
      for (i, w) in list.enumerated() {
        guard w.count == bands else {
          throw NeurometryError.shapeMismatch(
            context: context, message: "weight vector \(i) has \(w.count) entries for \(bands) bands")
        }
        guard w.allSatisfy({ $0 > 0 && $0.isFinite }) else {
          throw NeurometryError.invalidInput(
            context: context, message: "weight vector \(i) has a weight that is not positive and finite")
        }
      }
      return list
    }
  }
}
