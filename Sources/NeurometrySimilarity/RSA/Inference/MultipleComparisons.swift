/// Corrections for testing many model pairs at once (rsatoolbox's `multiple_pair_testing` in its
/// model plots).
public enum MultipleComparisons: String, Sendable, Codable, CaseIterable {
  /// No correction: p < α.
  case uncorrected
  /// Bonferroni (family-wise error): p < α/m for m tests.
  case bonferroni
  /// Benjamini & Hochberg (1995) false discovery rate: with the m p-values sorted, p₍ₖ₎, the
  /// largest k with p₍ₖ₎ < α·k/m sets the criterion c = α·k/m; p < c is significant (none when no
  /// k qualifies). This is rsatoolbox's rule (strict inequalities).
  case fdr

  /// Which p-values are significant at level α.
  public func significant(_ p: [Double], alpha: Double) -> [Bool] {
    let m = Double(p.count)
    switch self {
    case .uncorrected: return p.map { $0 < alpha }
    case .bonferroni: return p.map { $0 < alpha / m }
    case .fdr:
      let sorted = p.filter { !$0.isNaN }.sorted()
      var criterion = 0.0
      for (k, v) in sorted.enumerated() where v < alpha * Double(k + 1) / m {
        criterion = alpha * Double(k + 1) / m
      }
      return p.map { $0 < criterion }
    }
  }

  /// Adjusted p-values: unchanged, min(1, m·p) (Bonferroni), or Benjamini–Hochberg
  /// min over j ≥ k of m·p₍ⱼ₎/j (FDR).
  public func adjusted(_ p: [Double]) -> [Double] {
    let m = Double(p.count)
    switch self {
    case .uncorrected: return p
    case .bonferroni: return p.map { $0.isNaN ? $0 : Swift.min(1, m * $0) }
    case .fdr:
      let order = p.indices.filter { !p[$0].isNaN }.sorted { p[$0] < p[$1] }
      var out = p
      var running = 1.0
      for (rank, i) in order.enumerated().reversed() {
        running = Swift.min(running, m * p[i] / Double(rank + 1))
        out[i] = running
      }
      return out
    }
  }
}
