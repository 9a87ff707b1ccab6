import NeurometryEncoding
import NeurometrySimilarity

/// One measure Neurometry computes: what it is, where it comes from, which command computes it
/// and the parameters it takes (their choices read from the library's own enums, so the list
/// cannot drift from what the code accepts).
public struct MeasureDescription: Sendable, Codable, Equatable {
  /// A parameter, with its choices (when it is a choice) and default.
  public struct Parameter: Sendable, Codable, Equatable {
    /// The parameter's name as the CLI and study files spell it.
    public let name: String
    /// What the parameter does, in one line.
    public let meaning: String
    /// The accepted values, when the parameter is a choice (nil otherwise).
    public let choices: [String]?
    /// The default value as text, when there is one; JSON `default`.
    public let defaultValue: String?
    enum CodingKeys: String, CodingKey { case name, meaning, choices, defaultValue = "default" }

    /// A parameter `name` meaning `meaning`, with its `choices` and `default`, if any.
    public init(_ name: String, _ meaning: String, choices: [String]? = nil, default defaultValue: String? = nil) {
      self.name = name
      self.meaning = meaning
      self.choices = choices
      self.defaultValue = defaultValue
    }
  }

  /// The name the CLI and study files use (`correlation`, `rho-a`, `cka`, …).
  public let name: String
  /// rdm, rdm-comparison, rdm-transform, model-evaluation, cka, shape, stochastic-shape, encoding,
  /// noise, ceiling.
  public let family: String
  /// One line: the formula or definition.
  public let summary: String
  /// The established implementation it is tested against (Docs/validation.md).
  public let reference: String
  /// The command that computes it.
  public let command: String
  /// The parameters the measure takes (empty when it takes none).
  public let parameters: [Parameter]
}

/// Every measure, by family (`neurometry measures`; Docs/validation.md has the tolerances).
public enum MeasureCatalogue {
  /// All measures, in family order.
  public static var all: [MeasureDescription] {
    rdms + comparators + transforms + evaluation + [cka] + shape + encoding + noise + ceilings
  }

  /// The families, in order.
  public static var families: [String] {
    var seen: [String] = []
    for m in all where !seen.contains(m.family) { seen.append(m.family) }
    return seen
  }

  typealias P = MeasureDescription.Parameter

  static func names<T: RawRepresentable & CaseIterable>(_: T.Type) -> [String] where T.RawValue == String {
    T.allCases.map(\.rawValue)
  }

  static var rdms: [MeasureDescription] {
    let summaries: [RDMMethod: String] = [
      .euclidean: "squared Euclidean distance of condition patterns per channel, ‖xᵢ − xⱼ‖²/P",
      .correlation: "1 − Pearson r of condition patterns across channels",
      .mahalanobis: "(xᵢ − xⱼ)ᵀΛ(xᵢ − xⱼ)/P with a noise precision Λ",
      .crossnobis: "cross-validated Mahalanobis over runs, (aᵢ − aⱼ)ᵀΛ(bᵢ − bⱼ)/P averaged over folds (unbiased)",
      .poisson: "symmetrised KL divergence of Poisson rates with a prior",
      .poissonCV: "cross-validated symmetrised KL divergence of Poisson rates",
    ]
    return RDMMethod.allCases.map { method in
      var parameters = [
        P("conditions", "one label per observation; observations of a label are averaged (sorted by the file's type)"),
        P("remove-mean", "subtract each pattern's mean across channels", choices: ["true", "false"], default: "false"),
        P(
          "unbalanced", "the estimator for NaN channels and unequal repetitions", choices: ["true", "false"],
          default: "false"),
      ]
      if method.isCrossValidated { parameters.append(P("runs", "one run label per observation: the folds")) }
      if method.usesNoisePrecision {
        parameters.append(
          P("noise", "a channels × channels noise precision (see `noise`), or runs × P × P for crossnobis"))
      }
      if method == .poisson || method == .poissonCV {
        parameters += [
          P("prior-lambda", "prior rate λ", default: "1"), P("prior-weight", "prior weight w", default: "0.1"),
        ]
      }
      if method == .poissonCV {
        parameters.append(
          P(
            "poisson-folds", "average over folds or rsatoolbox's last fold", choices: names(PoissonCVFolds.self),
            default: PoissonCVFolds.average.rawValue))
      }
      return MeasureDescription(
        name: method.rawValue, family: "rdm", summary: summaries[method] ?? method.measureName,
        reference: "rsatoolbox 0.3.2 calc_rdm / calc_rdm_unbalanced / calc_rdm_movie", command: "rdm",
        parameters: parameters)
    }
  }

  static var comparators: [MeasureDescription] {
    let summaries: [RDMComparator: String] = [
      .cosine: "cosine of the RDM vectors", .corr: "Pearson r of the RDM vectors",
      .spearman: "Pearson r of the average ranks", .rhoA: "Spearman's ρ_A (expected ρ under random tie breaking)",
      .tauA: "Kendall's τ_A, ties count 0", .tauB: "Kendall's τ_B (scipy.stats.kendalltau)",
      .cosineCov: "cosine after whitening by the covariance of distance estimates",
      .corrCov: "correlation after whitening by the covariance of distance estimates",
      .bures: "Bures similarity of the double-centred kernels −½HDH",
      .buresMetric: "squared Bures distance of the kernels",
    ]
    return RDMComparator.allCases.map { c in
      var parameters: [P] = []
      if c == .cosineCov || c == .corrCov {
        parameters = [
          P("sigma", "pattern covariance over conditions (n variances or n × n; default identity)"),
          P(
            "diagonal-whitening", "exact or rsatoolbox's approximate diagonal form",
            choices: names(DiagonalWhitening.self), default: DiagonalWhitening.exact.rawValue),
        ]
      }
      return MeasureDescription(
        name: c.rawValue, family: "rdm-comparison", summary: summaries[c] ?? c.rawValue,
        reference: "rsatoolbox 0.3.2 rdm.compare; scipy.stats for the rank statistics", command: "compare",
        parameters: parameters)
    }
  }

  static var transforms: [MeasureDescription] {
    RDMTransform.Kind.allCases.map { kind in
      var parameters: [P] = []
      if kind == .geoTopological {
        parameters = [
          P("low", "lower quantile level l (required)"), P("high", "upper quantile level u (required)"),
          P(
            "scale", "on ranks (tRSA paper code) or raw values (rsatoolbox's definition)", choices: ["ranks", "raw"],
            default: "ranks"),
        ]
      } else if kind == .geodesic {
        parameters = [
          P("scale", "on raw values or ranks", choices: ["raw", "ranks"], default: "raw"),
          P("prune-quantile", "drop the longest edges above this quantile"),
          P("disconnected", "value of disconnected pairs", choices: ["infinity", "missing"], default: "infinity"),
        ]
      }
      return MeasureDescription(
        name: kind.rawValue, family: "rdm-transform", summary: "applied to both RDM sets before comparing",
        reference: "rsatoolbox 0.3.2 rdm.transform; tRSA paper code (doerlbh/TopologicalRSA)",
        command: "compare --transform",
        parameters: parameters)
    }
  }

  static var evaluation: [MeasureDescription] {
    [
      MeasureDescription(
        name: "model-evaluation", family: "model-evaluation",
        summary: "RDM models against data RDMs: fixed, bootstrapped, cross-validated; noise ceiling; pairwise tests",
        reference:
          "rsatoolbox 0.3.2 inference (eval_fixed, eval_bootstrap_*, eval_dual_bootstrap, crossval, bootstrap_crossval)",
        command: "evaluate",
        parameters: [
          P("method", "the comparator", choices: names(RDMComparator.self), default: RDMComparator.cosine.rawValue),
          P(
            "scheme", "how evaluations are obtained", choices: names(EvaluationScheme.self),
            default: EvaluationScheme.fixed.rawValue),
          P(
            "test", "the test of models against 0, the noise ceiling and each other",
            choices: names(ModelTests.Kind.self), default: ModelTests.Kind.tTest.rawValue),
          P(
            "correction", "multiple comparisons over model pairs", choices: names(MultipleComparisons.self),
            default: MultipleComparisons.fdr.rawValue),
          P("alpha", "significance level", default: "0.05"), P("samples", "bootstrap samples", default: "1000"),
        ])
    ]
  }

  static var cka: MeasureDescription {
    MeasureDescription(
      name: "cka", family: "cka",
      summary:
        "centered kernel alignment HSIC(K, L)/√(HSIC(K, K)·HSIC(L, L)) of two representations of the same stimuli",
      reference: "Kornblith et al. 2019 reference code (numpy transcription); Song et al. 2012 unbiased HSIC",
      command: "cka",
      parameters: [
        P("kernel", "the kernel", choices: names(CKAKernel.self), default: CKAKernel.linear.rawValue),
        P("estimator", "HSIC estimator", choices: names(CKAEstimator.self), default: CKAEstimator.biased.rawValue),
        P("bandwidth", "RBF: the fraction f of the median", default: "1"),
        P(
          "median", "RBF: which median sets σ", choices: names(RBFMedian.self), default: RBFMedian.squaredFull.rawValue),
        P("batch-size", "minibatch CKA over batches of this many stimuli (Nguyen et al. 2021)"),
      ])
  }

  static var shape: [MeasureDescription] {
    [
      MeasureDescription(
        name: "shape", family: "shape",
        summary: "generalised shape metric: distance after the best alignment in a group, with partial whitening α",
        reference: "netrep (Williams et al. 2021) LinearMetric / PermutationMetric", command: "shape",
        parameters: [
          P("alpha", "partial whitening (0: CCA-like, 1: Procrustes)", default: "1"),
          P("group", "alignment group", choices: names(ShapeGroup.self), default: ShapeGroup.orthogonal.rawValue),
          P(
            "score", "angular or Euclidean distance", choices: names(ShapeScore.self),
            default: ShapeScore.angular.rawValue),
          P(
            "whitening", "netrep's or a scale-free partial whitening", choices: names(ShapeWhitening.self),
            default: ShapeWhitening.netrep.rawValue),
        ]),
      MeasureDescription(
        name: "gaussian", family: "stochastic-shape",
        summary:
          "Gaussian stochastic shape metric: means and covariances per stimulus, 2-Wasserstein (Bures) with weight α",
        reference: "netrep (Duong et al. 2023) GaussianStochasticMetric", command: "shape --stochastic gaussian",
        parameters: [
          P("alpha", "weight of the mean term versus the covariance term (0…2)", default: "1"),
          P("group", "alignment group", choices: names(ShapeGroup.self), default: ShapeGroup.orthogonal.rawValue),
        ]),
      MeasureDescription(
        name: "energy", family: "stochastic-shape",
        summary: "energy-distance stochastic shape metric over repeated responses",
        reference: "netrep (Duong et al. 2023) EnergyStochasticMetric", command: "shape --stochastic energy",
        parameters: [
          P("group", "alignment group", choices: names(ShapeGroup.self), default: ShapeGroup.orthogonal.rawValue)
        ]),
    ]
  }

  static var encoding: [MeasureDescription] {
    let common = [
      P(
        "score", "held-out score per target", choices: names(EncodingScore.self),
        default: EncodingScore.pearson.rawValue),
      P("cv", "cross-validation (kfold:K, shuffled-kfold:K, group-kfold:K, stratified-shuffle:…, or given splits)"),
      P("normalization", "division by the noise ceiling", choices: names(CeilingNormalization.self)),
    ]
    return [
      MeasureDescription(
        name: "ridge", family: "encoding",
        summary: "cross-validated ridge regression from features to each target, α chosen per target",
        reference: "scikit-learn RidgeCV / himalaya", command: "encode --model ridge",
        parameters: common + [P("alphas", "the penalty grid (list or logspace:a:b:n)", default: "logspace:-2:5:15")]),
      MeasureDescription(
        name: "banded-ridge", family: "encoding",
        summary: "ridge with one penalty per feature band (layers), band weights searched",
        reference: "himalaya BandedRidgeCV", command: "encode --model banded",
        parameters: common + [P("bands", "band sizes in columns (default one band per layer)")]),
      MeasureDescription(
        name: "pls", family: "encoding", summary: "partial least squares regression (NIPALS)",
        reference: "scikit-learn PLSRegression", command: "encode --model pls",
        parameters: common + [P("components", "number of components")]),
    ]
  }

  static var noise: [MeasureDescription] {
    [
      MeasureDescription(
        name: "noise-precision", family: "noise",
        summary: "noise covariance of residuals over channels and its inverse",
        reference: "rsatoolbox 0.3.2 cov_from_residuals / prec_from_residuals", command: "noise",
        parameters: [
          P(
            "method", "the estimator", choices: names(NoiseCovarianceMethod.self),
            default: NoiseCovarianceMethod.shrinkageDiagonal.rawValue),
          P("dof", "degrees of freedom (default rows − 1)"), P("runs", "one estimate per run"),
        ])
    ]
  }

  static var ceilings: [MeasureDescription] {
    [
      MeasureDescription(
        name: "split-half", family: "ceiling",
        summary: "split-half reliability of each target, Spearman–Brown corrected, over random or given splits",
        reference: "Brain-Score (brainio/brainscore split-half consistency)", command: "ceiling",
        parameters: [
          P("splits", "number of random splits", default: "10"), P("seed", "seed of the splits", default: "0"),
        ]),
      MeasureDescription(
        name: "rdm-noise-ceiling", family: "ceiling",
        summary: "lower (leave one subject out) and upper (all pooled) bounds of RDM model performance",
        reference: "rsatoolbox 0.3.2 boot_noise_ceiling", command: "evaluate", parameters: []),
    ]
  }
}
