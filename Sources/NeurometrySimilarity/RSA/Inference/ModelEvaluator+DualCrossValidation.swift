import Foundation
import NeurometryLinearAlgebra

/// The dual bootstrap of fitted models (rsatoolbox `eval_dual_bootstrap` with k_rdm or k_pattern
/// above 1; Schütt et al. 2023, eLife 12:e82566).
///
/// Each sample b draws subjects and conditions together and is cross-validated three times, as
/// `bootstrapCrossValidate` does: on the sampled subjects and conditions (type 0), on the sampled
/// subjects with all conditions (type 1), and on the sampled conditions with all subjects (type
/// 2), each with its own k-fold sets, n_cv repetitions and cross-validated noise ceiling. A sample
/// is valid for all three types when it holds at least k_rdm distinct subjects and 3·k_pattern
/// distinct conditions. Per type t, the covariance over valid samples of (evaluations, lower,
/// upper) is corrected for the cross-validation's variance, Σₜ = (n_cv·Σₜ,mean − Σₜ,1)/(n_cv − 1)
/// (n_cv > 1), and the three are combined by `ModelEvaluationResult`'s dual formula with n_rdm and
/// n_conditions. A sample's evaluation (and ceiling) is the mean over its folds, repetitions and
/// the three types (rsatoolbox's `get_means`).
///
/// `crossValidation.foldEvaluations` holds, per sample, the three types' blocks in that order,
/// each in (model, fold, repetition) order; `noiseCeilings` the three types' (lower bounds of the
/// repetitions, upper bounds). Seeded runs draw sample b, then per repetition the folds of types
/// 0, 1, 2 from `RandomStream(seed: seed, stream: b)` (rsatoolbox's order of draws). With k_rdm =
/// k_pattern = 1 rsatoolbox forces n_cv = 1 without correction; the seeded form does the same.
extension ModelEvaluator {
  /// The dual bootstrap of fitted models with `count` seeded samples.
  /// - Complexity: three runs of `bootstrapCrossValidate` over B = `count` samples: 3·B·r·F fold
  ///   evaluations (r repetitions, forced to 1 when k_rdm = k_pattern = 1; F = k_rdm·k_pattern).
  public func dualBootstrapCrossValidate(
    _ models: [RSAModel], data: RDMs, count: Int, seed: UInt64, kRDM: Int = 1, kPattern: Int = 1,
    repetitions: Int = 2, useCorrection: Bool = true, fitters: [RSAModelFitter]? = nil
  ) throws -> ModelEvaluationResult {
    let context = "dual bootstrap crossval"
    try checkFolds(kRDM: kRDM, kPattern: kPattern, repetitions: repetitions, data: data, context: context)
    guard count >= 2 else {
      throw NeurometryError.invalidInput(context: context, message: "needs at least 2 samples, found \(count)")
    }
    let plain = kRDM == 1 && kPattern == 1
    let reps = plain ? 1 : repetitions
    var samples: [BootstrapSample] = []
    var folds: [[[[CrossValidationFold]]]] = []
    for b in 0..<count {
      var g = RandomStream(seed: seed, stream: UInt64(b))
      let s = BootstrapSample.draw(.bootstrapBoth, rdms: data.count, conditions: data.conditionCount, using: &g)
      samples.append(s)
      let (rdmIDs, conditionIDs) = Self.distinct(s, data)
      guard rdmIDs.count >= kRDM, conditionIDs.count >= 3 * kPattern else {
        folds.append([[], [], []])
        continue
      }
      var random: RandomStream? = g
      var byType: [[[CrossValidationFold]]] = [[], [], []]
      let allRDMs = Array(0..<data.count)
      let allConditions = Array(0..<data.conditionCount)
      for _ in 0..<reps {
        for (t, ids) in [(rdmIDs, conditionIDs), (rdmIDs, allConditions), (allRDMs, conditionIDs)].enumerated() {
          byType[t].append(
            try CrossValidationSets.kFold(
              rdmIDs: ids.0, conditionIDs: ids.1, kRDM: kRDM, kPattern: kPattern, random: &random))
        }
      }
      folds.append(byType)
    }
    return try dualBootstrapCrossValidate(
      models, data: data, samples: samples, folds: folds, kRDM: kRDM, kPattern: kPattern,
      useCorrection: useCorrection && !plain, fitters: fitters)
  }

  /// The dual bootstrap of fitted models on given samples (each with subject and condition
  /// indices) and folds: `folds[b][t][i]` are the folds of type t (0 both, 1 subjects, 2
  /// conditions) in repetition i of sample b, in original indices (ignored for invalid samples).
  /// - Complexity: three runs of `bootstrapCrossValidate`, 3·B·r·F fold evaluations for B samples,
  ///   r repetitions and F folds.
  public func dualBootstrapCrossValidate(
    _ models: [RSAModel], data: RDMs, samples: [BootstrapSample], folds: [[[[CrossValidationFold]]]], kRDM: Int,
    kPattern: Int, useCorrection: Bool = true, fitters: [RSAModelFitter]? = nil
  ) throws -> ModelEvaluationResult {
    let context = "dual bootstrap crossval"
    guard samples.allSatisfy({ $0.rdms != nil && $0.conditions != nil }) else {
      throw NeurometryError.invalidInput(context: context, message: "every sample needs RDM and condition indices")
    }
    guard folds.count == samples.count, folds.allSatisfy({ $0.count == 3 }) else {
      throw NeurometryError.shapeMismatch(
        context: context,
        message: "needs three fold lists (both, subjects, conditions) for each of \(samples.count) samples")
    }
    // A sample invalid for the folds is invalid in all three types (rsatoolbox's rule).
    var parts: [ModelEvaluationResult] = []
    for (t, variant) in Self.dualVariants.enumerated() {
      let these = samples.map { s -> BootstrapSample in
        let (r, c) = Self.distinct(s, data)
        return r.count >= kRDM && c.count >= 3 * kPattern ? variant(s) : s
      }
      parts.append(
        try bootstrapCrossValidate(
          models, data: data, scheme: .bootstrapCrossValidation, samples: these, folds: folds.map { $0[t] }, kRDM: kRDM,
          kPattern: kPattern, useCorrection: useCorrection, fitters: fitters))
    }
    let details = parts.compactMap(\.crossValidation)
    let first = details[0]
    return combiningDualParts(
      parts, models: models, data: data, parameters: models.map { _ in [] },
      crossValidation: CrossValidationEvaluations(
        folds: first.folds, repetitions: first.repetitions, kRDM: kRDM, kPattern: kPattern, corrected: first.corrected,
        foldEvaluations: Matrix.horizontalConcatenation(details.map(\.foldEvaluations)),
        noiseCeilings: Matrix.horizontalConcatenation(details.map(\.noiseCeilings)), parameters: nil))
  }
}
