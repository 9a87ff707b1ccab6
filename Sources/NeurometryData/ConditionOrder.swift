/// The order of conditions (DESIGN.md §3, as rsatoolbox sorts them): numeric labels numerically,
/// string labels lexicographically by Unicode scalars ('c10' < 'c2'), each distinct label once.
public enum ConditionOrder {
  /// The distinct labels of `column` in condition order, and for each trial the index of its
  /// condition in that order.
  public static func groups(_ column: Trials.Column) -> (labels: [String], index: [Int]) {
    let labels: [String]
    switch column {
    case .integers(let v):
      labels = Array(Set(v)).sorted().map(String.init)
    case .numbers(let v):
      // NaN is a condition of its own, placed last (numpy's sort order).
      let finite = Array(Set(v.filter { !$0.isNaN })).sorted()
      labels = finite.map { $0.description } + (v.contains { $0.isNaN } ? ["nan"] : [])
    case .strings(let v):
      labels = Array(Set(v)).sorted {
        Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value))
      }
    }
    var position: [String: Int] = [:]
    for (i, l) in labels.enumerated() { position[l] = i }
    let trialLabels: [String]
    if case .numbers(let v) = column {
      trialLabels = v.map { $0.isNaN ? "nan" : $0.description }
    } else {
      trialLabels = column.labels
    }
    return (labels, trialLabels.map { position[$0] ?? 0 })
  }
}
