import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// MAT-file errors: v5 files (with how to convert them), structs, complex numbers, missing
/// variables, ambiguous reads without a name.
@Suite struct MATErrorTests {
  static let session = Fixtures.path("mat", "session.mat")

  @Test func version5FileSaysWhatItIsAndHowToConvert() {
    let p = Fixtures.path("mat", "v5.mat")
    let expected =
      "\(p): is a MATLAB v5 MAT-file (not HDF5); Neurometry reads v7.3 MAT-files. Convert it in MATLAB with `save('out.mat', '-v7.3')` (or `save -v7.3 out.mat`), or in Python with `x = scipy.io.loadmat(path)['name']; numpy.save('x.npy', x)`"
    #expect(errorMessage { _ = try MATFile(path: p) } == expected)
    #expect(errorMessage { _ = try ArrayFile.read(p, member: "A") } == expected)
    #expect(errorMessage { _ = try FileSummary.inspect(p) } == expected)
  }

  @Test func structsComplexAndMissingVariables() {
    let p = Self.session
    #expect(
      errorMessage { _ = try MATFile(path: p).array(named: "S") }
        == "\(p): S: is a struct; read one of its fields (S/x)")
    #expect(
      errorMessage { _ = try MATFile(path: p).array(named: "Z") }
        == "\(p): Z: is complex; save its real and imaginary parts (real(x), imag(x)) or abs(x) as separate variables")
    #expect(
      errorMessage { _ = try MATFile(path: p).array(named: "Q") }
        == "\(p): Q: no such variable 'Q' (the file has: A, B, E, I16, L, S, U8, Z, charmat, name, names)")
    #expect(
      errorMessage { _ = try ArrayFile.read(p) }
        == "\(p): holds 11 variables (A, B, E, I16, L, S, U8, Z, charmat, name, names); choose one with --dataset NAME")
  }
}
