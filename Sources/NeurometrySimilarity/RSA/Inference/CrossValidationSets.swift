import NeurometryLinearAlgebra

/// Builders of cross-validation folds (rsatoolbox `inference.crossvalsets`).
///
/// Splitting `order` (distinct indices, already in assignment order) into k groups follows
/// rsatoolbox: with s = ⌊n/k⌋ and e = n mod k, group g holds order[g·s ..< (g+1)·s] and, for
/// g < e, also order[n − 1 − g]. Its training set is the rest (for k = 1 the training set is the
/// test set: no cross-validation along that dimension). The random variants shuffle `order` first
/// (rsatoolbox `random=True`); here the caller passes the shuffled order, or a seed whose
/// `RandomStream` draws the permutations (not numpy's: pass numpy's orders to reproduce a run).
public enum CrossValidationSets {
  /// Groups of `order` for k folds (see the type's documentation).
  public static func groups(_ order: [Int], k: Int, context: String = "cross-validation") throws -> [[Int]] {
    let n = order.count
    guard k >= 1 else {
      throw NeurometryError.invalidInput(context: context, message: "needs at least 1 fold, found \(k)")
    }
    guard k <= n else {
      throw NeurometryError.invalidInput(context: context, message: "cannot make \(k) folds of \(n) items")
    }
    guard Set(order).count == n else {
      throw NeurometryError.invalidInput(context: context, message: "the order \(order) repeats an index")
    }
    let size = n / k
    let extra = n % k
    return (0..<k).map { g in
      Array(order[(g * size)..<((g + 1) * size)]) + (g < extra ? [order[n - 1 - g]] : [])
    }
  }

  /// The rest of `order` after removing `test` (sorted, as numpy's `setdiff1d`); all of it for k = 1.
  static func complement(_ order: [Int], _ test: [Int], k: Int) -> [Int] {
    if k <= 1 { return test }
    let t = Set(test)
    return order.filter { !t.contains($0) }.sorted()
  }

  /// k_rdm × k_pattern folds (rsatoolbox `sets_k_fold`): the RDMs in `rdmOrder` split into
  /// `kRDM` groups; for RDM group g the conditions in `conditionOrders[g]` (one order per RDM
  /// group, as rsatoolbox shuffles them anew for each) split into `kPattern` groups. A fold's
  /// model is fitted to the other RDM groups at the other condition groups and tested on its RDM
  /// group at its condition group; its ceiling pools the training RDMs at the test conditions.
  public static func kFold(rdmOrder: [Int], conditionOrders: [[Int]], kRDM: Int, kPattern: Int) throws
    -> [CrossValidationFold]
  {
    let context = "k-fold sets"
    let rdmGroups = try groups(rdmOrder, k: kRDM, context: context + " (RDMs)")
    guard conditionOrders.count == kRDM else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "\(conditionOrders.count) condition orders for \(kRDM) RDM folds")
    }
    var folds: [CrossValidationFold] = []
    for (g, testRDMs) in rdmGroups.enumerated() {
      let trainRDMs = complement(rdmOrder, testRDMs, k: kRDM)
      let conditionGroups = try groups(conditionOrders[g], k: kPattern, context: context + " (conditions)")
      for testConditions in conditionGroups {
        folds.append(
          CrossValidationFold(
            trainRDMs: trainRDMs, testRDMs: testRDMs,
            trainConditions: complement(conditionOrders[g], testConditions, k: kPattern),
            testConditions: testConditions, ceilingRDMs: trainRDMs))
      }
    }
    return folds
  }

  /// `kFold` over RDMs 0..<rdms and conditions 0..<conditions, in order (`random=False`) or
  /// shuffled by `RandomStream(seed: seed, stream: stream)` (the RDM order first, then one
  /// condition order per RDM group).
  public static func kFold(
    rdms: Int, conditions: Int, kRDM: Int, kPattern: Int, seed: UInt64? = nil, stream: UInt64 = 0
  ) throws -> [CrossValidationFold] {
    var g = seed.map { RandomStream(seed: $0, stream: stream) }
    return try kFold(
      rdmIDs: Array(0..<rdms), conditionIDs: Array(0..<conditions), kRDM: kRDM, kPattern: kPattern, random: &g)
  }

  /// `kFold` of distinct RDM and condition indices, shuffled when a generator is given.
  static func kFold(rdmIDs: [Int], conditionIDs: [Int], kRDM: Int, kPattern: Int, random: inout RandomStream?)
    throws -> [CrossValidationFold]
  {
    func shuffled(_ v: [Int]) -> [Int] {
      guard var g = random else { return v }
      let p = g.permutation(v.count)
      random = g
      return p.map { v[$0] }
    }
    let rdmOrder = shuffled(rdmIDs)
    var conditionOrders: [[Int]] = []
    for _ in 0..<Swift.max(kRDM, 0) { conditionOrders.append(shuffled(conditionIDs)) }
    return try kFold(rdmOrder: rdmOrder, conditionOrders: conditionOrders, kRDM: kRDM, kPattern: kPattern)
  }

  /// Folds over RDMs only (rsatoolbox `sets_k_fold_rdm`): all conditions in training and test;
  /// the ceiling pools the training RDMs.
  public static func kFoldRDM(rdmOrder: [Int], k: Int, conditions: Int) throws -> [CrossValidationFold] {
    let all = Array(0..<conditions)
    return try groups(rdmOrder, k: k, context: "k-fold sets (RDMs)").map { test in
      let train = complement(rdmOrder, test, k: Swift.max(k, 2))
      return CrossValidationFold(
        trainRDMs: train, testRDMs: test, trainConditions: all, testConditions: all, ceilingRDMs: train)
    }
  }

  /// Folds over conditions only (rsatoolbox `sets_k_fold_pattern`): all RDMs in training and
  /// test; no separate ceiling set (a leave-one-RDM-out ceiling at the test conditions).
  public static func kFoldPattern(conditionOrder: [Int], k: Int, rdms: Int) throws -> [CrossValidationFold] {
    let all = Array(0..<rdms)
    return try groups(conditionOrder, k: k, context: "k-fold sets (conditions)").map { test in
      CrossValidationFold(
        trainRDMs: all, testRDMs: all, trainConditions: complement(conditionOrder, test, k: k), testConditions: test,
        ceilingRDMs: nil)
    }
  }

  /// Groups of k RDMs (rsatoolbox `sets_of_k_rdm`): ⌊n/k⌋ folds of `kFoldRDM`; needs k ≤ n/2.
  /// (rsatoolbox 0.3.2 passes `k=` to `sets_k_fold_rdm`, whose parameter is `k_rdm`, and fails with
  /// a TypeError; this is the intended behaviour.)
  public static func ofKRDM(rdmOrder: [Int], k: Int, conditions: Int) throws -> [CrossValidationFold] {
    guard k >= 1, 2 * k <= rdmOrder.count else {
      throw NeurometryError.invalidInput(
        context: "sets of k RDMs",
        message: "groups of \(k) need at least \(2 * Swift.max(k, 1)) RDMs, found \(rdmOrder.count)")
    }
    return try kFoldRDM(rdmOrder: rdmOrder, k: rdmOrder.count / k, conditions: conditions)
  }

  /// Groups of k conditions (rsatoolbox `sets_of_k_pattern`): ⌊n/k⌋ folds of `kFoldPattern`;
  /// needs k ≤ n/2.
  public static func ofKPattern(conditionOrder: [Int], k: Int, rdms: Int) throws -> [CrossValidationFold] {
    guard k >= 1, 2 * k <= conditionOrder.count else {
      throw NeurometryError.invalidInput(
        context: "sets of k conditions",
        message: "groups of \(k) need at least \(2 * Swift.max(k, 1)) conditions, found \(conditionOrder.count)")
    }
    return try kFoldPattern(conditionOrder: conditionOrder, k: conditionOrder.count / k, rdms: rdms)
  }

  /// Leave one group of conditions out (rsatoolbox `sets_leave_one_out_pattern`): `groups[i]` is
  /// condition i's group; each distinct group in turn is the test set, all RDMs train and test,
  /// and the ceiling pools all RDMs. Only sensible with groups of at least 3 conditions.
  public static func leaveOneOutPattern(groups labels: [Int], rdms: Int) -> [CrossValidationFold] {
    let all = Array(0..<rdms)
    return Array(Set(labels)).sorted().map { g in
      CrossValidationFold(
        trainRDMs: all, testRDMs: all, trainConditions: labels.indices.filter { labels[$0] != g },
        testConditions: labels.indices.filter { labels[$0] == g }, ceilingRDMs: all)
    }
  }

  /// Leave one group of RDMs out (rsatoolbox `sets_leave_one_out_rdm`): `groups[r]` is RDM r's
  /// group (e.g. its subject); each group in turn is the test set, all conditions in training and
  /// test, the ceiling pools the training RDMs. With one group: training = test = all.
  public static func leaveOneOutRDM(groups labels: [Int], conditions: Int) -> [CrossValidationFold] {
    let all = Array(0..<conditions)
    let distinct = Array(Set(labels)).sorted()
    if distinct.count <= 1 {
      let r = Array(labels.indices)
      return [
        CrossValidationFold(trainRDMs: r, testRDMs: r, trainConditions: all, testConditions: all, ceilingRDMs: r)
      ]
    }
    return distinct.map { g in
      let train = labels.indices.filter { labels[$0] != g }
      return CrossValidationFold(
        trainRDMs: train, testRDMs: labels.indices.filter { labels[$0] == g }, trainConditions: all,
        testConditions: all, ceilingRDMs: train)
    }
  }

  /// rsatoolbox's default number of condition folds (`default_k_pattern`): 2 below 12
  /// conditions, 3 below 24, 4 below 40, else 5. Bootstrap cross-validation applies it to the
  /// expected number of distinct conditions in a sample, (1 − 1/e)·n.
  public static func defaultKPattern(_ n: Double) -> Int {
    n < 12 ? 2 : n < 24 ? 3 : n < 40 ? 4 : 5
  }

  /// rsatoolbox's default number of RDM folds (`default_k_rdm`): 2 below 6 RDMs, 3 below 12, 4
  /// below 20, else 5.
  public static func defaultKRDM(_ n: Double) -> Int {
    n < 6 ? 2 : n < 12 ? 3 : n < 20 ? 4 : 5
  }
}
