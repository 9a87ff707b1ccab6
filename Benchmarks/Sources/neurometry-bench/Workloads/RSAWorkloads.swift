import Foundation
import Neurometry

extension Workloads {
  /// RSA (issue 5): RDM estimators, noise precision, comparators, bootstrap and noise ceiling, on
  /// the peer's input files; each `run` does what the peer's timed call does, building
  /// Neurometry's own container types (`ResponsePatterns`, `RDMs`, `RSAModel`) inside the timing.
  static var rsa: [Workload] {
    [
      Workload(
        "rdm-euclidean", dataset: "rdm-patterns", gflop: 1000.0 * 1000 * 10000 / 1e9,
        doc: "RDMEstimator(.euclidean) of 1000 conditions × 10000 channels (one SYRK)",
        load: { data in try data.matrix("rdm-patterns", "patterns", shape: (1000, 10000)) },
        run: { x in column(rdmVector(RDMEstimator(method: .euclidean), x)) },
        check: { out, data in
          try OutputCheck.againstPeer(out, workload: "rdm-euclidean", data: data, tolerance: 1e-8)
        },
        memory: { x in RDMEstimator.memoryEstimate(method: .euclidean, observations: x.rows, channels: x.columns) }
      ),
      Workload(
        "rdm-correlation", dataset: "rdm-patterns", gflop: 1000.0 * 1000 * 10000 / 1e9,
        doc: "RDMEstimator(.correlation): centre and scale rows, one SYRK",
        load: { data in try data.matrix("rdm-patterns", "patterns", shape: (1000, 10000)) },
        run: { x in column(rdmVector(RDMEstimator(method: .correlation), x)) },
        check: { out, data in
          try OutputCheck.againstPeer(out, workload: "rdm-correlation", data: data, tolerance: 1e-8)
        },
        memory: { x in RDMEstimator.memoryEstimate(method: .correlation, observations: x.rows, channels: x.columns) }
      ),
      Workload(
        "noise-prec-shrinkage", dataset: "crossnobis",
        doc: "NoiseCovarianceEstimator(.shrinkageDiagonal, dof 700).fit(residuals 800 × 2000).precision",
        load: { data in try data.matrix("crossnobis", "residuals", shape: (800, 2000)) },
        run: { r in
          (try? NoiseCovarianceEstimator(method: .shrinkageDiagonal, degreesOfFreedom: 700).fit(residuals: r).precision)
            ?? Matrix(rows: 1, columns: 1, repeating: .nan)
        },
        check: { out, data in
          try OutputCheck.againstPeer(out, workload: "noise-prec-shrinkage", data: data, tolerance: 1e-8)
        },
        memory: { r in
          NoiseCovarianceEstimator(method: .shrinkageDiagonal, degreesOfFreedom: 700)
            .memoryEstimate(observations: r.rows, channels: r.columns)
        }),
      Workload(
        "rdm-crossnobis", dataset: "crossnobis",
        doc: "shrinkage precision, then RDMEstimator(.crossnobis) over 8 runs, 100 conditions, 2000 channels",
        load: { data in
          (
            measurements: try data.matrix("crossnobis", "measurements", shape: (800, 2000)),
            residuals: try data.matrix("crossnobis", "residuals", shape: (800, 2000)),
            conds: try labels(data, "crossnobis", "conds"), runs: try labels(data, "crossnobis", "runs")
          )
        },
        run: { input in
          do {
            let precision = try NoiseCovarianceEstimator(method: .shrinkageDiagonal, degreesOfFreedom: 700)
              .fit(residuals: input.residuals).precision
            let patterns = try ResponsePatterns(
              measurements: input.measurements, observationDescriptors: ["conds": input.conds, "runs": input.runs])
            let rdm = try RDMEstimator(
              method: .crossnobis, conditionDescriptor: "conds", runDescriptor: "runs", noisePrecision: precision
            ).fit(patterns)
            return column(rdm.vector(0))
          } catch {
            return Matrix(rows: 1, columns: 1, repeating: .nan)
          }
        },
        check: { out, data in
          try OutputCheck.againstPeer(out, workload: "rdm-crossnobis", data: data, tolerance: 1e-8)
        },
        // Two phases whose blocks reuse each other's: the noise fit while the measurements wait,
        // then the RDM while the residuals stay loaded.
        memory: { input in
          let p = input.measurements.columns
          var measurements = MemoryEstimate()
          measurements.add("measurements", rows: input.measurements.rows, columns: p)
          var residuals = MemoryEstimate()
          residuals.add("residuals", rows: input.residuals.rows, columns: p)
          let noise = NoiseCovarianceEstimator(method: .shrinkageDiagonal, degreesOfFreedom: 700)
            .memoryEstimate(observations: input.residuals.rows, channels: p)
          let rdm = RDMEstimator.memoryEstimate(
            method: .crossnobis, observations: input.measurements.rows, channels: p,
            conditions: Set(input.conds).count, folds: Set(input.runs).count, noisePrecision: true)
          return MemoryEstimate.peak([noise + measurements, rdm + residuals])
        }),
      Workload(
        "compare-tau-a", dataset: "compare-rdms", doc: "RDMComparison(.tauA): 1 model × 100 data RDMs, 19900 pairs",
        load: { data in try compareInputs(data) },
        run: { input in compare(.tauA, input) },
        check: { out, data in
          try OutputCheck.againstPeer(out, workload: "compare-tau-a", data: data, tolerance: 1e-8)
        },
        memory: { input in compareMemory(.tauA, input) }
      ),
      Workload(
        "compare-rho-a", dataset: "compare-rdms", doc: "RDMComparison(.rhoA): 1 model × 100 data RDMs, 19900 pairs",
        load: { data in try compareInputs(data) },
        run: { input in compare(.rhoA, input) },
        check: { out, data in
          try OutputCheck.againstPeer(out, workload: "compare-rho-a", data: data, tolerance: 1e-8)
        },
        memory: { input in compareMemory(.rhoA, input) }
      ),
      Workload(
        "bootstrap", dataset: "subject-rdms",
        doc:
          "ModelEvaluator(.corr).bootstrap(5 fixed models, 20 subjects × 60 conditions, patterns, 1000 samples, per-sample noise ceiling)",
        load: { data in
          (
            data: try data.matrix("subject-rdms", "data", shape: (20, 1770)),
            models: try data.matrix("subject-rdms", "models", shape: (5, 1770))
          )
        },
        run: { input in
          do {
            let subjects = try RDMs(dissimilarities: input.data)
            let models = try (0..<input.models.rows).map { k in
              try RSAModel.fixed(
                "m\(k)", RDMs(dissimilarities: Matrix(rows: 1, columns: 1770, elements: input.models.row(k))))
            }
            let result = try ModelEvaluator(comparison: RDMComparison(.corr)).bootstrap(
              models, data: subjects, scheme: .bootstrapPatterns, count: 1000, seed: 0)
            return column(result.means)
          } catch {
            return Matrix(rows: 1, columns: 1, repeating: .nan)
          }
        },
        // Different random samples from numpy's: the means agree to Monte-Carlo error only.
        check: { out, data in try OutputCheck.againstPeer(out, workload: "bootstrap", data: data, tolerance: 3e-2) },
        memory: { input in
          ModelEvaluator(comparison: RDMComparison(.corr)).memoryEstimate(
            models: input.models.rows, rdms: input.data.rows,
            conditions: try CondensedIndex.conditionCount(pairs: input.data.columns, context: "bootstrap"),
            samples: 1000, scheme: .bootstrapPatterns)
        }),
      Workload(
        "searchlight", dataset: "searchlight",
        doc:
          "VolumeSearchlight(radius 3, threshold 0.5) of a 30×36×30 mask, correlation RDMs of 80 conditions × 3 repeats per sphere, compared with a model (corr), streamed: [centres; scores]",
        load: { data in
          (
            mask: try NPYFile.read(data.url("searchlight/mask.npy").path).doubles(context: "mask").map { $0 != 0 },
            data: try data.matrix("searchlight", "data", shape: (240, 32400)),
            events: try labels(data, "searchlight", "events"),
            model: try data.matrix("searchlight", "model", shape: (3160, 1))
          )
        },
        run: { input in
          do {
            let searchlight = try VolumeSearchlight(mask: input.mask, shape: [30, 36, 30], radius: 3, threshold: 0.5)
            let patterns = try ResponsePatterns(
              measurements: input.data, observationLabels: ["events": try Labels(input.events, kind: .numeric)])
            let conditions = Labels(text: input.events).distinctSorted
            let model = try RDMs(
              dissimilarities: Matrix(rows: 1, columns: 3160, elements: input.model.elements), conditions: conditions)
            let maps = try SearchlightRDMEstimator(
              estimator: RDMEstimator(method: .correlation, conditionDescriptor: "events")
            )
            .modelMaps(patterns, searchlight: searchlight, models: model, comparison: RDMComparison(.corr)).maps
            return Matrix(rows: 2, columns: searchlight.centers.count) { r, c in
              r == 0 ? Double(searchlight.centers[c]) : maps[0, c]
            }
          } catch {
            return Matrix(rows: 1, columns: 1, repeating: .nan)
          }
        },
        check: { out, data in try OutputCheck.againstPeer(out, workload: "searchlight", data: data, tolerance: 1e-8) },
        memory: { input in
          let searchlight = try VolumeSearchlight(mask: input.mask, shape: [30, 36, 30], radius: 3, threshold: 0.5)
          return SearchlightRDMEstimator(
            estimator: RDMEstimator(method: .correlation, conditionDescriptor: "events")
          ).memoryEstimate(
            observations: input.data.rows, channels: input.data.columns, conditions: Set(input.events).count,
            centers: searchlight.centers.count, sphereVoxels: searchlight.neighbors.map(\.count).max() ?? 0,
            models: 1, comparison: RDMComparison(.corr))
        }
      ),
      Workload(
        "noise-ceiling", dataset: "subject-rdms", doc: "NoiseCeiling.compute(20 subjects × 1770 pairs, corr)",
        load: { data in try data.matrix("subject-rdms", "data", shape: (20, 1770)) },
        run: { x in
          guard let nc = try? NoiseCeiling.compute(RDMs(dissimilarities: x), comparison: RDMComparison(.corr)) else {
            return Matrix(rows: 1, columns: 1, repeating: .nan)
          }
          return column([nc.lower, nc.upper])
        },
        check: { out, data in
          try OutputCheck.againstPeer(out, workload: "noise-ceiling", data: data, tolerance: 1e-8)
        },
        memory: { x in NoiseCeiling.memoryEstimate(rdms: x.rows, pairs: x.columns, comparison: RDMComparison(.corr)) }
      ),
    ]
  }

  /// A vector as a column (how the peer's 1-D outputs are read).
  static func column(_ v: [Double]) -> Matrix { Matrix(rows: v.count, columns: 1, elements: v) }

  /// The RDM vector of one condition per row, or a NaN marker on error.
  static func rdmVector(_ estimator: RDMEstimator, _ x: Matrix) -> [Double] {
    guard let rdm = try? estimator.fit(ResponsePatterns(measurements: x)) else { return [.nan] }
    return rdm.vector(0)
  }

  /// An int64 label vector as strings.
  static func labels(_ data: BenchData, _ dataset: String, _ array: String) throws -> [String] {
    _ = try data.matrix(dataset, array)  // checks the dataset is complete
    return try NPYFile.read(data.url("\(dataset)/\(array).npy").path).strings
  }

  static func compareInputs(_ data: BenchData) throws -> (model: Matrix, data: Matrix) {
    let model = try data.matrix("compare-rdms", "model", shape: (19900, 1))
    return (
      model: Matrix(rows: 1, columns: 19900, elements: model.elements),
      data: try data.matrix("compare-rdms", "data", shape: (100, 19900))
    )
  }

  /// `RDMComparison(c).memoryEstimate` of the compare workloads' model against their data RDMs.
  static func compareMemory(_ c: RDMComparator, _ input: (model: Matrix, data: Matrix)) -> MemoryEstimate {
    RDMComparison(c).memoryEstimate(first: input.model.rows, second: input.data.rows, pairs: input.data.columns)
  }

  static func compare(_ c: RDMComparator, _ input: (model: Matrix, data: Matrix)) -> Matrix {
    guard let a = try? RDMs(dissimilarities: input.model), let b = try? RDMs(dissimilarities: input.data),
      let r = try? RDMComparison(c).compare(a, b)
    else { return Matrix(rows: 1, columns: 1, repeating: .nan) }
    return column(r.values.row(0))
  }
}
