import NeurometryData
import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometrySimilarity

/// Cross-validated ridge encoding of every region's channels from every layer.
///
/// For each layer, one `CrossValidatedEncoding` predicts all channels of all regions and subjects
/// at once (ridge picks α per channel, so fitting them together equals fitting them apart, and the
/// layer's factorisations are shared): `folds` shuffled K-fold outer splits (seeded by the study),
/// α per channel from `alphas` by an inner `innerFolds`-fold search in each training set. Each
/// stimulus is predicted once, by the model fitted without it. A channel's score is the Pearson r
/// between its held-out predictions and its responses over all stimuli; a subject's score is the
/// mean over its channels (constant channels, whose r is undefined, left out); a region's the mean
/// over subjects.
///
/// Bootstrap: the held-out predictions are resampled, not refitted (stimuli drawn with replacement,
/// the same draws as the other measures): r per channel on the drawn rows, computed for all samples
/// at once from count-weighted sums — with W the samples × stimuli counts, the five products
/// W·[y, p, y², p², y∘p] (one GEMM each on centred columns) give every sample's r.
///
/// - Complexity: per layer, the ridge fits (`RidgeCV`) plus O(B·n·T) for the bootstrap (GEMM).
struct EncodingStudyMeasure {
  let measure: EncodingMeasure
  let seed: UInt64

  /// The cross-validated ridge of every layer: shuffled K-fold outer splits seeded by the study,
  /// inner K-fold α search, held-out predictions kept.
  var evaluation: CrossValidatedEncoding {
    var evaluation = CrossValidatedEncoding(
      model: .ridge(RidgeCV(alphas: measure.alphas, crossValidation: .kFold(folds: measure.innerFolds))),
      crossValidation: .shuffledKFold(folds: measure.folds, seed: UInt32(truncatingIfNeeded: seed)), score: .pearson,
      reportFinalAlphas: false)
    evaluation.keepPredictions = true
    return evaluation
  }

  /// Scores of every layer for every region of `data`, with each region's `samples`.
  func run(
    _ data: StudyData, samples: [[BootstrapSample]], layerDone: (Int) -> Void
  ) throws -> [LayerScores] {
    let n = data.stimuli.count
    // Column blocks of Y: (region, subject) → range.
    var blocks: [[Range<Int>]] = []
    var columns: [Matrix] = []
    var start = 0
    for region in data.regions {
      var ranges: [Range<Int>] = []
      for m in region.means {
        ranges.append(start..<(start + m.columns))
        start += m.columns
        columns.append(m)
      }
      blocks.append(ranges)
    }
    let y = Matrix.horizontalConcatenation(columns)
    let (yc, _) = y.centeringColumns()
    let evaluation = self.evaluation
    // Per region: counts matrix of its samples (B × n), and which samples are valid.
    let counts = samples.map { regionSamples in
      Matrix(rows: regionSamples.count, columns: n).filling(regionSamples, n: n)
    }
    let countsY = counts.map { w in (gemm(w, yc), gemm(w, yc.map { $0 * $0 })) }
    var perLayer: [[(point: [Double], samples: [Double])]] = []  // layer → region → (per subject, per sample)
    for (l, layer) in data.layers.enumerated() {
      let fit = try evaluation.evaluate(layer.matrix, y)
      guard let predictions = fit.heldOutPredictions else {
        throw NeurometryError.invalidInput(context: "encoding", message: "the evaluation kept no predictions")
      }
      let r = try EncodingScore.pearson.values(truth: y, predictions: predictions)
      let (pc, _) = predictions.centeringColumns()
      let p2 = pc.map { $0 * $0 }
      var yp = pc
      yc.withUnsafeBufferPointer { a in
        yp.withUnsafeMutableBufferPointer { b in for k in 0..<b.count { b[k] *= a[k] } }
      }
      var regions: [(point: [Double], samples: [Double])] = []
      for (g, ranges) in blocks.enumerated() {
        let w = counts[g]
        let (sy, syy) = countsY[g]
        let (sp, spp, syp) = (gemm(w, pc), gemm(w, p2), gemm(w, yp))
        let total = Double(n)
        let point = ranges.map { Self.meanDefined(Array(r[$0])) }
        let regionSamples = samples[g]
        let values = (0..<regionSamples.count).map { b -> Double in
          let s = regionSamples[b]
          if Set(s.conditions ?? Array(0..<n)).count < 3 { return .nan }
          let perSubject = ranges.map { range -> Double in
            Self.meanDefined(
              range.map { j in
                let cov = syp[b, j] - sy[b, j] * sp[b, j] / total
                let vy = syy[b, j] - sy[b, j] * sy[b, j] / total
                let vp = spp[b, j] - sp[b, j] * sp[b, j] / total
                return vy > 0 && vp > 0 ? cov / (vy * vp).squareRoot() : .nan
              })
          }
          let drawn = s.rdms ?? Array(ranges.indices)
          return drawn.map { perSubject[$0] }.reduce(0, +) / Double(drawn.count)
        }
        regions.append((point, values))
      }
      perLayer.append(regions)
      layerDone(l)
    }
    return try data.regions.enumerated().map { g, region in
      let scores = perLayer.map { $0[g].point.reduce(0, +) / Double($0[g].point.count) }
      let b = samples[g].count
      let m = Matrix(rows: b, columns: data.layers.count) { s, l in perLayer[l][g].samples[s] }
      return LayerScores(
        scores: scores, samples: m, ceiling: try ceiling(region, order: data.stimuli),
        resampling: region.subjects.count > 1 ? "stimuli+subjects" : "stimuli")
    }
  }

  /// Mean of the non-NaN values (NaN when none).
  static func meanDefined(_ v: [Double]) -> Double {
    let d = v.filter { !$0.isNaN }
    return d.isEmpty ? .nan : d.reduce(0, +) / Double(d.count)
  }

  /// Mean over subjects of the mean over channels of √ρⱼ, ρⱼ the channel's Spearman–Brown-corrected
  /// split-half reliability (`SplitHalfReliability`, negative ρ counted as 0).
  func ceiling(_ region: StudyData.Region, order: [String]) throws -> Ceiling? {
    var each: [Double] = []
    for s in region.subjects {
      guard let reps = s.repetitions(order: order) else { continue }
      let rho = try SplitHalfReliability().estimate(reps.matrices, source: "\(region.name) (\(s.subject))").perTarget
      let defined = rho.filter { !$0.isNaN }
      guard !defined.isEmpty else { continue }
      each.append(defined.map { Swift.max($0, 0).squareRoot() }.reduce(0, +) / Double(defined.count))
    }
    guard !each.isEmpty else { return nil }
    let c = each.reduce(0, +) / Double(each.count)
    return Ceiling(lower: c, upper: c, method: "split-half")
  }
}

extension Matrix {
  /// Row b counts how often each stimulus appears in sample b (all once when it draws none).
  fileprivate func filling(_ samples: [BootstrapSample], n: Int) -> Matrix {
    var m = self
    for (b, s) in samples.enumerated() {
      for i in s.conditions ?? Array(0..<n) { m[b, i] += 1 }
    }
    return m
  }
}
