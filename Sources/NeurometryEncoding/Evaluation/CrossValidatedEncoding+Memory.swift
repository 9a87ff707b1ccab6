import NeurometryLinearAlgebra

extension CrossValidatedEncoding {
  /// The peak memory of `evaluate(_:_:names:)` for X n×p (`samples` × `features`) and Y n×t
  /// (`targets`), inputs included, from the shapes and this evaluation's options (model, outer
  /// splitter, kept predictions and coefficients, final α), what `neurometry encode` checks
  /// against `--max-memory` before it starts. The process itself is not included
  /// (`MemoryEstimate.process`).
  ///
  /// What the peak holds, doubles, with S outer splits and n_tr/n_te the largest training/test set:
  /// - X (n×p), Y (n×t), the scores per split (S×t), the α per split (S×t; ridge models), the band
  ///   score sums and counts (2·bands × t; banded ridge), the held-out predictions (n×t) when kept;
  /// - then the larger of two phases:
  ///   - one outer split: its test targets (n_te×t) and the model fitted on the split's copies —
  ///     the model's own estimate for n_tr samples with n_te rows to predict, its inputs being the
  ///     copies X_train, Y_train, X_test (`RidgeCV.memoryEstimate` with its inner splitter restricted
  ///     to the training rows and no coefficients, `RidgeLeaveOneOut.memoryEstimate`,
  ///     `BandedRidgeCV.memoryEstimate`, `PLSRegression.memoryEstimate` plus its prediction: the
  ///     centred X_test n_te×p and the predictions n_te×t twice); banded ridge adds the split R²'s
  ///     centred test targets and summed band parts (n_te×t, three); plus the final fit's
  ///     coefficients when they are at least 32 MiB (glibc maps those on top of the heap the splits
  ///     left resident; smaller ones reuse it);
  ///   - the final fit on all samples (ridge models when final α are reported, any model when the
  ///     coefficients are kept): the model's estimate for n samples, its inputs being X and Y
  ///     themselves, coefficients (p×t) stored only when kept (PLS: formed from its factors, p×t).
  public func memoryEstimate(samples n: Int, features p: Int, targets t: Int) -> MemoryEstimate {
    typealias F = RidgeFactorization
    let sizes = crossValidation.splitSizes(sampleCount: n)
    let (splits, ntr, nte) = (sizes.count, sizes.train, sizes.test)
    var results = F.block("scores per split", splits, t)
    var perSplit = F.block("split test targets", nte, t)
    var finalFit: MemoryEstimate? = nil
    let penalties: Bool
    switch model {
    case .ridge(let ridge):
      penalties = true
      var inner = ridge
      inner.crossValidation = ridge.crossValidation.restrictedForEstimate(outer: crossValidation, sampleCount: n)
      inner.storeCoefficients = false
      perSplit = perSplit + inner.memoryEstimate(samples: ntr, features: p, targets: t, newRows: nte)
      var whole = ridge
      whole.storeCoefficients = keepCoefficients
      finalFit = whole.memoryEstimate(samples: n, features: p, targets: t)
    case .ridgeLeaveOneOut(let loo):
      penalties = true
      var inner = loo
      inner.storeCoefficients = false
      perSplit = perSplit + inner.memoryEstimate(samples: ntr, features: p, targets: t, newRows: nte)
      var whole = loo
      whole.storeCoefficients = keepCoefficients
      finalFit = whole.memoryEstimate(samples: n, features: p, targets: t)
    case .bandedRidge(let banded):
      penalties = true
      var inner = banded
      inner.crossValidation = banded.crossValidation.restrictedForEstimate(outer: crossValidation, sampleCount: n)
      inner.storeCoefficients = false
      perSplit = perSplit + inner.memoryEstimate(samples: ntr, features: p, targets: t, newRows: nte)
      perSplit.add("split R²: centred test targets, summed band parts", rows: 3 * nte, columns: t)
      results.add("band score sums and counts", rows: 2 * banded.bands.count, columns: t)
      var whole = banded
      whole.storeCoefficients = keepCoefficients
      finalFit = whole.memoryEstimate(samples: n, features: p, targets: t)
    case .pls(let pls):
      penalties = false
      perSplit = perSplit + pls.memoryEstimate(samples: ntr, features: p, targets: t)
      perSplit.add("centred X_test", rows: nte, columns: p)
      perSplit.add("test predictions and their shifted copy", rows: 2 * nte, columns: t)
      if keepCoefficients {
        var whole = pls.memoryEstimate(samples: n, features: p, targets: t)
        whole.add("coefficients", rows: p, columns: t)
        finalFit = whole
      }
    }
    if penalties { results.add("α per split", rows: splits, columns: t) }
    if keepPredictions { results.add("held-out predictions", rows: n, columns: t) }
    var inputs = MemoryEstimate()
    inputs.add("X", rows: n, columns: p)
    inputs.add("Y", rows: n, columns: t)
    let coefficients = keepCoefficients ? F.block("final coefficients", p, t) : MemoryEstimate()
    var phases = [inputs + perSplit + F.mapped(coefficients)]
    if let finalFit, keepCoefficients || (reportFinalAlphas && penalties) { phases.append(finalFit) }
    return results + MemoryEstimate.peak(phases)
  }
}
