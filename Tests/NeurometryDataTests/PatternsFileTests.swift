import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Patterns files: .h5 round trip (measurements and every descriptor, one or several time bins),
/// .npy with label files beside it, refusal to overwrite, and the errors of `read`.
@Suite struct PatternsFileTests {
  func patterns(bins: Int) throws -> [ResponsePatterns] {
    try (0..<bins).map { b in
      try ResponsePatterns(
        measurements: Synthetic.gaussian(rows: 5, columns: 3, seed: UInt64(b + 1)),
        observationDescriptors: ["condition": ["c10", "c2", "a", "b", "é"], "run": ["0", "0", "1", "1", "1"]],
        channelDescriptors: ["unit": ["7", "8", "9"], "quality": ["good", "mua", "good"]])
    }
  }

  @Test func hdf5RoundTripKeepsEverything() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    for bins in [1, 3] {
      let original = try patterns(bins: bins)
      let path = dir.file("p\(bins).h5")
      #expect(try PatternsFile.write(original, to: path, attributes: ["window": "0:1"]) == [path])
      let back = try PatternsFile.read(path)
      #expect(back.count == bins)
      for (a, b) in zip(original, back) {
        #expect(a.measurements == b.measurements)
        #expect(a.observationDescriptors == b.observationDescriptors)
        #expect(a.channelDescriptors == b.channelDescriptors)
      }
      #expect(try HDF5File(path: path).stringAttribute("window") == "0:1")
    }
  }

  @Test func npyWritesLabelFilesAndRefusesToOverwrite() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = dir.file("rates.npy")
    let written = try PatternsFile.write(try patterns(bins: 2), to: path)
    // Observation descriptors first, then channel descriptors.
    #expect(
      written == [path, dir.file("rates_conditions.npy"), dir.file("rates_runs.npy"), dir.file("rates_units.npy")])
    #expect(PatternsFile.paths(of: try patterns(bins: 1)[0], at: path) == written)
    #expect(try NPYFile.read(path).shape == [2, 5, 3])
    #expect(try NPYFile.read(dir.file("rates_conditions.npy")).strings == ["c10", "c2", "a", "b", "é"])
    #expect(throws: NeurometryError.outputExists(path: path)) {
      try PatternsFile.write(try patterns(bins: 1), to: path)
    }
    #expect(throws: NeurometryError.self) { try PatternsFile.write([], to: dir.file("none.npy")) }
  }

  @Test func voxelAndRegionLabelsGoBesideNPYPatterns() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let m = Matrix(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
    let voxels = try ResponsePatterns(
      measurements: m, observationDescriptors: ["condition": ["a", "b"]],
      channelDescriptors: ["voxel": ["0,0,0", "1,0,0", "0,1,0"]])
    let written = try PatternsFile.write([voxels], to: dir.file("v.npy"))
    #expect(written == [dir.file("v.npy"), dir.file("v_conditions.npy"), dir.file("v_voxels.npy")])
    #expect(try NPYFile.read(dir.file("v_voxels.npy")).strings == ["0,0,0", "1,0,0", "0,1,0"])
    let regions = try ResponsePatterns(
      measurements: m, channelDescriptors: ["region": ["V1", "V2", "LOC"], "label": ["1", "2", "3"]])
    #expect(PatternsFile.paths(of: regions, at: dir.file("r.npy")) == [dir.file("r.npy"), dir.file("r_regions.npy")])
    #expect(PatternsFile.paths(of: regions, at: dir.file("r.h5")) == [dir.file("r.h5")])
    #expect(try PatternsFile.write([regions], to: dir.file("r.npy")) == [dir.file("r.npy"), dir.file("r_regions.npy")])
  }

  @Test func readRefusesOtherHDF5Files() {
    let p = Fixtures.path("hdf5", "numeric.h5")
    #expect {
      _ = try PatternsFile.read(p)
    } throws: { error in
      String(describing: error)
        == "\(p): /: is not a Neurometry patterns file (no schema attribute 'neurometry-patterns/2')"
    }
  }
}
