/// A matrix encodes as `{"rows": r, "columns": c, "elements": [row-major values]}` so results that
/// hold matrices (coefficients, score grids) are `Codable`. Decoding checks the element count.
extension Matrix: Codable {
  private enum CodingKeys: String, CodingKey { case rows, columns, elements }

  /// Decodes `{"rows", "columns", "elements"}`. Throws `DecodingError.dataCorrupted` if a dimension is
  /// negative or the number of elements is not `rows × columns`.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let rows = try c.decode(Int.self, forKey: .rows)
    let columns = try c.decode(Int.self, forKey: .columns)
    let elements = try c.decode([Double].self, forKey: .elements)
    guard rows >= 0, columns >= 0, elements.count == rows * columns else {
      throw DecodingError.dataCorruptedError(
        forKey: .elements, in: c,
        debugDescription: "\(elements.count) elements for a \(rows)×\(columns) matrix")
    }
    self.init(rows: rows, columns: columns, elements: elements)
  }

  /// Encodes `{"rows": r, "columns": c, "elements": [row-major values]}`.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(rows, forKey: .rows)
    try c.encode(columns, forKey: .columns)
    try c.encode(elements, forKey: .elements)
  }
}
