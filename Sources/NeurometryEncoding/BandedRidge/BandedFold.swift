import NeurometryLinearAlgebra

/// One training/test split of the (band-ordered) features with what every γ reuses: the training
/// Gram matrix XᵀX (primal) or each band's training kernel X_b·X_bᵀ and test–training kernel
/// (dual).
struct BandedFold {
  let split: CrossValidationSplit
  let form: RidgeSolver
  let xTrain: Matrix
  let xTest: Matrix
  /// XᵀX of the training features (primal form; empty for the dual form).
  let gramMatrix: Matrix
  let kernels: [Matrix]
  let testKernels: [Matrix]

  init(x: Matrix, split: CrossValidationSplit, bands: Int, bandOfColumn: [Int], form: RidgeSolver, fitIntercept: Bool) {
    self.split = split
    self.form = form
    let p = x.columns
    let mean = fitIntercept ? x.columnMeans(ofRows: split.train, columns: 0..<p) : nil
    xTrain = x.gathering(rows: split.train, columns: 0..<p, subtracting: mean)
    xTest = x.gathering(rows: split.test, columns: 0..<p, subtracting: mean)
    if form == .dual {
      gramMatrix = Matrix(rows: 0, columns: 0)
      var k: [Matrix] = []
      var kt: [Matrix] = []
      var start = 0
      for b in 0..<bands {
        let width = bandOfColumn.filter { $0 == b }.count
        let trainBand = xTrain[rows: 0..<xTrain.rows, columns: start..<(start + width)]
        k.append(gram(trainBand, side: .rows))
        if xTest.rows > 0 {
          kt.append(gemm(xTest[rows: 0..<xTest.rows, columns: start..<(start + width)], trainBand, transposeB: true))
        }
        start += width
      }
      kernels = k
      testKernels = kt
    } else {
      gramMatrix = gram(xTrain, side: .columns)
      kernels = []
      testKernels = []
    }
  }

  /// The factorisation of the γ-scaled training features.
  struct Factor {
    let form: RidgeSolver
    let spectrum: [Double]
    /// P: test projection (m × k).
    let projection: Matrix
    /// Primal: D·V (p × k); dual: Q (n × n).
    let basis: Matrix
    let xTrain: Matrix
    let scale: [Double]

    func gains(_ alpha: Double) -> [Double] { spectrum.map { 1 / ($0 + alpha) } }

    /// Z for training targets Y (n_train × b): (D·V)ᵀ·(Xᵀ·Y) (primal) or Qᵀ·Y (dual).
    func project(_ y: Matrix) -> Matrix {
      switch form {
      case .dual: return gemm(basis, y, transposeA: true)
      case .primal, .auto: return gemm(basis, gemm(xTrain, y, transposeA: true), transposeA: true)
      }
    }

    /// Coefficients in the original feature units from gain-weighted Z: (D·V)·Z (primal) or
    /// D²·Xᵀ·(Q·Z) (dual).
    func coefficients(_ z: Matrix) -> Matrix {
      switch form {
      case .dual: return gemm(xTrain, gemm(basis, z), transposeA: true).scalingRows(by: scale.map { $0 * $0 })
      case .primal, .auto: return gemm(basis, z)
      }
    }

    /// For each band b (a column range of the training features), the a × k matrix P_b such that
    /// rows_b·β_b = P_b·Z for the coefficients β = `coefficients(Z)`, without forming β:
    /// (rows_b)·(D·V)_b (primal: the band's rows of the basis) or γ_b·(rows_b·X_bᵀ)·Q (dual, with
    /// γ_b = scale² on the band). `rows` has the training features' columns.
    func bandProjections(_ rows: Matrix, bands: [Range<Int>]) -> [Matrix] {
      bands.map { r in
        let block = rows[rows: 0..<rows.rows, columns: r]
        switch form {
        case .dual:
          let kernel = gemm(block, xTrain[rows: 0..<xTrain.rows, columns: r], transposeB: true)
          return gemm(kernel, basis, alpha: scale[r.lowerBound] * scale[r.lowerBound])
        case .primal, .auto:
          return gemm(block, basis[rows: r, columns: 0..<basis.columns])
        }
      }
    }
  }

  func factor(gamma: [Double], scale: [Double]) throws -> Factor {
    switch form {
    case .dual:
      var k = Matrix(rows: xTrain.rows, columns: xTrain.rows)
      var kt = Matrix(rows: xTest.rows, columns: xTrain.rows)
      for b in kernels.indices {
        k = k + gamma[b] * kernels[b]
        if xTest.rows > 0 { kt = kt + gamma[b] * testKernels[b] }
      }
      let e = try k.symmetricEigen()
      return Factor(
        form: .dual, spectrum: e.values.map { Swift.max($0, 0) }, projection: gemm(kt, e.vectors), basis: e.vectors,
        xTrain: xTrain, scale: scale)
    case .primal, .auto:
      let scaled = gramMatrix.scalingRows(by: scale).scalingColumns(by: scale)
      let e = try scaled.symmetricEigen()
      let dv = e.vectors.scalingRows(by: scale)
      return Factor(
        form: .primal, spectrum: e.values.map { Swift.max($0, 0) },
        projection: xTest.rows > 0 ? gemm(xTest, dv) : Matrix(rows: 0, columns: dv.columns), basis: dv,
        xTrain: xTrain, scale: scale)
    }
  }
}
