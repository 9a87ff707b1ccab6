import NeurometryLinearAlgebra

/// Validated inputs of an encoding fit: finite features, targets without NaN (or with NaN targets
/// dropped by policy), matching sample counts, and the bookkeeping that maps the kept targets back
/// to the caller's columns.
struct EncodingProblem {
  let x: Matrix
  /// The kept targets only (n × kept).
  let y: Matrix
  let targetCount: Int
  /// Original column of each kept target.
  let kept: [Int]
  /// Original columns dropped for NaN.
  let dropped: [Int]
  /// Positions in `kept` of targets whose values are all equal.
  let constant: [Int]
  /// What was found about the targets (columns of the caller's Y); the fits add their own.
  var notes = TargetNotes()
  /// How the warnings name Y.
  let yName: String
  /// The warnings `notes` make.
  var warnings: [String] { notes.warnings(yName: yName) }

  init(
    x: Matrix, y: Matrix, names: EncodingInputNames, nanTargets: NaNTargetPolicy, context: String,
    minimumSamples: Int = 2
  ) throws {
    guard x.rows == y.rows else {
      throw NeurometryError.shapeMismatch(
        context: context,
        message:
          "\(names.x) has \(x.rows.grouped) stimuli (rows) but \(names.y) has \(y.rows.grouped); both must hold the same stimuli in the same order"
      )
    }
    guard x.rows >= minimumSamples else {
      throw NeurometryError.invalidInput(
        context: context, message: "\(names.x) has \(x.rows) stimuli; at least \(minimumSamples) are needed")
    }
    guard x.columns > 0 else {
      throw NeurometryError.invalidInput(context: context, message: "\(names.x) has no features (0 columns)")
    }
    guard y.columns > 0 else {
      throw NeurometryError.invalidInput(context: context, message: "\(names.y) has no targets (0 columns)")
    }
    try x.requireFinite(
      context, names.x, rowName: "stimulus", columnName: "feature", advice: "features must be finite")
    let n = y.rows
    let t = y.columns
    var hasNaN = [Bool](repeating: false, count: t)
    var isConstant = [Bool](repeating: true, count: t)
    try y.elements.withUnsafeBufferPointer { e in
      for i in 0..<n {
        for j in 0..<t {
          let v = e[i * t + j]
          if v.isNaN {
            hasNaN[j] = true
          } else if v.isInfinite {
            throw NeurometryError.invalidInput(
              context: context,
              message: "\(names.y) has an infinite value at stimulus \(i), target \(j); targets must be finite")
          }
          if v != e[j] { isConstant[j] = false }
        }
      }
    }
    let nanColumns = (0..<t).filter { hasNaN[$0] }
    if let first = nanColumns.first, nanTargets == .error {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "\(names.y) has NaN in column \(first) (target \(first))\(nanColumns.count > 1 ? " and \(nanColumns.count - 1) other columns" : ""); remove or impute it, or drop NaN targets (--drop-nan-targets)"
      )
    }
    let keep = (0..<t).filter { !hasNaN[$0] }
    guard !keep.isEmpty else {
      throw NeurometryError.invalidInput(
        context: context, message: "every target of \(names.y) has NaN; nothing is left to fit")
    }
    self.x = x
    self.y = nanColumns.isEmpty ? y : y.selectingColumns(keep)
    targetCount = t
    kept = keep
    dropped = nanColumns
    constant = keep.indices.filter { isConstant[keep[$0]] }
    yName = names.y
    notes.dropped = dropped
    notes.constant = constant.map { keep[$0] }
  }

  /// A per-kept-target vector spread back to all targets, `fill` for dropped ones.
  func expand(_ values: [Double], fill: Double = .nan) -> [Double] {
    if dropped.isEmpty { return values }
    var out = [Double](repeating: fill, count: targetCount)
    for (k, j) in kept.enumerated() { out[j] = values[k] }
    return out
  }

  /// A matrix whose columns are the kept targets spread back to all targets (NaN columns for dropped).
  func expandColumns(_ m: Matrix) -> Matrix {
    if dropped.isEmpty { return m }
    var out = Matrix(rows: m.rows, columns: targetCount, repeating: .nan)
    let c = m.columns
    out.withUnsafeMutableBufferPointer { o in
      m.withUnsafeBufferPointer { e in
        for i in 0..<m.rows {
          for (k, j) in kept.enumerated() { o[i * targetCount + j] = e[i * c + k] }
        }
      }
    }
    return out
  }
}
