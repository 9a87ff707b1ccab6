import NeurometryLinearAlgebra

/// Ordinary least-squares GLM of many time series on one design, `Y = X·B + E`, as nilearn's
/// `FirstLevelModel(noise_model="ols")` fits it: `B = X⁺·Y` with the pseudo-inverse from the SVD
/// of X (LAPACK `dgesdd`), computed once per design and applied to the series in batches of
/// `voxelBatchSize` columns (GEMM per batch, batches in parallel), so memory beyond the input
/// and the outputs is bounded by the batch size.
///
/// A design whose rank (numpy's `matrix_rank`: singular values above `σ_max · max(n, p) · ε`) is
/// below its column count is an error that names the column responsible (all zeros, or a linear
/// combination of the columns before it); nilearn instead regularises such a design
/// (`full_rank`) and returns betas that depend on the regularisation.
///
/// Outputs: betas (regressors × series), and when `keepResiduals`, the residuals
/// `E = Y − X·B` (scans × series) with `n − p` degrees of freedom — what rsatoolbox's
/// `prec_from_residuals` needs for noise-normalised (crossnobis) distances.
public struct GeneralLinearModel: Sendable, Equatable {
  /// How each series is scaled before the fit: `.none` (default) or nilearn's percent-of-mean scaling.
  public var signalScaling: SignalScaling = .none
  /// Series per batch (memory per batch: scans × batch doubles, twice).
  public var voxelBatchSize: Int = 2048
  /// Whether to compute and return the residuals `E = Y − X·B` (scans × series); default true.
  public var keepResiduals: Bool = true

  /// A GLM with the given scaling (default none), batch size (default 2048 series) and residuals
  /// (kept by default).
  public init(signalScaling: SignalScaling = .none, voxelBatchSize: Int = 2048, keepResiduals: Bool = true) {
    self.signalScaling = signalScaling
    self.voxelBatchSize = voxelBatchSize
    self.keepResiduals = keepResiduals
  }

  /// Fits every column of `y` (scans × series) on `design`. `context` names the run in errors.
  public func fit(_ y: Matrix, design: DesignMatrix, context: String) throws -> GLMFit {
    let x = design.matrix
    guard y.rows == x.rows else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "the data have \(y.rows) scans but the design has \(x.rows) rows")
    }
    guard voxelBatchSize >= 1 else {
      throw NeurometryError.invalidInput(context: context, message: "voxel batch size \(voxelBatchSize) must be ≥ 1")
    }
    try y.requireFinite(context, "the data matrix", rowName: "scan", columnName: "series")
    let pinv = try GeneralLinearModel.pseudoInverse(design, context: context)
    let n = x.rows
    let p = x.columns
    let v = y.columns
    let batch = voxelBatchSize
    let batches = (v + batch - 1) / batch
    let scaling = signalScaling
    let keep = keepResiduals
    let parts = try Parallel.map(batches) { b -> (betas: Matrix, residuals: Matrix?) in
      let range = (b * batch)..<Swift.min(v, (b + 1) * batch)
      var yb = Matrix(copying: y[rows: 0..<n, columns: range])
      if scaling == .percentOfMean { yb = GeneralLinearModel.percentOfMean(yb) }
      let betas = gemm(pinv, yb)
      guard keep else { return (betas, nil) }
      var residuals = yb
      gemm(x, betas, into: &residuals, alpha: -1, beta: 1)
      return (betas, residuals)
    }
    let betas = Matrix.horizontalConcatenation(parts.map { $0.betas })
    let residuals = keep ? Matrix.horizontalConcatenation(parts.compactMap { $0.residuals }) : nil
    return GLMFit(
      regressors: design.columnNames, conditionCount: design.conditionCount, betas: betas, residuals: residuals,
      degreesOfFreedom: n - p, signalScaling: signalScaling)
  }

  /// nilearn's `mean_scaling`: `100 · (y / max(mean, 1) − 1)` per column, the mean summed in
  /// scan order as numpy sums along axis 0.
  static func percentOfMean(_ y: Matrix) -> Matrix {
    var means = [Double](repeating: 0, count: y.columns)
    for t in 0..<y.rows {
      for c in 0..<y.columns { means[c] += y[t, c] }
    }
    for c in 0..<y.columns { means[c] = Swift.max(means[c] / Double(y.rows), 1) }
    return Matrix(rows: y.rows, columns: y.columns) { t, c in 100 * (y[t, c] / means[c] - 1) }
  }

  /// X⁺ = V·diag(1/σ)·Uᵀ (regressors × scans) after checking the rank.
  static func pseudoInverse(_ design: DesignMatrix, context: String) throws -> Matrix {
    let x = design.matrix
    let (n, p) = (x.rows, x.columns)
    guard x.isFinite else {
      throw NeurometryError.invalidInput(context: context, message: "the design matrix holds NaN or infinite values")
    }
    guard n >= p else {
      throw NeurometryError.singularMatrix(
        operation: "GLM (\(context))",
        message:
          "the design has \(n) scans but \(p) regressors (\(design.columnNames.joined(separator: ", "))); it needs at least as many scans as regressors"
      )
    }
    let svd = try x.svd()
    let smax = svd.singularValues.first ?? 0
    let tolerance = smax * Double(Swift.max(n, p)) * Double.ulpOfOne
    let rank = svd.singularValues.filter { $0 > tolerance }.count
    if rank < p {
      throw NeurometryError.singularMatrix(
        operation: "GLM (\(context))",
        message:
          "the \(n) × \(p) design matrix has rank \(rank): \(try culprit(design, tolerance: tolerance)). Remove that regressor (or the events that make it) and fit again"
      )
    }
    // V · diag(1/σ) · Uᵀ
    let vScaled = svd.vt.transposed.scalingColumns(by: svd.singularValues.map { 1 / $0 })
    return gemm(vScaled, svd.u, transposeB: true)
  }

  /// The first column that adds nothing to the rank of the columns before it, described.
  static func culprit(_ design: DesignMatrix, tolerance: Double) throws -> String {
    let x = design.matrix
    for j in 0..<x.columns {
      let name = design.columnNames[j]
      let column = x.column(j)
      if column.allSatisfy({ abs($0) <= tolerance }) {
        return j < design.conditionCount
          ? "regressor '\(name)' is all zeros (no events of this condition fall in the run?)"
          : "regressor '\(name)' is all zeros"
      }
      guard j > 0 else { continue }
      let prefix = x.selectingColumns(Array(0...j))
      let s = try prefix.singularValues()
      let tol = (s.first ?? 0) * Double(Swift.max(x.rows, j + 1)) * Double.ulpOfOne
      if s.filter({ $0 > tol }).count < j + 1 {
        return
          "regressor '\(name)' is a linear combination of the regressors before it (\(design.columnNames[0..<j].joined(separator: ", ")))"
      }
    }
    return "its columns are linearly dependent"
  }
}
