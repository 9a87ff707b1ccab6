import Neurometry

extension Workloads {
  /// Encoding models: ridge with per-target α (himalaya's K-fold, scikit-learn's leave-one-out),
  /// banded ridge, PLS. The inputs are centred by workloads.py, and the peers run without an
  /// intercept, so ours do too.
  static var encoding: [Workload] {
    let alphas = PenaltyGrid.logspace(start: 0, stop: 4, count: 5)  // workloads.py RIDGE_ALPHAS
    return [
      // Peer: himalaya RidgeCV(alphas, cv=5, fit_intercept=False), which also refits the
      // coefficients; so do we. Output: the chosen α per target, which must be the peer's.
      Workload(
        "ridge-cv", dataset: "ridge",
        doc:
          "RidgeCV(logspace(0,4,5), kfold:5, no intercept): one SVD per fold, all α and 5000 targets by products, refit",
        load: { data in
          try data.pair("ridge", x: (2000, 1000), y: (2000, 5000))
        },
        run: { input in
          (try? RidgeCV(alphas: alphas, crossValidation: .kFold(folds: 5), fitIntercept: false).fit(input.x, input.y))
            .map { Matrix(rows: $0.alphas.count, columns: 1, elements: $0.alphas) } ?? Matrix(rows: 0, columns: 0)
        },
        check: { alphas, data in try OutputCheck.againstPeer(alphas, workload: "ridge-cv", data: data, tolerance: 1e-12)
        },
        memory: { input in
          RidgeCV(alphas: alphas, crossValidation: .kFold(folds: 5), fitIntercept: false).memoryEstimate(
            samples: input.x.rows, features: input.x.columns, targets: input.y.columns)
        }),
      // Peer: scikit-learn RidgeCV(alphas, fit_intercept=False, alpha_per_target=True), efficient LOO.
      Workload(
        // Useful GFLOP (Docs/performance.md): n = 2000, p = 1000, t = 5000, 5 α, X = U·S·Vᵀ:
        // Gram XᵀX (n·p²) 2 + basis U = X·V·S⁻¹ (2n·p²) 4 + projection Uᵀ·Y (2n·p·t) 20 + per α the
        // hat product U·(w ⊙ UᵀY) (2n·p·t) 5 × 20 + coefficients V·(d ⊙ UᵀY) (2p²·t) 10 = 136.
        "ridge-cv-sklearn", dataset: "ridge", gflop: 136,
        doc: "RidgeLeaveOneOut(logspace(0,4,5), no intercept): efficient leave-one-out from one SVD, 5000 targets",
        load: { data in
          try data.pair("ridge", x: (2000, 1000), y: (2000, 5000))
        },
        run: { input in
          (try? RidgeLeaveOneOut(alphas: alphas, fitIntercept: false).fit(input.x, input.y))
            .map { Matrix(rows: $0.alphas.count, columns: 1, elements: $0.alphas) } ?? Matrix(rows: 0, columns: 0)
        },
        check: { alphas, data in
          try OutputCheck.againstPeer(alphas, workload: "ridge-cv-sklearn", data: data, tolerance: 1e-12)
        },
        memory: { input in
          RidgeLeaveOneOut(alphas: alphas, fitIntercept: false).memoryEstimate(
            samples: input.x.rows, features: input.x.columns, targets: input.y.columns)
        }),
      // Peer: himalaya BandedRidgeCV(groups=[0]*500+[1]*500, random_search, cv=5, fit_intercept=False,
      // random_state=0, n_iter=10, alphas). Same seed → the same band weights (RandomState reproduced).
      Workload(
        "banded-ridge", dataset: "banded",
        doc: "BandedRidgeCV(2 bands of 500, random search 10 weights seed 0, logspace(0,4,5), kfold:5, no intercept)",
        load: { data in
          try data.pair("banded", x: (2000, 1000), y: (2000, 1000))
        },
        run: { input in
          (try? BandedRidgeCV(
            bands: [0..<500, 500..<1000], alphas: alphas, search: .random(iterations: 10, seed: 0),
            crossValidation: .kFold(folds: 5), fitIntercept: false
          ).fit(input.x, input.y))?.deltas ?? Matrix(rows: 0, columns: 0)
        },
        check: { deltas, data in
          try OutputCheck.againstPeer(deltas, workload: "banded-ridge", data: data, tolerance: 1e-8)
        },
        memory: { input in
          BandedRidgeCV(
            bands: [0..<500, 500..<1000], alphas: alphas, search: .random(iterations: 10, seed: 0),
            crossValidation: .kFold(folds: 5), fitIntercept: false
          ).memoryEstimate(samples: input.x.rows, features: input.x.columns, targets: input.y.columns)
        }),
      // Peer: scikit-learn PLSRegression(25) (scale=True, NIPALS stopped at tol=1e-6). Ours is fully
      // converged, so the weights differ where the peer's power iteration stopped early (by ~1e-2
      // on this input): the first component is checked against its exact value instead.
      Workload(
        "pls", dataset: "pls", doc: "PLSRegression(25 components, scale), x 2000x1000, y 2000x500, fully converged",
        load: { data in
          try data.pair("pls", x: (2000, 1000), y: (2000, 500))
        },
        run: { input in
          (try? PLSRegression(components: 25).fit(input.x, input.y))?.xWeights ?? Matrix(rows: 0, columns: 0)
        },
        check: { weights, data in
          // The first PLS weight vector is the leading left singular vector of XsᵀYs (X, Y
          // standardised with ddof=1): an exact reference independent of any stopping rule.
          let x = try data.matrix("pls", "x", shape: (2000, 1000)).standardizingColumns(ddof: 1).standardized
          let y = try data.matrix("pls", "y", shape: (2000, 500)).standardizingColumns(ddof: 1).standardized
          let exact = try x.transposeTimes(y).svd().u.column(0)
          guard weights.columns == 25, weights.rows == exact.count else {
            return OutputCheck(ok: false, message: "MISMATCH: ours is \(weights.shapeText), expected 1000×25")
          }
          func error(_ v: [Double]) -> Double {
            let sign: Double = dot(v, exact) < 0 ? -1 : 1
            return zip(v, exact).map { abs(sign * $0 - $1) }.max() ?? .infinity
          }
          let ours = error(weights.column(0))
          var peerNote = "no peer output"
          if let peer = try data.peerOutput("pls") {
            peerNote = String(
              format: "the peer's (tol=1e-6) is off by %.1e", error(try peer.array.matrix(context: peer.path).column(0))
            )
          }
          let ok = ours <= 1e-8
          return OutputCheck(
            ok: ok,
            message: "\(ok ? "ok" : "MISMATCH") (first weight vs the leading singular vector of XsᵀYs: max abs err "
              + String(format: "%.1e", ours) + ", tolerance 1e-8; \(peerNote))")
        },
        memory: { input in
          PLSRegression(components: 25).memoryEstimate(
            samples: input.x.rows, features: input.x.columns, targets: input.y.columns)
        }),
    ]
  }
}
