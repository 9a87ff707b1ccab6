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
