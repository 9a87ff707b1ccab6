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
