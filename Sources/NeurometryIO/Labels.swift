import Foundation
import NeurometryLinearAlgebra

/// Labels (conditions, runs, groups, stimulus ids), one per observation, with the kind their
/// source gives them: the one input of Neurometry's one condition-order rule (`ConditionOrder`,
/// DESIGN.md §3).
///
/// - `numeric`: the source stored numbers (an integer or float array, a numeric HDF5/NWB column),
///   or text whose every cell is a finite number (a TSV/CSV column pandas would read as numbers).
///   Sorted by value: 2 < 9 < 10 < 100. NaN is not a label: a float array holding NaN is refused
///   with the position of the first one.
/// - `text`: the source stored strings (numpy `<U`/`S`, HDF5 strings, MATLAB char arrays, bool
///   arrays as "False"/"True") or text that is not all numbers. Sorted by Unicode scalars, numpy's
///   and rsatoolbox's order for string descriptors: '10' < '100' < '2' < '9', 'B' < 'a'.
///
/// The values are kept as text (integers in decimal, floats in Swift's shortest round-trip form,
/// "3.0"), so they can name conditions in outputs; `array` gives them back with their kind.
public struct Labels: Sendable, Equatable {
  /// How labels sort: by number or by text.
  public enum Kind: String, Sendable, Codable, Equatable {
    case numeric
    case text
  }

  /// One label per observation, as text.
  public let values: [String]
  /// Numeric or text, from the source's type.
  public let kind: Kind

  /// Labels of a known kind. Numeric labels must each parse as a finite number; `context` names
  /// the source in the error.
  public init(_ values: [String], kind: Kind, context: String = "labels") throws {
    if kind == .numeric, let bad = values.firstIndex(where: { ConditionOrder.number($0)?.isFinite != true }) {
      throw NeurometryError.invalidInput(
        context: context,
        message: Self.nanMessage(values[bad], at: bad))
    }
    self.values = values
    self.kind = kind
  }

  /// Text labels (strings from a typed source): sorted by Unicode scalars, whatever they look like.
  public init(strings values: [String]) {
    self.values = values
    self.kind = .text
  }

  /// Labels from text with no type of its own (a TSV/CSV column, a YAML list, a text file):
  /// numeric when every label is a finite number, as pandas would type the column, else text.
  public init(text values: [String]) {
    self.values = values
    self.kind = ConditionOrder.inferredKind(values)
  }

  /// Labels from a 1-D array (any shape with at most one axis longer than 1, as MATLAB stores
  /// vectors): integer and float arrays are numeric (NaN refused), strings and bools are text.
  public init(_ array: NDArray, context: String) throws {
    guard array.shape.filter({ $0 != 1 }).count <= 1 else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "expected a 1-D array of labels, found shape \(array.shapeDescription)")
    }
    switch array.values {
    case .float64(let v):
      if let bad = v.firstIndex(where: { !$0.isFinite }) {
        throw NeurometryError.invalidInput(context: context, message: Self.nanMessage(v[bad].description, at: bad))
      }
      self.values = v.map { $0.description }
      self.kind = .numeric
    case .int64(let v):
      self.values = v.map { String($0) }
      self.kind = .numeric
    case .bool, .string:
      self.values = array.strings
      self.kind = .text
    }
  }

  private static func nanMessage(_ value: String, at index: Int) -> String {
    "label \(index) (counting from 0) is \(value); every observation needs a finite label (drop or relabel those observations)"
  }

  /// Number of labels.
  public var count: Int { values.count }

  /// The distinct labels in condition order.
  public var distinctSorted: [String] { ConditionOrder.sortedDistinct(values, kind: kind) }

  /// The distinct labels in condition order and, for each observation, the index of its label.
  public var groups: (labels: [String], codes: [Int]) {
    let distinct = distinctSorted
    let position = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
    return (distinct, values.map { position[$0] ?? 0 })
  }

  /// The labels of the observations `rows`, in that order, of the same kind.
  public func selecting(_ rows: [Int]) -> Labels {
    Labels(unchecked: rows.map { values[$0] }, kind: kind)
  }

  /// The labels as an array that keeps their kind: text as strings; numbers as int64 when every
  /// label is an integer written without a decimal point, otherwise float64.
  public var array: NDArray {
    switch kind {
    case .text:
      return NDArray(shape: [count], values: .string(values))
    case .numeric:
      let integers = values.compactMap { Int64($0) }
      if integers.count == count { return NDArray(shape: [count], values: .int64(integers)) }
      return NDArray(shape: [count], values: .float64(values.map { ConditionOrder.number($0) ?? .nan }))
    }
  }

  init(unchecked values: [String], kind: Kind) {
    self.values = values
    self.kind = kind
  }
}

/// The order of conditions (DESIGN.md §3), in one place: numeric labels by value, text labels by
/// Unicode scalars, each distinct label once. This is rsatoolbox's `sort_by(descriptor='alpha')`
/// and numpy's `np.unique` / `argsort(kind='stable')` on the descriptor array, so the kind comes
/// from the array's dtype (`Labels`), never from what the text looks like. Two distinct numeric
/// labels of the same value ("2" and "2.0") are ordered by their text.
public enum ConditionOrder {
  /// The order relation of two labels of `kind`.
  public static func areInIncreasingOrder(_ a: String, _ b: String, kind: Labels.Kind) -> Bool {
    if kind == .numeric, let x = number(a), let y = number(b), x != y { return x < y }
    return lexicographic(a, b)
  }

  /// Unicode-scalar order of strings ('B' < 'a' < 'c10' < 'c2'), numpy's order for `<U` arrays.
  public static func lexicographic(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
  }

  /// The distinct labels in condition order.
  public static func sortedDistinct(_ labels: [String], kind: Labels.Kind) -> [String] {
    Array(Set(labels)).sorted { areInIncreasingOrder($0, $1, kind: kind) }
  }

  /// The indices that sort `labels` (stable: equal labels keep their order), numpy's
  /// `argsort(kind='stable')`.
  public static func stableArgsort(_ labels: [String], kind: Labels.Kind) -> [Int] {
    labels.indices.sorted { a, b in
      if labels[a] == labels[b] { return a < b }
      return areInIncreasingOrder(labels[a], labels[b], kind: kind)
    }
  }

  /// The kind of untyped text labels: numeric when every label (spaces trimmed) is a finite
  /// number, as pandas types a column; text otherwise (also when empty).
  public static func inferredKind(_ labels: [String]) -> Labels.Kind {
    !labels.isEmpty && labels.allSatisfy { number($0)?.isFinite == true } ? .numeric : .text
  }

  /// The numeric value of a label written as a number (spaces around it ignored).
  static func number(_ label: String) -> Double? {
    Double(label) ?? Double(label.trimmingCharacters(in: .whitespaces))
  }
}
