import NeurometryLinearAlgebra

/// A first-level fMRI design: scans × regressors, the condition regressors first (in condition
/// order), then any confounds, then the drift columns and the constant — nilearn's
/// `make_first_level_design_matrix` layout.
public struct DesignMatrix: Sendable, Equatable {
  /// scans × regressors.
  public let matrix: Matrix
  /// One name per column: the conditions, the confound names, `drift_1` …, `constant`.
  public let columnNames: [String]
  /// The first `conditionCount` columns are the condition regressors.
  public let conditionCount: Int
  /// The acquisition time of each scan (seconds), the times the regressors were sampled at.
  public let frameTimes: [Double]
  /// Things worth knowing about the events (duplicates, zero durations, …).
  public let warnings: [String]

  /// A design from its matrix and metadata; a column-name count that differs from the columns, a
  /// frame-time count that differs from the scans, or more conditions than columns is a programmer
  /// error (precondition).
  public init(matrix: Matrix, columnNames: [String], conditionCount: Int, frameTimes: [Double], warnings: [String] = [])
  {
    precondition(
      columnNames.count == matrix.columns, "DesignMatrix: \(columnNames.count) names for \(matrix.columns) columns")
    precondition(
      frameTimes.count == matrix.rows, "DesignMatrix: \(frameTimes.count) frame times for \(matrix.rows) scans")
    precondition(conditionCount <= matrix.columns, "DesignMatrix: more conditions than columns")
    self.matrix = matrix
    self.columnNames = columnNames
    self.conditionCount = conditionCount
    self.frameTimes = frameTimes
    self.warnings = warnings
  }

  /// The condition names, in column order.
  public var conditions: [String] { Array(columnNames.prefix(conditionCount)) }
  /// The number of scans (rows of `matrix`).
  public var scanCount: Int { matrix.rows }
  /// The number of regressors (columns of `matrix`): conditions, confounds, drifts and the constant.
  public var regressorCount: Int { matrix.columns }
}
