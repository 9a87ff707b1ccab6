import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometrySimilarity

extension ModelBrainStudy {
  /// The peak memory of `run` once `data` are loaded (issue 15): the loaded data, then the largest
  /// of the measures, which run one after another. With n stimuli, L layers of pₗ features, G
  /// regions of S subjects with c channels (T channels in all), B bootstrap samples and
  /// q = n(n − 1)/2 pairs, doubles:
  /// - the data: every layer (n × pₗ) and every subject's mean patterns (n × c), as loaded;
  /// - RSA: the layer RDMs (L × q), one region's subject RDMs (S × q) and the largest layer's
  ///   RDM fit (`RDMEstimator.memoryEstimate`, its input not counted twice), the bootstrap's
  ///   samples × layers values (B × L) and resampled RDMs per thread (2 × (L + S) × q);
  /// - CKA (linear): every layer's and subject's Gram (n × n each, kept for the bootstrap), the
  ///   largest pair's `CKA.memoryEstimate` working arrays and, per thread, one resampled Gram per
  ///   layer and subject; RBF: the largest pair's estimate per thread;
  /// - shape: the largest pair's `ShapeMetric.memoryEstimate` per thread;
  /// - encoding: `CrossValidatedEncoding.memoryEstimate` of the largest layer against all T
  ///   channels, plus the bootstrap's weighted sums (5 × B × T) and counts (B × n).
  /// The process itself is not included (add `MemoryEstimate.process`).
  public func memoryEstimate(_ data: StudyData) -> MemoryEstimate {
    let n = data.stimuli.count
    let q = n * (n - 1) / 2
    let b = specification.bootstrap
    let threads = Parallel.workers
    var held = MemoryEstimate()
    for layer in data.layers { held.add("layer \(layer.name)", rows: n, columns: layer.matrix.columns) }
    for region in data.regions {
      for m in region.means { held.add("region \(region.name) patterns", rows: n, columns: m.columns) }
    }
    let widest = data.layers.map(\.matrix.columns).max() ?? 0
    let channels = data.regions.flatMap { $0.means.map(\.columns) }
    let widestRegion = channels.max() ?? 0
    let totalChannels = channels.reduce(0, +)
    let subjects = data.regions.map(\.subjects.count).max() ?? 1
    let l = data.layers.count
    let phases = specification.measures.map { measure -> MemoryEstimate in
      var e = MemoryEstimate()
      switch measure {
      case .rsa(let r):
        e.add("layer RDMs", rows: l, columns: q)
        e.add("subject RDMs", rows: subjects, columns: q)
        let fit = RDMEstimator.memoryEstimate(method: r.rdm, observations: n, channels: widest)
        e = e + MemoryEstimate(fit.items.filter { !$0.name.hasPrefix("patterns (") })
        e.add("bootstrap values", rows: b, columns: l)
        e.add("resampled RDMs (per thread)", rows: threads * (l + subjects), columns: q)
      case .cka(let c):
        let pair = c.memoryEstimate(observations: n, columns: (x: widest, y: widestRegion))
        e = e + MemoryEstimate(pair.items.filter { !$0.name.hasPrefix("X (") && !$0.name.hasPrefix("Y (") })
        if c.kernel == .linear {
          e.add("Grams of every layer and subject", rows: (l + subjects) * n, columns: n)
          e.add("resampled Grams (per thread)", rows: threads * (l + subjects) * n, columns: n)
        }
      case .shape(let s):
        let pair = s.memoryEstimate(observations: n, widths: (widest, widestRegion))
        for _ in 0..<threads { e = e + pair }
      case .encoding(let m):
        let evaluation = EncodingStudyMeasure(measure: m, seed: specification.seed).evaluation
        e = e + evaluation.memoryEstimate(samples: n, features: widest, targets: totalChannels)
        e.add("responses (all channels, centred)", rows: 2 * n, columns: totalChannels)
        e.add("bootstrap weighted sums", rows: 5 * b, columns: totalChannels)
        e.add("bootstrap counts", rows: b, columns: n)
      }
      return e
    }
    return held + MemoryEstimate.peak(phases)
  }
}
