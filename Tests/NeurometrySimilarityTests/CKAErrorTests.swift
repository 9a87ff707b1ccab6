import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Every documented CKA error, with its message.
@Suite struct CKAErrorTests {
  @Test func differentNumbersOfRowsAreRefusedByName() {
    let x = Synthetic.gaussian(rows: 10, columns: 3, seed: 1)
    let y = Synthetic.gaussian(rows: 9, columns: 3, seed: 2)
    let m = errorMessage { _ = try CKA().compare(x, y, names: ("a.npy", "b.npy")) }
    #expect(
      m == "cka: a.npy has 10 rows (observations) but b.npy has 9; CKA compares representations of the same stimuli")
  }

  @Test func nonFiniteValuesAreRefusedWithTheirPosition() {
    var x = Synthetic.gaussian(rows: 10, columns: 3, seed: 1)
    x[4, 2] = .nan
    let y = Synthetic.gaussian(rows: 10, columns: 2, seed: 2)
    #expect(errorMessage { _ = try CKA().compare(x, y) } == "cka: X has a non-finite value (nan) at row 4, column 2")
    #expect(errorMessage { _ = try CKA().compare(y, x) } == "cka: Y has a non-finite value (nan) at row 4, column 2")
  }

  @Test func overflowingSquaresAreRefused() {
    let x = 1e200 * Synthetic.gaussian(rows: 10, columns: 3, seed: 1)
    let y = Synthetic.gaussian(rows: 10, columns: 2, seed: 2)
    #expect(
      errorMessage { _ = try CKA().compare(x, y) }
        == "cka: the squared values of X or Y overflow (|x| above ~1e154); rescale the data first")
    // CKA is scale-invariant: the same data rescaled works.
    #expect((try? CKA().compare(1e-200 * x, y)) != nil)
  }

  @Test func tooFewObservationsForTheEstimator() {
    let x = Synthetic.gaussian(rows: 3, columns: 2, seed: 1)
    let y = Synthetic.gaussian(rows: 3, columns: 2, seed: 2)
    #expect(
      errorMessage { _ = try CKA(estimator: .debiased).compare(x, y) }
        == "cka: the debiased HSIC estimator needs at least 4 observations (rows), found 3 (its normaliser n(n−3) must be positive)"
    )
    let one = Synthetic.gaussian(rows: 1, columns: 2, seed: 3)
    #expect(
      errorMessage { _ = try CKA(estimator: .biased).compare(one, one) }
        == "cka: the biased HSIC estimator needs at least 2 observations (rows), found 1")
    #expect((try? CKA(estimator: .biased).compare(x, y)) != nil)
  }

  @Test func constantRepresentationHasNoDefinedCKA() {
    let x = Matrix(rows: 8, columns: 3, repeating: 0.1)
    let y = Synthetic.gaussian(rows: 8, columns: 2, seed: 2)
    for estimator in CKAEstimator.allCases {
      for form in CKAForm.allCases {
        #expect(
          errorMessage { _ = try CKA(estimator: estimator, form: form).compare(x, y, names: ("const.npy", "y.npy")) }
            == "cka: const.npy is constant across observations (every column has zero variance), so HSIC(const.npy, const.npy) = 0 and CKA is undefined"
        )
      }
    }
  }

  @Test func vanishingDebiasedSelfSimilarityIsAnError() {
    // n = 4, one unit active on one stimulus: the unbiasedly centred Gram matrix is exactly 0,
    // so the debiased HSIC(X, X) is 0 (up to rounding) although X is not constant.
    let x = Matrix([[0], [0], [0], [1]])
    let y = Synthetic.gaussian(rows: 4, columns: 2, seed: 5)
    for form in CKAForm.allCases {
      let m = errorMessage { _ = try CKA(estimator: .debiased, form: form).compare(x, y) }
      #expect(m.hasPrefix("cka: HSIC(X, X) = "), "\(form): \(m)")
      #expect(
        m.hasSuffix(
          "is not positive (debiased estimator): the debiased estimate of X's self-similarity is not positive (its unbiasedly centred kernel vanishes), so CKA is undefined; use more observations or the biased estimator"
        ), "\(form): \(m)")
    }
    #expect((try? CKA(estimator: .biased).compare(x, y)) != nil)
  }

  @Test func rbfBandwidthMustBePositiveAndDataMustNotCollapse() {
    #expect(
      errorMessage { _ = try CKA(kernel: .rbf, bandwidth: 0) }
        == "cka: the RBF bandwidth fraction must be a positive number, found 0.0")
    #expect(
      errorMessage { _ = try CKA(kernel: .rbf, bandwidth: -.infinity) }
        == "cka: the RBF bandwidth fraction must be a positive number, found -inf")
    // 5 identical rows out of 6: most squared distances are 0.
    var x = Matrix(rows: 6, columns: 2, repeating: 1)
    x[5, 0] = 4
    let y = Synthetic.gaussian(rows: 6, columns: 2, seed: 3)
    #expect(
      errorMessage { _ = try CKA(kernel: .rbf).compare(x, y, names: ("dup.npy", "y.npy")) }
        == "cka: dup.npy: the median squared distance between observations is 0 (more than half of all n² pairs, diagonal included, are identical rows), so the RBF bandwidth would be 0; remove duplicate rows or use --median squared-pairs or the linear kernel"
    )
  }

  @Test func precomputedKernelsMustBeSquareAndSymmetric() {
    let k = Synthetic.gaussian(rows: 5, columns: 4, seed: 1)
    let l = Synthetic.positiveDefinite(5, seed: 2)
    #expect(
      errorMessage { _ = try CKA(kernel: .precomputed).compare(gram(k, side: .columns), l, names: ("k.npy", "l.npy")) }
        == "cka: k.npy has 4 rows (observations) but l.npy has 5; CKA compares representations of the same stimuli")
    let wide = Synthetic.gaussian(rows: 5, columns: 6, seed: 4)
    #expect(
      errorMessage { _ = try CKA(kernel: .precomputed).compare(wide, l, names: ("k.npy", "l.npy")) }
        == "cka: k.npy must be an n×n kernel matrix for --kernel precomputed, found 5×6")
    var asym = Synthetic.positiveDefinite(5, seed: 3)
    asym[1, 3] += 0.5
    let m = errorMessage { _ = try CKA(kernel: .precomputed).compare(l, asym, names: ("k.npy", "l.npy")) }
    #expect(m.hasPrefix("cka: l.npy is not symmetric: element (1, 3) is "))
  }

  @Test func featureFormOnlyForTheLinearKernel() {
    #expect(
      errorMessage { _ = try CKA(kernel: .rbf, form: .feature) }
        == "cka: the feature-space form exists only for the linear kernel, not 'rbf'")
  }
}
