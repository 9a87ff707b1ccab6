extension Array where Element == [Double] {
  /// The rows with non-finite entries as nil (JSON has no NaN; they are written as null).
  var nonFiniteAsNull: [[Double?]] { map { $0.map { $0.isFinite ? $0 : nil } } }
}

extension Array where Element == [Double?] {
  /// The inverse of `nonFiniteAsNull`: null read back as NaN.
  var nullAsNaN: [[Double]] { map { $0.map { $0 ?? .nan } } }
}
