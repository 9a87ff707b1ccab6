import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Files written by numpy 2.4.6 (Tests/Fixtures/npy/make_npy.py), read back and compared with the
/// values numpy recorded in manifest.json: every dtype in both byte orders and both memory
/// orders, 0-d to 3-d, versions 1.0–3.0, unicode and byte strings, NPZ stored and deflated.
@Suite struct NPYReferenceTests {
  static var manifest: [String: Any] {
    (try? Fixtures.json("npy", "manifest.json") as? [String: Any]) ?? [:]
  }

  static var npyEntries: [[String: Any]] { manifest["npy"] as? [[String: Any]] ?? [] }
  static var npyNames: [String] { npyEntries.compactMap { $0["file"] as? String } }

  static func entry(_ file: String) -> [String: Any] {
    npyEntries.first { $0["file"] as? String == file } ?? [:]
  }

  /// Compares an array with a manifest entry: shape, declared type, order and every value.
  static func check(_ array: NDArray, against entry: [String: Any], _ what: String) {
    #expect(array.shape == (entry["shape"] as? [Int]), "\(what): shape")
    #expect(array.sourceType == (entry["descr"] as? String), "\(what): descr")
    #expect(array.sourceWasFortranOrder == (entry["fortran_order"] as? Bool), "\(what): order")
    let values = entry["values"] as? [Any] ?? []
    #expect(values.count == array.count, "\(what): count")
    switch array.values {
    case .float64(let v):
      let expected: [Double] = values.map { value in
        // Floats are stored as hexadecimal strings (exact); "nan", "inf", "-inf" as words.
        guard let s = value as? String else { return (value as? NSNumber)?.doubleValue ?? .nan }
        return Double(s) ?? .nan
      }
      assertClose(v, expected, rtol: 0, what)
    case .int64(let v):
      #expect(v == values.map { ($0 as? NSNumber)?.int64Value ?? -999 }, "\(what): integers")
    case .bool(let v):
      #expect(v == values.map { ($0 as? Bool) ?? false }, "\(what): bools")
    case .string(let v):
      #expect(v == values.map { ($0 as? String) ?? "?" }, "\(what): strings")
    }
  }

  @Test func manifestIsPresent() {
    #expect(Self.npyNames.count >= 50)
  }

  @Test(arguments: NPYReferenceTests.npyNames)
  func readsEveryNumpyFileExactly(file: String) throws {
    let array = try NPYFile.read(Fixtures.path("npy", file))
    Self.check(array, against: Self.entry(file), file)
  }

  @Test func fortranAndCOrderGiveTheSameValues() throws {
    for stem in ["lef8", "bef8", "lei2", "bei4", "nab1", "leu8", "lef2"] {
      let c = try NPYFile.read(Fixtures.path("npy", "num_\(stem)_C.npy"))
      let f = try NPYFile.read(Fixtures.path("npy", "num_\(stem)_F.npy"))
      #expect(c.values == f.values, "\(stem)")
      #expect(f.sourceWasFortranOrder && !c.sourceWasFortranOrder)
    }
  }

  @Test func stringLabelsKeepNumpyOrderAndUnicode() throws {
    let labels = try NPYFile.read(Fixtures.path("npy", "labels.npy")).strings
    #expect(labels == ["c2", "c10", "c1", "c10"])
    #expect(labels.sorted() == ["c1", "c10", "c10", "c2"])  // lexicographic, as rsatoolbox sorts
    let u = try NPYFile.read(Fixtures.path("npy", "str_U_F.npy"))
    #expect(u.strings.contains("α-β"))
  }

  @Test func headerOnlyReadGivesVersionAndType() throws {
    let h2 = try NPYFile.readHeader(Fixtures.path("npy", "v2.npy"))
    #expect(h2.version == "2.0" && h2.shape == [2, 3] && h2.typeName == "float64")
    let h3 = try NPYFile.readHeader(Fixtures.path("npy", "v3.npy"))
    #expect(h3.version == "3.0")
  }

  @Test(arguments: ["stored.npz", "deflated.npz", "positional.npz"])
  func readsNPZMembers(file: String) throws {
    let npzEntries = Self.manifest["npz"] as? [[String: Any]] ?? []
    let entry = try #require(npzEntries.first { $0["file"] as? String == file })
    let members = try #require(entry["members"] as? [String: [String: Any]])
    let npz = try NPZFile(path: Fixtures.path("npy", file))
    #expect(Set(npz.names) == Set(members.keys))
    for (name, info) in members {
      Self.check(try npz.array(named: name), against: info, "\(file):\(name)")
    }
    #expect(npz.compression.allSatisfy { $0 == (file == "deflated.npz" ? "deflate" : "stored") })
  }

  @Test func npzMemberLookupNamesWhatExists() throws {
    let npz = try NPZFile(path: Fixtures.path("npy", "stored.npz"))
    #expect {
      _ = try npz.array(named: "b")
    } throws: { error in
      let text = String(describing: error)
      return text.contains("stored.npz") && text.contains("'a'") && text.contains("'counts'")
    }
  }

  @Test func bigUnsignedValuesSurvive() throws {
    let a = try NPYFile.read(Fixtures.path("npy", "big_u8.npy"))
    #expect(a.values == .int64([0, 1, 1 << 40, 1 << 62]))
  }
}
