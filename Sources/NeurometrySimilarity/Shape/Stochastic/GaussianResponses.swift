import NeurometryIO
import NeurometryLinearAlgebra

/// Gaussian summaries of stochastic responses: for each of m stimuli a mean (row of `means`,
/// m×p) and a p×p covariance, the input of the Gaussian stochastic shape metric.
public struct GaussianResponses: Sendable, Equatable {
  /// The mean response to each stimulus, m × p (stimuli × units).
  public let means: Matrix
  /// The p×p covariance of the responses to each stimulus, m of them in stimulus order.
  public let covariances: [Matrix]

  /// Means and covariances as given. Covariances must be symmetric (to 1e-10 relative) and
  /// finite; slightly negative eigenvalues (rounding) are clipped to 0 when square roots are
  /// taken.
  public init(means: Matrix, covariances: [Matrix], name: String = "responses") throws {
    guard covariances.count == means.rows else {
      throw NeurometryError.shapeMismatch(
        context: name, message: "\(means.rows) means but \(covariances.count) covariance matrices")
    }
    try means.requireFinite(name, "the mean matrix", rowName: "stimulus", columnName: "unit")
    for (k, c) in covariances.enumerated() {
      guard c.rows == means.columns && c.columns == means.columns else {
        throw NeurometryError.shapeMismatch(
          context: name,
          message: "covariance \(k) is \(c.rows)×\(c.columns), expected \(means.columns)×\(means.columns)")
      }
      try c.requireFinite(name, "covariance \(k)")
      let scale = c.elements.reduce(0) { Swift.max($0, abs($1)) }
      for i in 0..<c.rows {
        for j in (i + 1)..<Swift.max(c.rows, i + 1) where abs(c[i, j] - c[j, i]) > 1e-10 * scale {
          throw NeurometryError.invalidInput(
            context: name, message: "covariance \(k) is not symmetric at (\(i), \(j)): \(c[i, j]) vs \(c[j, i])")
        }
      }
    }
    self.means = means
    self.covariances = covariances
  }

  /// Sample means and covariances over the repeats of each stimulus (covariance with
  /// denominator r − `ddof`, default 1 as `numpy.cov`); needs r > ddof.
  public init(_ responses: StochasticResponses, ddof: Int = 1, name: String = "responses") throws {
    let r = responses.repeats
    guard r > ddof else {
      throw NeurometryError.invalidInput(
        context: name, message: "covariances need more than \(ddof) repeats per stimulus, found \(r)")
    }
    var means = [Double]()
    var covariances = [Matrix]()
    for i in 0..<responses.stimuli {
      let block = Matrix(copying: responses.block(i))
      let (centered, mean) = block.centeringColumns()
      means.append(contentsOf: mean)
      covariances.append(gram(centered, side: .columns, alpha: 1 / Double(r - ddof)))
    }
    try self.init(
      means: Matrix(rows: responses.stimuli, columns: responses.units, elements: means), covariances: covariances,
      name: name)
  }

  /// m, the number of stimuli.
  public var stimuli: Int { means.rows }
  /// p, the number of units.
  public var units: Int { means.columns }
}

extension GaussianResponses {
  /// Means and covariances given directly (netrep's `(means, covs)` input): the members `means`
  /// (stimuli × units) and `covariances` (stimuli × units × units) of an `.npz`, HDF5 or MAT file.
  /// Each covariance must be symmetric positive semi-definite (checked by the initialiser).
  public static func read(_ path: String) throws -> GaussianResponses {
    let means = try ArrayFile.read(path, member: "means").matrix(context: "\(path):means")
    let stack = try ArrayFile.read(path, member: "covariances")
    guard stack.dimensions == 3 else {
      throw NeurometryError.shapeMismatch(
        context: "\(path):covariances",
        message: "expected stimuli × units × units (3-D), found shape \(stack.shapeDescription)")
    }
    return try GaussianResponses(
      means: means, covariances: try stack.matrixStack(context: "\(path):covariances"), name: path)
  }
}
