import Foundation
import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Properties of the transforms: the step at l == u, the geometry preset, geodesic metrics and edge policies.
@Suite struct RDMTransformPropertyTests {
  @Test func equalThresholdsGiveAStepFunction() throws {
    var g = RandomStream(seed: 3)
    let v = (0..<45).map { _ in Double(g.nextInt(below: 12)) }  // many ties
    for scale in GeoTopologicalTransform.Scale.allCases {
      let t = try GeoTopologicalTransform(preset: .topology(threshold: 0.4))
      let step = try GeoTopologicalTransform(lower: 0.4, upper: 0.4, scale: scale).apply(v)
      #expect(step.allSatisfy { $0 == 0 || $0 == 1 })
      #expect(step.contains(0) && step.contains(1))
      // Monotone: a larger dissimilarity never maps lower.
      for i in v.indices {
        for j in v.indices where v[i] < v[j] { #expect(step[i] <= step[j]) }
      }
      if scale == .ranks { #expect(try t.apply(v) == step) }
    }
  }

  @Test func geometryPresetIsTheMinMaxOfTheRanks() throws {
    var g = RandomStream(seed: 4)
    let v = (0..<36).map { _ in g.nextGaussian() }
    let out = try GeoTopologicalTransform(preset: .geometry).apply(v)
    let ranks = Ranking.averageRanks(v)
    let expected = ranks.map { ($0 - 1) / 35 }
    assertClose(out, expected, rtol: 1e-14, atol: 1e-15)
  }

  @Test func geodesicDistancesSatisfyTheTriangleInequalityAndDisconnectedPairsFollowThePolicy() throws {
    var g = RandomStream(seed: 5)
    // Two clusters far apart: pruning the longest edges disconnects them.
    let x = Matrix(rows: 8, columns: 2) { i, _ in (i < 4 ? 0 : 50) + g.nextGaussian() }
    let rdm = try RDMEstimator(method: .euclidean).fit(ResponsePatterns(measurements: x))
    let pruned = GeodesicTransform(pruning: .aboveQuantile(0.4))
    let out = try RDMTransform.geodesic(pruned).apply(rdm)
    let m = out.squareMatrix(0)
    #expect(m[0, 5].isInfinite && m[1, 2].isFinite)
    for i in 0..<8 {
      for j in 0..<8 {
        for k in 0..<8 where m[i, k].isFinite && m[k, j].isFinite { #expect(m[i, j] <= m[i, k] + m[k, j] + 1e-12) }
      }
    }
    var missing = pruned
    missing.disconnected = .missing
    let nan = try RDMTransform.geodesic(missing).apply(rdm).squareMatrix(0)
    #expect(nan[0, 5].isNaN && nan[1, 2] == m[1, 2])
  }

  @Test func zeroWeightEdgesAreKeptByDefaultAndDroppedOnRequest() throws {
    // Conditions 0 and 1 coincide: their scaled dissimilarity is 0.
    let x = Matrix([[0, 0], [0, 0], [1, 0], [3, 1]])
    let rdm = try RDMEstimator(method: .euclidean).fit(ResponsePatterns(measurements: x))
    let kept = try GeodesicTransform().apply(rdm.vector(0), conditions: 4)
    #expect(kept[0] == 0, "an edge of length 0 joins the identical conditions")
    let dropped = try GeodesicTransform(zeroWeightEdges: .drop).apply(rdm.vector(0), conditions: 4)
    #expect(dropped[0] > 0, "without the edge the path goes through condition 2")
  }
}
