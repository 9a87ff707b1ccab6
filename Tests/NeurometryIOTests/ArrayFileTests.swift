import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

@Suite struct ArrayFileTests {
  @Test func readsNPYAndNamedOrSingleNPZMembers() throws {
    let m = try ArrayFile.readMatrix(Fixtures.path("npy", "mat_F.npy"))
    #expect(m.rows == 3 && m.columns == 4)
    let a = try ArrayFile.readMatrix(Fixtures.path("npy", "stored.npz"), member: "a")
    #expect(a.rows == 3 && a.columns == 4)
    #expect(try ArrayFile.readLabels(Fixtures.path("npy", "stored.npz"), member: "labels").values == ["x", "y", "z"])
    #expect(try ArrayFile.readLabels(Fixtures.path("npy", "labels.npy")).values == ["c2", "c10", "c1", "c10"])
  }

  @Test func ambiguousOrMisdirectedMembersAreNamed() {
    #expect {
      _ = try ArrayFile.read(Fixtures.path("npy", "stored.npz"))
    } throws: { error in
      let text = String(describing: error)
      return text.contains("holds 3 arrays") && text.contains("--dataset")
    }
    #expect(throws: NeurometryError.self) { _ = try ArrayFile.read(Fixtures.path("npy", "vec.npy"), member: "x") }
    #expect(throws: NeurometryError.self) { _ = try ArrayFile.readLabels(Fixtures.path("npy", "mat_F.npy")) }
  }
}

/// `ArrayFile.shape`: the shape `read` would give, from headers alone, for every format that has
/// one (deflated NPZ members and gzipped NIfTI inflated only as far as their headers).
@Suite struct ArrayFileShapeTests {
  @Test func shapesFromHeadersEqualTheReadArrays() throws {
    let cases: [(String, String?)] = [
      ("npy/num_lef2_C.npy", nil), ("npy/mat_F.npy", nil), ("npy/empty3d.npy", nil), ("npy/big_u8.npy", nil),
      ("npy/stored.npz", "a"), ("npy/deflated.npz", "a"), ("npy/positional.npz", "arr_1"),
      ("hdf5/numeric.h5", "/num/lef8"), ("hdf5/activations.h5", "/model/block1/conv"),
      ("nifti/bold4d.nii", nil), ("nifti/bold4d.nii.gz", nil), ("nifti/n2_float64_4d.nii.gz", nil),
      ("nifti/gz_float32.nii.gz", nil), ("nifti/pair_n1.hdr", nil), ("mat/session.mat", "A"),
    ]
    var checked = 0
    for (file, member) in cases {
      let path = Fixtures.directory + "/" + file
      guard FileManager.default.fileExists(atPath: path) else {
        Issue.record("missing fixture \(file)")
        continue
      }
      let read = try ArrayFile.read(path, member: member).shape
      #expect(try ArrayFile.shape(path, member: member) == read, "\(file) \(member ?? "")")
      checked += 1
    }
    #expect(checked == cases.count)
    #expect(try ArrayFile.shape(Fixtures.directory + "/mat/v5.mat") == nil)
  }
}
