import NeurometryLinearAlgebra

/// The model a cross-validated evaluation fits on each training set.
///
/// - `ridge`: `RidgeCV` — its own (inner) cross-validation picks α per target inside each outer
///   training set (nested cross-validation; labels of group/stratified inner splitters are
///   restricted to the training rows).
/// - `ridgeLeaveOneOut`: `RidgeLeaveOneOut` — α per target by efficient leave-one-out inside each
///   training set.
/// - `pls`: `PLSRegression` fitted on each training set.
/// - `bandedRidge`: `BandedRidgeCV` (band weights and α per target inside each training set); the
///   evaluation also splits each target's held-out R² by band (himalaya's `r2_score_split`, with
///   responses and features centred by the training means).
public enum EncodingModel: Sendable {
  case ridge(RidgeCV)
  case ridgeLeaveOneOut(RidgeLeaveOneOut)
  case pls(PLSRegression)
  case bandedRidge(BandedRidgeCV)

  /// A short name for reports: "ridge", "ridge-loo".
  public var name: String {
    switch self {
    case .ridge: return "ridge"
    case .ridgeLeaveOneOut: return "ridge-loo"
    case .pls: return "pls"
    case .bandedRidge: return "banded-ridge"
    }
  }

  /// Whether the model chooses a penalty α per target (ridge models).
  var choosesPenalties: Bool {
    if case .pls = self { return false }
    return true
  }

  /// Banded ridge: the number of bands (nil for the other models).
  var bandCount: Int? {
    if case .bandedRidge(let m) = self { return m.bands.count }
    return nil
  }

  /// What one fit on a training set gives: predictions for the test rows and, for ridge, α.
  struct Outcome {
    var predictions: Matrix
    var alphas: [Double]?
    /// What the fit found about the targets (columns of its Y).
    var notes: TargetNotes
    /// Bands × targets split R² on the test rows (banded ridge).
    var bandParts: Matrix? = nil
  }

  /// Fits on (xTrain, yTrain) and predicts yTest from xTest. `trainRows` are the training rows'
  /// indices among all samples (to restrict inner splitters' labels); ridge models work through
  /// the targets `batch` at a time.
  func fitPredict(
    xTrain: Matrix, yTrain: Matrix, xTest: Matrix, yTest: Matrix, trainRows: [Int], names: EncodingInputNames,
    batch: Int
  ) throws -> Outcome {
    switch self {
    case .ridge(var model):
      model.crossValidation = try model.crossValidation.restricted(to: trainRows)
      model.storeCoefficients = false
      model.nanTargets = .error
      model.targetBatchSize = batch
      let (fit, predictions) = try model.fit(xTrain, yTrain, names: names, predicting: xTest)
      return Outcome(
        predictions: predictions ?? Matrix(rows: 0, columns: 0), alphas: fit.alphas, notes: fit.notes)
    case .ridgeLeaveOneOut(var model):
      model.storeCoefficients = false
      model.nanTargets = .error
      model.targetBatchSize = batch
      let (fit, predictions) = try model.fit(xTrain, yTrain, names: names, predicting: xTest)
      return Outcome(
        predictions: predictions ?? Matrix(rows: 0, columns: 0), alphas: fit.alphas, notes: fit.notes)
    case .pls(var model):
      model.nanTargets = .error
      let fit = try model.fit(xTrain, yTrain, names: names)
      return Outcome(predictions: try fit.predict(xTest), alphas: nil, notes: fit.notes)
    case .bandedRidge(var model):
      model.crossValidation = try model.crossValidation.restricted(to: trainRows)
      model.storeCoefficients = false
      model.nanTargets = .error
      model.targetBatchSize = batch
      let (fit, predictions, parts) = try model.fit(xTrain, yTrain, names: names, predicting: xTest)
      // Summed row by row (not a BLAS GEMV, whose result for a column depends on its position
      // among the others), so a target's split R² is the same in any block of targets.
      let yMean = yTrain.columnMeans(ofRows: Array(0..<yTrain.rows), columns: 0..<yTrain.columns)
      let split = try BandedRidgeFit.splitR2(
        truth: yTest.subtractingFromColumns(yMean), bandPredictions: parts ?? [])
      return Outcome(
        predictions: predictions ?? Matrix(rows: 0, columns: 0), alphas: fit.alphas, notes: fit.notes,
        bandParts: split)
    }
  }

  /// Penalties chosen on all samples (the final model's), for models that have them: α per target
  /// and, for banded ridge, each band's α/γ_b (bands × targets). No coefficients are stored.
  /// The model refit on all samples: its penalties (ridge models) and, with `coefficients`, its
  /// features × targets coefficients and intercepts (ŷ = X·β + b).
  struct FinalFit {
    var alphas: [Double]?
    var bandAlphas: Matrix?
    var coefficients: Matrix?
    var intercepts: [Double]?
  }

  func finalFit(_ x: Matrix, _ y: Matrix, names: EncodingInputNames, coefficients: Bool, batch: Int) throws
    -> FinalFit
  {
    switch self {
    case .ridge(var model):
      model.storeCoefficients = coefficients
      model.nanTargets = .error
      model.targetBatchSize = batch
      let fit = try model.fit(x, y, names: names)
      return FinalFit(
        alphas: fit.alphas, coefficients: fit.coefficients, intercepts: coefficients ? fit.intercepts : nil)
    case .ridgeLeaveOneOut(var model):
      model.storeCoefficients = coefficients
      model.nanTargets = .error
      model.targetBatchSize = batch
      let fit = try model.fit(x, y, names: names)
      return FinalFit(
        alphas: fit.alphas, coefficients: fit.coefficients, intercepts: coefficients ? fit.intercepts : nil)
    case .pls(let model):
      guard coefficients else { return FinalFit() }
      let fit = try model.fit(x, y, names: names)
      // β acts on centred features: ŷ = (X − x̄)·β + ȳ = X·β + (ȳ − x̄·β).
      let beta = fit.coefficients
      let shift = beta.times(vector: fit.xMean, transpose: true)
      return FinalFit(coefficients: beta, intercepts: zip(fit.intercepts, shift).map { $0 - $1 })
    case .bandedRidge(var model):
      model.storeCoefficients = coefficients
      model.nanTargets = .error
      model.targetBatchSize = batch
      let fit = try model.fit(x, y, names: names)
      return FinalFit(
        alphas: fit.alphas, bandAlphas: fit.bandAlphas, coefficients: fit.coefficients,
        intercepts: coefficients ? fit.intercepts : nil)
    }
  }

}
