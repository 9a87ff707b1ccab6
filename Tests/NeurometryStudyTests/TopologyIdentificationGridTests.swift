import Foundation
import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryStudy
import NeurometryTestSupport
import Testing

/// The tRSA identification grid (issue 17): its shape, accuracy on classes that differ and on
/// classes that do not, and reproducibility (the same input twice, parallel against serial).
@Suite struct TopologyIdentificationGridTests {
  /// `classes` classes of `subjects` RDMs each: a class's base geometry plus subject noise.
  static func rdms(classes: Int, subjects: Int, conditions: Int, noise: Double, seed: UInt64) throws -> [RDMs] {
    let estimator = RDMEstimator(method: .correlation)
    return try (0..<classes).map { c in
      let base = Synthetic.gaussian(rows: conditions, columns: 12, seed: seed &+ UInt64(c))
      let sets = try (0..<subjects).map { s -> RDMs in
        let e = Synthetic.gaussian(rows: conditions, columns: 12, seed: seed &+ 1000 &+ UInt64(c * 100 + s))
        let x = Matrix(rows: conditions, columns: 12) { i, j in base[i, j] + noise * e[i, j] }
        return try estimator.fit(ResponsePatterns(measurements: x))
      }
      return try RDMs.concatenating(sets)
    }
  }

  @Test func classesThatDifferAreIdentifiedAndTheGridHasItsShape() throws {
    let classes = try Self.rdms(classes: 3, subjects: 4, conditions: 12, noise: 0.3, seed: 1)
    let result = try TopologyIdentificationGrid().run(classes, names: ["A", "B", "C"])
    #expect(result.levels.count == 21 && result.levels.first == 0 && result.levels.last == 1)
    #expect(result.accuracy.count == 21 && result.accuracy.allSatisfy { $0.count == 21 })
    for i in 0..<21 {
      for j in 0..<21 {
        #expect((result.accuracy[i][j] == nil) == (i > j), "cell (\(i), \(j))")
        if let a = result.accuracy[i][j] { #expect(a >= 0 && a <= 1 && (a * 12).rounded() == a * 12) }
      }
    }
    #expect(result.chance == 1.0 / 3 && result.subjects == 4 && result.classes == ["A", "B", "C"])
    let geometry = try #require(result.regimes.first { $0.name == "geometry" })
    #expect(geometry.accuracy == 1 && geometry.lower == 0 && geometry.upper == 1)
    #expect(result.accuracy[0][20] == 1)
    #expect(result.regimes.map(\.name) == ["geometry", "paper defaults", "paper example", "topology"])
  }

  /// Classes with no difference of their own: accuracy about chance (mean over the grid within
  /// 0.2 of 1/3).
  @Test func classesThatDoNotDifferAreNot() throws {
    let shared = try Self.rdms(classes: 1, subjects: 18, conditions: 10, noise: 1, seed: 5)[0]
    let classes = (0..<3).map { c in shared.selecting(Array((6 * c)..<(6 * c + 6))) }
    let result = try TopologyIdentificationGrid(step: 0.1).run(classes, names: ["A", "B", "C"])
    let values = result.accuracy.flatMap { $0.compactMap { $0 } }
    let mean = values.reduce(0, +) / Double(values.count)
    #expect(abs(mean - 1.0 / 3) < 0.2, "\(mean)")
  }

  /// On the sample study's four regions, pseudo-subjects made by a seeded split of each region's
  /// repetitions into two halves: the same seed gives the same grid bit for bit, and the cells
  /// computed in parallel equal those computed one after another.
  @Test func sampleStudyGridIsReproducibleAndParallelEqualsSerial() throws {
    let spec = try StudyFile.read(Fixtures.repositoryRoot + "/SampleData/study/study.yaml")
    let data = try StudyData.load(spec)
    func classes(seed: UInt64) throws -> [RDMs] {
      let estimator = RDMEstimator(method: .correlation)
      return try data.regions.enumerated().map { g, region in
        let reps = try #require(region.subjects[0].repetitions(order: data.stimuli)).matrices
        var random = RandomStream(seed: seed, stream: UInt64(g))
        let order = random.permutation(reps.count)
        let halves = [Array(order.prefix(reps.count / 2)), Array(order.dropFirst(reps.count / 2))]
        let sets = try halves.map { half -> RDMs in
          let mean = Matrix(rows: reps[0].rows, columns: reps[0].columns) { i, j in
            half.map { reps[$0][i, j] }.reduce(0, +) / Double(half.count)
          }
          return try estimator.fit(ResponsePatterns(measurements: mean))
        }
        return try RDMs.concatenating(sets)
      }
    }
    let names = data.regions.map(\.name)
    let a = try TopologyIdentificationGrid().run(try classes(seed: 9), names: names)
    let b = try TopologyIdentificationGrid().run(try classes(seed: 9), names: names)
    let serial = try TopologyIdentificationGrid(parallel: false).run(try classes(seed: 9), names: names)
    #expect(a == b)
    #expect(a == serial)
    #expect(a.classes == ["V4", "IT", "EVC", "LOC"] && a.subjects == 2)
    // The regions differ (each made from its own layer): geometry identifies them.
    #expect(a.regimes[0].accuracy == 1, "\(a.regimes)")
  }

  @Test func badInputsAreRefused() throws {
    let classes = try Self.rdms(classes: 2, subjects: 3, conditions: 6, noise: 0.3, seed: 2)
    let grid = TopologyIdentificationGrid()
    #expect(errorMessage { _ = try grid.run([classes[0]], names: ["A"]) }.contains("needs at least 2 classes"))
    #expect(
      errorMessage { _ = try grid.run([classes[0], classes[1].selecting([0, 1])], names: ["A", "B"]) }.contains(
        "class 'B' has 2 RDMs of 15 pairs; 'A' has 3 of 15"))
    #expect(
      errorMessage { _ = try grid.run(classes.map { $0.selecting([0]) }, names: ["A", "B"]) }.contains(
        "needs at least 2 subjects per class, got 1"))
    #expect(
      errorMessage { _ = try TopologyIdentificationGrid(step: 0).run(classes, names: ["A", "B"]) }.contains("step"))
  }
}
