import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The SPM and Glover HRFs against nilearn 0.14.1's `spm_hrf` / `glover_hrf`
/// (Tests/Fixtures/fmri/make_fmri.py) for TRs 0.72–2.5 s, oversampling 1–50, several lengths and
/// onsets. Tolerance 1e-12 relative (with an absolute floor of 1e-15 of the peak for samples
/// near 0): the gamma density goes through exp/log/lgamma, whose last bits differ between glibc
/// and numpy/scipy.
@Suite struct HRFReferenceTests {
  static var cases: [[String: Any]] {
    (try? Fixtures.json("fmri", "hrf/cases.json") as? [[String: Any]]) ?? []
  }
  static var names: [String] { cases.compactMap { $0["name"] as? String } }

  @Test func everyCaseIsListed() { #expect(Self.names.count == 10) }

  @Test(arguments: HRFReferenceTests.names)
  func kernelMatchesNilearn(name: String) throws {
    let c = try #require(Self.cases.first { $0["name"] as? String == name })
    let model = try #require(HRFModel(rawValue: c["model"] as? String ?? ""))
    let tr = try #require(Double(c["tr"] as? String ?? ""))
    let length = try #require(Double(c["time_length"] as? String ?? ""))
    let onset = try #require(Double(c["onset"] as? String ?? ""))
    let oversampling = try #require(c["oversampling"] as? Int)
    let expected = try Fixtures.vector("fmri", "hrf/\(name)")
    let actual = try model.kernel(repetitionTime: tr, oversampling: oversampling, timeLength: length, onset: onset)
    let peak = expected.map(abs).max() ?? 1
    assertClose(actual, expected, rtol: 1e-12, atol: 1e-15 * peak, name)
  }

  @Test func kernelSumsToOneAndPeaksAroundFiveSeconds() throws {
    for model in HRFModel.allCases {
      let h = try model.kernel(repetitionTime: 2, oversampling: 50)
      assertClose(h.reduce(0, +), 1, rtol: 1e-12, "\(model) sum")
      let peak = h.indices.max { h[$0] < h[$1] } ?? 0
      let seconds = Double(peak) * 32 / Double(h.count - 1)
      #expect(seconds > 4 && seconds < 6, "\(model) peaks at \(seconds) s")
      #expect(h.contains { $0 < 0 }, "\(model) has an undershoot")
    }
  }

  @Test func badParametersAreErrors() {
    #expect(throws: NeurometryError.self) { _ = try HRFModel.spm.kernel(repetitionTime: 0) }
    #expect(throws: NeurometryError.self) { _ = try HRFModel.spm.kernel(repetitionTime: 2, oversampling: 0) }
    #expect(throws: NeurometryError.self) { _ = try HRFModel.spm.kernel(repetitionTime: 2, timeLength: -1) }
  }
}
