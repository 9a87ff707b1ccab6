import Foundation
import NeurometryLinearAlgebra
import NeurometryStudy
import NeurometryTestSupport
import Testing

/// The sample study's numbers against the Python oracle (Tests/Fixtures/study/make_study_reference.py:
/// pynwb spike counts, nilearn FirstLevelModel betas, rsatoolbox RDMs and comparisons, linear CKA
/// checked against Kornblith et al.'s reference code, scikit-learn's ShuffleSplit halvings, numpy
/// classical MDS).
@Suite struct StudyReferenceTests {
  @Test func sampleStudyMatchesPython() throws {
    let reference = try #require(try Fixtures.json("study", "study_reference.json") as? [String: Any])
    var spec = try StudyFile.read(Fixtures.repositoryRoot + "/SampleData/study/study.yaml")
    spec.bootstrap = 20
    (spec.identify, spec.null) = (nil, nil)
    let result = try ModelBrainStudy(spec).run()
    #expect(result.stimuli == (reference["stimuli"] as? [String]))
    let regions = try #require(reference["regions"] as? [String])
    #expect(result.regions.map(\.name) == regions)
    var compared = 0
    for measure in ["rsa", "cka"] {
      let table = try #require(reference[measure] as? [String: [Double]])
      let m = try #require(result.measures.first { $0.measure == measure })
      for g in m.regions {
        // The GLM betas agree with nilearn's to ~1e-11 (lstsq vs QR), hence 1e-9.
        assertClose(g.scores, try #require(table[g.region]), rtol: 1e-9, "\(measure) \(g.region)")
        compared += 1
      }
    }
    #expect(compared == 8)
    let ceilings = try #require(reference["ceilings"] as? [String: [String: Double]])
    for m in result.measures {
      let expected = try #require(ceilings[m.measure])
      for g in m.regions {
        let c = try #require(g.ceiling)
        assertClose([c.upper], [try #require(expected[g.region])], rtol: 1e-9, "\(m.measure) ceiling \(g.region)")
      }
    }
    let mds = try #require(reference["mds"] as? [[Double]])
    #expect(mds.count == 10)
    assertClose(result.rdms.mds.flatMap { $0 }, mds.flatMap { $0 }, rtol: 1e-8, atol: 1e-10, "MDS")
    assertClose([result.rdms.mdsExplained], [try #require(reference["mds_explained"] as? Double)], rtol: 1e-9)
  }
}
