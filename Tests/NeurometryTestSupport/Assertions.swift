import NeurometryLinearAlgebra
import Testing

/// Relative closeness with a readable report: `|a − e| ≤ atol + rtol·|e|` element-wise (numpy's
/// `allclose` rule). NaN matches NaN; ±∞ must match exactly. On failure one issue is recorded
/// naming `what`, the number of mismatches, and the worst element with both values.
public func assertClose(
  _ actual: [Double], _ expected: [Double], rtol: Double = 1e-10, atol: Double = 0, _ what: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.count == expected.count else {
    Issue.record("\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    return
  }
  var mismatches = 0
  var worst = -1
  var worstExcess = 0.0
  for i in actual.indices {
    let (a, e) = (actual[i], expected[i])
    if a.isNaN && e.isNaN { continue }
    if a.isInfinite || e.isInfinite {
      if a != e {
        mismatches += 1
        if worst < 0 { worst = i; worstExcess = .infinity }
      }
      continue
    }
    let tolerance = atol + rtol * abs(e)
    let error = abs(a - e)
    if !(error <= tolerance) {
      mismatches += 1
      let excess = tolerance > 0 ? error / tolerance : .infinity
      if excess > worstExcess || worst < 0 { worst = i; worstExcess = excess }
    }
  }
  if mismatches > 0 {
    let (a, e) = (actual[worst], expected[worst])
    let rel = e != 0 ? abs(a - e) / abs(e) : abs(a - e)
    Issue.record(
      "\(what): \(mismatches) of \(actual.count) values differ beyond rtol \(rtol), atol \(atol); worst at [\(worst)]: got \(a), expected \(e) (relative error \(rel))",
      sourceLocation: sourceLocation)
  }
}

/// `assertClose` for matrices: shapes must match, then elements are compared (row-major index
/// reported as (row, column)).
public func assertClose(
  _ actual: Matrix, _ expected: Matrix, rtol: Double = 1e-10, atol: Double = 0, _ what: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard actual.rows == expected.rows && actual.columns == expected.columns else {
    Issue.record(
      "\(what): shape \(actual.rows)×\(actual.columns), expected \(expected.rows)×\(expected.columns)",
      sourceLocation: sourceLocation)
    return
  }
  assertClose(
    actual.elements, expected.elements, rtol: rtol, atol: atol, "\(what) (\(actual.rows)×\(actual.columns), row-major)",
    sourceLocation: sourceLocation)
}

/// `assertClose` for scalars.
public func assertClose(
  _ actual: Double, _ expected: Double, rtol: Double = 1e-10, atol: Double = 0, _ what: String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  assertClose([actual], [expected], rtol: rtol, atol: atol, what, sourceLocation: sourceLocation)
}

/// Largest absolute element of A − B (for orthogonality and reconstruction checks).
public func maxAbsDifference(_ a: Matrix, _ b: Matrix) -> Double {
  precondition(a.rows == b.rows && a.columns == b.columns)
  return zip(a.elements, b.elements).map { abs($0 - $1) }.max() ?? 0
}
