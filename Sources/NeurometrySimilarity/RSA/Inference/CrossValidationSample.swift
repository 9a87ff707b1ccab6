import NeurometryLinearAlgebra

/// The data one cross-validation runs on: all data RDMs (`crossval`) or a bootstrap sample of
/// them, with each row's original RDM index and each column's original condition index.
///
/// A bootstrap sample keeps its RDMs in the order drawn and its conditions sorted by original
/// index, the pair of two copies of one condition missing (rsatoolbox `subsample`,
/// `subsample_pattern`). A fold names original indices and takes every copy of each: rows in the
/// order of the fold's list, columns in sample order (rsatoolbox `subsample`, `subset_pattern`).
struct CrossValidationSample: Sendable {
  let data: RDMs
  let rdmIDs: [Int]
  let conditionIDs: [Int]

  /// The sample of `data` that `sample` names (nil indices: all, once).
  init(_ data: RDMs, sample: BootstrapSample = BootstrapSample()) {
    var d = data
    if let r = sample.rdms { d = d.selecting(r) }
    let columns = sample.conditions?.sorted() ?? Array(0..<data.conditionCount)
    if sample.conditions != nil { d = d.selectingConditions(columns) }
    self.data = d
    rdmIDs = sample.rdms ?? Array(0..<data.count)
    conditionIDs = columns
  }

  /// Rows of the RDMs named by `ids` (every copy; in the order of `ids`).
  func rows(_ ids: [Int]) -> [Int] {
    ids.flatMap { id in rdmIDs.indices.filter { rdmIDs[$0] == id } }
  }

  /// Columns of the conditions named by `ids` (every copy; in sample order).
  func columns(_ ids: [Int]) -> [Int] {
    let set = Set(ids)
    return conditionIDs.indices.filter { set.contains(conditionIDs[$0]) }
  }

  /// The RDMs at `rows` and `columns`.
  func subset(rows: [Int], columns: [Int]) -> RDMs {
    data.selecting(rows).selectingConditions(columns)
  }

  /// One RDM vector over all the sample's conditions, restricted to `columns`, labelled as
  /// `like` (which must be over those columns).
  func restricted(_ vector: [Double], columns: [Int], like: RDMs) -> RDMs {
    let full = RDMs(
      unchecked: Matrix(rows: 1, columns: vector.count, elements: vector), conditions: data.conditions,
      measure: data.measure, rdmDescriptors: [:], descriptors: [:], warnings: [])
    return full.selectingConditions(columns).relabelled(like.conditions)
  }

  /// Checks that `fold` names RDMs and conditions of the sample and leaves enough data in its
  /// training and test sets: at least one RDM each and at least 3 distinct conditions each.
  func check(_ fold: CrossValidationFold, index f: Int, context: String) throws {
    let rdmSet = Set(rdmIDs)
    let conditionSet = Set(conditionIDs)
    for (name, ids) in [("training", fold.trainRDMs), ("test", fold.testRDMs), ("ceiling", fold.ceilingRDMs ?? [])] {
      if let bad = ids.first(where: { !rdmSet.contains($0) }) {
        throw NeurometryError.invalidInput(
          context: context,
          message: "fold \(f): the \(name) set names RDM \(bad), which is not in the data (\(data.count) RDMs)")
      }
    }
    for (name, ids) in [("training", fold.trainConditions), ("test", fold.testConditions)] {
      if let bad = ids.first(where: { !conditionSet.contains($0) }) {
        throw NeurometryError.invalidInput(
          context: context,
          message:
            "fold \(f): the \(name) set names condition \(bad), which is not in the data (\(data.conditionCount) conditions)"
        )
      }
    }
    if fold.trainRDMs.isEmpty || fold.testRDMs.isEmpty || fold.ceilingRDMs?.isEmpty == true {
      let which = fold.trainRDMs.isEmpty ? "training" : fold.testRDMs.isEmpty ? "test" : "ceiling"
      throw NeurometryError.invalidInput(context: context, message: "fold \(f): the \(which) set has no RDMs")
    }
    for (name, ids) in [("training", fold.trainConditions), ("test", fold.testConditions)] {
      let distinct = Set(ids).count
      if distinct < 3 {
        throw NeurometryError.invalidInput(
          context: context,
          message:
            "fold \(f): the \(name) set has \(distinct) condition\(distinct == 1 ? "" : "s"); comparing RDMs needs at least 3"
        )
      }
    }
  }

  /// Fits each model to the fold's training set and scores it on the test set: returns the
  /// mean comparison per model and the fitted θ per model.
  func evaluate(
    _ fold: CrossValidationFold, models: [RSAModel], fitters: [RSAModelFitter], comparison: RDMComparison
  ) throws -> (evaluations: [Double], parameters: [[Double]]) {
    let trainColumns = columns(fold.trainConditions)
    let testColumns = columns(fold.testConditions)
    let train = subset(rows: rows(fold.trainRDMs), columns: trainColumns)
    let test = subset(rows: rows(fold.testRDMs), columns: testColumns)
    var evaluations: [Double] = []
    var parameters: [[Double]] = []
    for (model, fitter) in zip(models, fitters) {
      let local = try RSAModel(
        name: model.name, kind: model.kind,
        rdms: model.rdms.selectingConditions(trainColumns.map { conditionIDs[$0] }).relabelled(train.conditions))
      let theta = try fitter.fit(local, to: train)
      let prediction = try model.predictRDMs(theta).selectingConditions(testColumns.map { conditionIDs[$0] })
        .relabelled(test.conditions)
      let values = try comparison.compare(prediction, test).values.elements
      evaluations.append(values.reduce(0, +) / Double(values.count))
      parameters.append(theta)
    }
    return (evaluations, parameters)
  }

  /// The fold's noise ceiling (rsatoolbox `cv_noise_ceiling` for one fold): lower — the pool of
  /// the ceiling RDMs at the test conditions against each test RDM; upper — the pool of all the
  /// sample's RDMs over all its conditions (`pooledAll`), restricted to the test conditions,
  /// against each test RDM; means over the test RDMs. Without ceiling RDMs: `NoiseCeiling` of all
  /// RDMs at the test conditions (RDM copies kept together).
  func ceiling(_ fold: CrossValidationFold, comparison: RDMComparison, pooledAll: [Double]) throws -> NoiseCeiling {
    let testColumns = columns(fold.testConditions)
    guard let ceilingRDMs = fold.ceilingRDMs else {
      return try NoiseCeiling.compute(
        data.selectingConditions(testColumns), comparison: comparison, groups: rdmIDs.map(String.init))
    }
    let test = subset(rows: rows(fold.testRDMs), columns: testColumns)
    let ceilingData = subset(rows: rows(ceilingRDMs), columns: testColumns)
    let c = comparison.comparator
    let pooled = try RDMPooling.pool(ceilingData, for: c)
    let lowerPrediction = RDMs(
      unchecked: Matrix(rows: 1, columns: pooled.count, elements: pooled), conditions: test.conditions,
      measure: test.measure, rdmDescriptors: [:], descriptors: [:], warnings: [])
    let upperPrediction = restricted(pooledAll, columns: testColumns, like: test)
    let lower = try comparison.compare(lowerPrediction, test).values.elements
    let upper = try comparison.compare(upperPrediction, test).values.elements
    return NoiseCeiling(
      lower: lower.reduce(0, +) / Double(lower.count), upper: upper.reduce(0, +) / Double(upper.count))
  }
}
