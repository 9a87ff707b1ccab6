import NeurometryLinearAlgebra

/// The kept targets of Y (columns without NaN) in blocks of `size`: block b holds
/// `targets[b·size ..< (b+1)·size]`. The units of a run split by targets (DESIGN.md §7).
public struct EncodingTargetBlocks: Sendable, Equatable {
  /// Kept targets per block (≥ 1).
  public let size: Int
  /// The columns of Y that are fitted (no NaN), increasing.
  public let targets: [Int]

  /// The number of blocks, ⌈targets / size⌉.
  public var count: Int { (targets.count + size - 1) / size }

  /// Positions in `targets` of blocks `blocks` (clamped to the blocks there are).
  public func positions(_ blocks: Range<Int>) -> Range<Int> {
    let start = Swift.min(blocks.lowerBound * size, targets.count)
    return start..<Swift.max(start, Swift.min(blocks.upperBound * size, targets.count))
  }
}

extension CrossValidatedEncoding {
  /// What `evaluate(_:_:names:blocks:)` gives for a range of target blocks, and
  /// `merge(_:_:_:names:)` combines: per fitted target (`columns`), its scores per split, α and band
  /// results, held-out predictions and coefficients as asked for, and the facts the warnings are
  /// written from. Codable, so a shard can write it (`PartialResult`).
  public struct Partial: Sendable, Codable {
    /// The number of columns of Y.
    public let targetCount: Int
    /// Kept targets per block.
    public let blockSize: Int
    /// The blocks evaluated.
    public let blocks: Range<Int>
    /// The columns of Y fitted here, increasing (b of them).
    public let columns: [Int]
    /// Held-out score per split and target (S × b).
    public let splitScores: Matrix
    /// α chosen inside each training set (S × b; ridge models).
    public let splitAlphas: Matrix?
    /// Banded ridge: each band's mean share of the held-out R² (bands × b).
    public let bandScores: Matrix?
    /// The final model's α (b; when reported).
    public let alphas: [Double]?
    /// Banded ridge: the final model's α/γ_b (bands × b; when reported).
    public let bandAlphas: Matrix?
    /// Held-out predictions (n × b; when kept).
    public let heldOutPredictions: Matrix?
    /// Coefficients of the refit on all samples (p × b; when kept).
    public let coefficients: Matrix?
    /// Intercepts of that refit (b; when coefficients are kept).
    public let intercepts: [Double]?
    /// Split scores that were NaN for targets not constant over all samples.
    public let nanSplitScores: Int
    /// Per split, what the model's fit found about these targets (columns of Y).
    public let splitNotes: [TargetNotes]
  }

  /// Kept targets per block: `targetBlock` when set; otherwise, for ridge models, the target batch
  /// the model would choose for its largest fit (`RidgeCV.automaticBatch` for n_alphas·n rows per
  /// target within the model's memory budget, or the model's own `targetBatchSize`), and for PLS
  /// all targets in one block (its components are fitted to all targets together, so PLS does not
  /// split by target).
  public func targetBlockSize(samples n: Int, targets t: Int) -> Int {
    let batch: Int
    switch model {
    case .ridge(let m):
      batch =
        m.targetBatchSize ?? RidgeCV.automaticBatch(budget: m.memoryBudgetBytes, rowsPerTarget: m.alphas.count * n)
    case .ridgeLeaveOneOut(let m):
      batch =
        m.targetBatchSize ?? RidgeCV.automaticBatch(budget: m.memoryBudgetBytes, rowsPerTarget: m.alphas.count * n)
    case .bandedRidge(let m):
      batch =
        m.targetBatchSize ?? RidgeCV.automaticBatch(budget: m.memoryBudgetBytes, rowsPerTarget: m.alphas.count * n)
    case .pls:
      return Swift.max(t, 1)
    }
    return Swift.max(targetBlock ?? batch, 1)
  }

  /// The target blocks of (X, Y): Y's columns without NaN (all of them unless `nanTargets` is
  /// `.drop`) in blocks of `targetBlockSize(samples:targets:)`. Throws what `evaluate` would for
  /// invalid inputs.
  public func targetBlocks(
    _ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames()
  ) throws -> EncodingTargetBlocks {
    let problem = try EncodingProblem(x: x, y: y, names: names, nanTargets: nanTargets, context: "encode")
    return EncodingTargetBlocks(size: targetBlockSize(samples: x.rows, targets: y.columns), targets: problem.kept)
  }

  /// The evaluation of target blocks `blocks` (of `targetBlocks(_:_:names:)`) only: every split's
  /// fit of those targets, exactly as the whole evaluation fits them (each model processes its
  /// targets in batches of the block size, so a target's every product is the same whichever
  /// blocks share the fit). An empty range fits nothing.
  ///
  /// - Complexity: as `evaluate(_:_:names:)` for the blocks' targets.
  public func evaluate(
    _ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames(), blocks: Range<Int>
  ) throws -> Partial {
    try evaluate(
      try EncodingProblem(x: x, y: y, names: names, nanTargets: nanTargets, context: "encode"), names: names,
      blocks: blocks)
  }

  /// `evaluate(_:_:names:blocks:)` of checked inputs.
  func evaluate(_ problem: EncodingProblem, names: EncodingInputNames, blocks: Range<Int>) throws -> Partial {
    let x = problem.x
    let n = x.rows
    let p = x.columns
    let size = targetBlockSize(samples: n, targets: problem.targetCount)
    let all = EncodingTargetBlocks(size: size, targets: problem.kept)
    let positions = all.positions(blocks)
    let columns = Array(problem.kept[positions])
    let b = columns.count
    let splits = try crossValidation.splits(sampleCount: n)
    if keepPredictions { try requireSingleTests(splits) }
    let penalties = model.choosesPenalties
    let bands = model.bandCount
    var splitScores = Matrix(rows: splits.count, columns: b)
    var splitAlphas = penalties ? Matrix(rows: splits.count, columns: b, repeating: .nan) : nil
    var bandSums = bands.map { Matrix(rows: $0, columns: b) }
    var bandCounts = bands.map { Matrix(rows: $0, columns: b) }
    var heldOut = keepPredictions ? Matrix(rows: n, columns: b, repeating: .nan) : nil
    var splitNotes = [TargetNotes](repeating: TargetNotes(), count: splits.count)
    // The block's targets: problem.y itself when they are all of its columns (no copy).
    let yBlock =
      positions.count == problem.y.columns ? problem.y : problem.y.gathering(rows: Array(0..<n), columns: positions)
    let constant = problem.constant.filter { positions.contains($0) }.map { $0 - positions.lowerBound }
    for (s, split) in splits.enumerated() where b > 0 {
      let yTest = yBlock.gathering(rows: split.test, columns: 0..<b)
      let outcome = try model.fitPredict(
        xTrain: x.gathering(rows: split.train, columns: 0..<p),
        yTrain: yBlock.gathering(rows: split.train, columns: 0..<b),
        xTest: x.gathering(rows: split.test, columns: 0..<p), yTest: yTest, trainRows: split.train, names: names,
        batch: size)
      if let parts = outcome.bandParts {
        for band in 0..<parts.rows {
          for j in 0..<b where !parts[band, j].isNaN {
            bandSums?[band, j] += parts[band, j]
            bandCounts?[band, j] += 1
          }
        }
      }
      if heldOut != nil {
        for (r, i) in split.test.enumerated() {
          for j in 0..<b { heldOut?[i, j] = outcome.predictions[r, j] }
        }
      }
      let values = try score.values(truth: yTest, predictions: outcome.predictions)
      for j in 0..<b { splitScores[s, j] = values[j] }
      if let alphas = outcome.alphas {
        for j in 0..<b { splitAlphas?[s, j] = alphas[j] }
      }
      splitNotes[s] = outcome.notes.mapped(to: columns)
    }
    let isConstant = Set(constant)
    var nanSplitScores = 0
    for j in 0..<b where !isConstant.contains(j) {
      for s in 0..<splits.count where splitScores[s, j].isNaN { nanSplitScores += 1 }
    }
    var bandScores: Matrix? = nil
    if let sums = bandSums, let counts = bandCounts {
      var m = Matrix(rows: sums.rows, columns: b, repeating: .nan)
      for band in 0..<sums.rows {
        for j in 0..<b where counts[band, j] > 0 && !isConstant.contains(j) {
          m[band, j] = sums[band, j] / counts[band, j]
        }
      }
      bandScores = m
    }
    var final: EncodingModel.FinalFit? = nil
    let finalAlphas = reportFinalAlphas && penalties
    if b > 0 && (keepCoefficients || finalAlphas) {
      final = try model.finalFit(x, yBlock, names: names, coefficients: keepCoefficients, batch: size)
    }
    func empty(_ rows: Int) -> Matrix { Matrix(rows: rows, columns: 0) }
    return Partial(
      targetCount: problem.targetCount, blockSize: size, blocks: blocks, columns: columns, splitScores: splitScores,
      splitAlphas: splitAlphas,
      bandScores: bands.map { bandScores ?? empty($0) },
      alphas: finalAlphas ? (final?.alphas ?? []) : nil,
      bandAlphas: finalAlphas ? bands.map { final?.bandAlphas ?? empty($0) } : nil,
      heldOutPredictions: heldOut,
      coefficients: keepCoefficients ? (final?.coefficients ?? empty(p)) : nil,
      intercepts: keepCoefficients ? (final?.intercepts ?? []) : nil, nanSplitScores: nanSplitScores,
      splitNotes: splitNotes)
  }

  /// The evaluation of all targets from the partial evaluations of blocks that cover them
  /// (`evaluate(_:_:names:blocks:)` on the same X and Y with the same options, in block order):
  /// equal bit for bit to `evaluate(_:_:names:)`. Warnings are written once from the combined
  /// notes. Throws when the partials do not cover Y's targets exactly once, in order.
  ///
  /// - Complexity: O(n·t) to check Y again and O(S·t) (plus the kept predictions and coefficients)
  ///   to place the blocks.
  public func merge(
    _ partials: [Partial], _ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames()
  ) throws -> EncodingEvaluation {
    try merge(
      partials, try EncodingProblem(x: x, y: y, names: names, nanTargets: nanTargets, context: "encode"), names: names)
  }

  /// `merge(_:_:_:names:)` with checked inputs.
  func merge(_ partials: [Partial], _ problem: EncodingProblem, names: EncodingInputNames) throws -> EncodingEvaluation
  {
    let (n, p, t) = (problem.x.rows, problem.x.columns, problem.targetCount)
    let splits = try crossValidation.splits(sampleCount: n)
    let columns = partials.flatMap(\.columns)
    guard partials.allSatisfy({ $0.targetCount == t && $0.splitScores.rows == splits.count }),
      columns == problem.kept
    else {
      throw NeurometryError.invalidInput(
        context: "encode (merge)",
        message:
          "the partial evaluations fit \(columns.count.grouped) targets of \(names.y) but it has \(problem.kept.count.grouped) to fit (\(t.grouped) columns): they are not the blocks of one run on these inputs"
      )
    }
    let isConstant = Set(problem.constant.map { problem.kept[$0] })
    let splitScores = Self.placing(partials.map(\.splitScores), columns: columns, rows: splits.count, width: t)
    var scores = [Double](repeating: .nan, count: t)
    for j in columns where !isConstant.contains(j) {
      var sum = 0.0
      var count = 0
      for s in 0..<splits.count where !splitScores[s, j].isNaN {
        sum += splitScores[s, j]
        count += 1
      }
      scores[j] = count > 0 ? sum / Double(count) : .nan
    }
    var evaluationScores = splitScores
    for j in isConstant.sorted() {
      for s in 0..<splits.count { evaluationScores[s, j] = .nan }
    }
    var warnings = problem.warnings
    let nanSplitScores = partials.reduce(0) { $0 + $1.nanSplitScores }
    if nanSplitScores > 0 {
      warnings.append(
        "\(nanSplitScores) split scores were NaN (a target or its prediction constant on a test set) and were left out of the means"
      )
    }
    // The model's warnings per split, from its notes over all blocks; those of every split once.
    var modelWarnings: [String] = []
    for s in splits.indices {
      let notes = TargetNotes.combined(
        partials.map { $0.splitNotes.indices.contains(s) ? $0.splitNotes[s] : TargetNotes() })
      for w in notes.warnings(yName: names.y) where !modelWarnings.contains("split \(s): " + w) {
        modelWarnings.append("split \(s): " + w)
      }
    }
    let perSplit = Dictionary(grouping: modelWarnings) { String($0.drop { $0 != ":" }.dropFirst(2)) }
    for (message, occurrences) in perSplit.sorted(by: { $0.key < $1.key }) where !warnings.contains(message) {
      warnings.append(
        occurrences.count == splits.count ? "in every split: " + message : occurrences.joined(separator: "; "))
    }
    func placed(_ parts: [Matrix?], rows: Int) -> Matrix? {
      let present = parts.compactMap { $0 }
      guard present.count == parts.count, !parts.isEmpty else { return nil }
      return Self.placing(present, columns: columns, rows: rows, width: t)
    }
    func placed(_ parts: [[Double]?]) -> [Double]? {
      placed(parts.map { $0.map { Matrix(rows: 1, columns: $0.count, elements: $0) } }, rows: 1)?.row(0)
    }
    let bands = partials.first?.bandScores?.rows ?? 0
    var evaluation = EncodingEvaluation(
      model: model.name, score: score, crossValidation: crossValidation.summary, splits: splits,
      scores: scores, splitScores: evaluationScores, alphas: placed(partials.map(\.alphas)),
      splitAlphas: placed(partials.map(\.splitAlphas), rows: splits.count),
      bandScores: placed(partials.map(\.bandScores), rows: bands),
      bandAlphas: placed(partials.map(\.bandAlphas), rows: bands), droppedTargets: problem.dropped,
      constantTargets: isConstant.sorted(), warnings: warnings)
    evaluation.heldOutPredictions = placed(partials.map(\.heldOutPredictions), rows: n)
    evaluation.coefficients = placed(partials.map(\.coefficients), rows: p)
    evaluation.intercepts = placed(partials.map(\.intercepts))
    return evaluation
  }

  /// Throws unless every sample is tested at most once (held-out predictions need it).
  func requireSingleTests(_ splits: [CrossValidationSplit]) throws {
    var tested = [Int](repeating: 0, count: splits.map { $0.test.max() ?? -1 }.max().map { $0 + 1 } ?? 0)
    for split in splits { for i in split.test { tested[i] += 1 } }
    if let i = tested.firstIndex(where: { $0 > 1 }) {
      throw NeurometryError.invalidInput(
        context: "encode",
        message:
          "held-out predictions need splits that test each sample at most once, but sample \(i) is tested \(tested[i]) times (\(crossValidation.summary))"
      )
    }
  }

  /// Blocks (rows × their columns' count each) placed at `columns` of a rows × width matrix, NaN
  /// elsewhere; a single block that is already every column is returned as it is.
  static func placing(_ blocks: [Matrix], columns: [Int], rows: Int, width: Int) -> Matrix {
    if blocks.count == 1, columns.count == width { return blocks[0] }
    var out = Matrix(rows: rows, columns: width, repeating: .nan)
    var offset = 0
    for block in blocks {
      let b = block.columns
      out.withUnsafeMutableBufferPointer { o in
        block.withUnsafeBufferPointer { e in
          for i in 0..<rows {
            for c in 0..<b { o[i * width + columns[offset + c]] = e[i * b + c] }
          }
        }
      }
      offset += b
    }
    return out
  }
}
