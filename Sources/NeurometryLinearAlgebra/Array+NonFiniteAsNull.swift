extension Array where Element == Double {
  /// The values with non-finite ones as nil: JSON has no NaN or ∞, so they are written as null.
  public var nonFiniteAsNull: [Double?] { map { $0.isFinite ? $0 : nil } }
}

extension Array where Element == [Double] {
  /// The rows with non-finite entries as nil (written as null in JSON).
  public var nonFiniteAsNull: [[Double?]] { map(\.nonFiniteAsNull) }
}

extension Array where Element == [Double?] {
  /// The inverse of `nonFiniteAsNull`: null read back as NaN.
  public var nullAsNaN: [[Double]] { map { $0.map { $0 ?? .nan } } }
}
