/// How RDM conditions are ordered (DESIGN.md §3): by label, numerically when every label is a
/// number, otherwise lexicographically by Unicode code points.
///
/// This is rsatoolbox's `sort_by(descriptor='alpha')` (numpy `argsort(kind='stable')` on the
/// descriptor array): an integer or float descriptor sorts numerically (2 < 10), a string
/// descriptor by code points ('c10' < 'c2', 'B' < 'a'). Labels read from numeric files arrive as
/// decimal strings, so "all labels parse as numbers" stands for "the descriptor was numeric".
/// Two distinct labels with the same numeric value ("1" and "1.0") are ordered by their text.
public enum ConditionOrder {
  /// True when every label parses as a number (Swift `Double(_:)`, as numpy would read it).
  public static func isNumeric(_ labels: [String]) -> Bool {
    !labels.isEmpty && labels.allSatisfy { Double($0) != nil }
  }

  /// The distinct labels in condition order.
  public static func sortedUnique(_ labels: [String]) -> [String] {
    sort(Array(Set(labels)))
  }

  /// The labels sorted in condition order (numeric or lexicographic as described above).
  public static func sort(_ labels: [String]) -> [String] {
    let numeric = isNumeric(labels)
    return labels.sorted { areInIncreasingOrder($0, $1, numeric: numeric) }
  }

  /// The indices that sort `labels` (stable: equal labels keep their order), like numpy's
  /// `argsort(kind='stable')`.
  public static func stableArgsort(_ labels: [String]) -> [Int] {
    let numeric = isNumeric(labels)
    return labels.indices.sorted { a, b in
      if labels[a] == labels[b] { return a < b }
      return areInIncreasingOrder(labels[a], labels[b], numeric: numeric)
    }
  }

  /// The order relation: numeric value first (when `numeric`), then Unicode code points.
  public static func areInIncreasingOrder(_ a: String, _ b: String, numeric: Bool) -> Bool {
    if numeric, let x = Double(a), let y = Double(b), x != y { return x < y }
    return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
  }
}
