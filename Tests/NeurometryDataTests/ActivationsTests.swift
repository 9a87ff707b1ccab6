import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Network activations from HDF5 (h5py-written, Tests/Fixtures/hdf5/make_hdf5.py) and NPZ: layers
/// at any path, N-d flattened per stimulus in C order (numpy's reshape(n, -1)), stimulus ids, and
/// the stimulus-order check against brain conditions.
@Suite struct ActivationsTests {
  static let path = Fixtures.path("hdf5", "activations.h5")
  static let ids = ["c10", "c2", "c1", "b", "a", "c3", "d", "e", "f"]

  @Test func layersAtAnyPathFlattenedLikeNumpy() throws {
    let a = try Activations.read(Self.path)
    #expect(a.layers.map(\.name) == ["/model/block1/conv", "/model/fc"])
    #expect(a.stimulusIDs == Self.ids)
    #expect(a.layers[0].shape == [9, 3, 4, 2])
    assertClose(a.layers[0].matrix, try Fixtures.matrix("hdf5", "activations_conv_flat"), rtol: 0, "conv")
    assertClose(a.layers[1].matrix, try Fixtures.matrix("hdf5", "activations_fc"), rtol: 0, "fc")
    let one = try Activations.read(Self.path, layers: ["model/fc"])
    #expect(one.layers.map(\.name) == ["/model/fc"])
    let p = try a.patterns(layer: "model/fc")
    #expect(p.observationDescriptors["stimulus"] == Self.ids)
    let npz = try Activations.read(Fixtures.path("npy", "stored.npz"), layers: ["a"])
    #expect(npz.layers.map(\.name) == ["a"] && npz.stimulusIDs == nil)
  }

  @Test func stimulusOrderIsCheckedAndCanBeReordered() throws {
    let a = try Activations.read(Self.path)
    try a.checkOrder(against: Self.ids)
    let sorted = Self.ids.sorted()
    #expect {
      try a.checkOrder(against: sorted, context: "rates.npy")
    } throws: { error in
      String(describing: error)
        == "\(Self.path): stimulus order differs from rates.npy's conditions at position 0 ('c10' here, 'a' there); the same stimuli in another order — reorder with Activations.reordered(to:)"
    }
    #expect {
      try a.checkOrder(against: Array(sorted.prefix(8)), context: "rates.npy")
    } throws: { error in
      String(describing: error) == "\(Self.path): has 9 stimuli but rates.npy has 8 conditions"
    }
    let r = try a.reordered(to: sorted)
    try r.checkOrder(against: sorted)
    let fc = try Fixtures.matrix("hdf5", "activations_fc")
    for (row, id) in sorted.enumerated() {
      let src = try #require(Self.ids.firstIndex(of: id))
      #expect((0..<5).map { r.layers[1].matrix[row, $0] } == (0..<5).map { fc[src, $0] })
    }
  }

  /// MATLAB v7.3 variables are layers in MATLAB's shape (stimuli first), not the transposed
  /// HDF5 storage: `A` is 3×5 in MATLAB (manifest.json) and reads as 3 stimuli × 5 features, as
  /// `ArrayFile.read` (and so `cka`/`shape`) reads it.
  @Test func matlabVariablesAreLayersInMATLABsShape() throws {
    let path = Fixtures.path("mat", "session.mat")
    let a = try Activations.read(path, layers: ["A"])
    #expect(a.layers.count == 1 && a.layers[0].shape == [3, 5])
    #expect(a.layers[0].matrix == (try ArrayFile.readMatrix(path, member: "A")))
    let b = try Activations.read(path, layers: ["B"])
    #expect(b.layers[0].shape == [2, 3, 4] && b.layers[0].matrix.rows == 2 && b.layers[0].matrix.columns == 12)
    expectNeurometryError([path, "name", "not a numeric array"]) { _ = try Activations.read(path, layers: ["name"]) }
  }

  /// One reader for cka, shape and encode: a file's only layer, a named member, or a clear error;
  /// a 1-D array is read as n × 1 with a warning.
  @Test func representationsUseTheActivationsReader() throws {
    let dir = try TemporaryDirectory()
    let npz = dir.file("two.npz")
    try NPZFile.write(
      [
        ("a", NDArray(shape: [4, 2], values: .float64([1, 2, 3, 4, 5, 6, 7, 8]))),
        ("stimulus_ids", NDArray(shape: [4], values: .string(["w", "x", "y", "z"]))),
        ("b", NDArray(shape: [4], values: .float64([1, 2, 3, 5]))),
      ], to: npz)
    expectNeurometryError([npz, "holds 2 numeric arrays", "'a', 'b'", "--dataset"]) {
      _ = try Representations.read([npz])
    }
    let a = try Representations.read([npz], member: "a")
    #expect(a.matrices[0].rows == 4 && a.matrices[0].columns == 2 && a.warnings.isEmpty)
    let b = try Representations.read([npz], member: "b")
    #expect(b.matrices[0].columns == 1)
    #expect(b.warnings == ["\(npz) is a 1-D array of 4 values, read as 4 stimuli × 1 feature; is it a representation?"])
    let stacked = try Representations.read([Fixtures.path("mat", "session.mat")], member: "B", stacked: true)
    #expect(stacked.names.count == 2 && stacked.matrices[0].rows == 3 && stacked.matrices[0].columns == 4)
  }

  @Test func errorsNameTheLayer() {
    #expect {
      _ = try Activations.read(Self.path, stimulusIDs: "/model/fc")
    } throws: { error in
      String(describing: error) == "\(Self.path): has 45 stimulus ids but 9 stimuli per layer"
    }
    #expect {
      _ = try Activations.read(Self.path, layers: ["/model/nothing"])
    } throws: { error in
      String(describing: error).hasPrefix("\(Self.path): /model/nothing: no such dataset")
    }
    #expect {
      _ = try Activations.read(Self.path, layers: ["/stimulus_ids"], stimulusIDs: "/model/fc")
    } throws: { error in
      String(describing: error)
        == "\(Self.path): /stimulus_ids: is not a numeric array with a stimulus axis (type str, shape (9,))"
    }
  }
}
