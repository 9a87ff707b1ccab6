import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// LAPACK's `info > 0` outcomes and bad inputs become typed, named errors.
@Suite struct LinearAlgebraErrorTests {
  let singular = Matrix([[1, 2, 3], [2, 4, 6], [1, 0, 1]])

  @Test func singularMatrixInSolveAndInverseIsATypedError() throws {
    #expect {
      _ = try singular.solve(Matrix(rows: 3, columns: 1, repeating: 1))
    } throws: { error in
      guard case .singularMatrix(let operation, let message) = error as? NeurometryError else { return false }
      return operation.contains("dgesv") && message.contains("exactly zero")
    }
    #expect {
      _ = try singular.inverse()
    } throws: { error in
      guard case .singularMatrix = error as? NeurometryError else { return false }
      return true
    }
  }

  @Test func notPositiveDefiniteNamesTheMinor() {
    let a = Matrix([[4, 2, 0], [2, 1, 0], [0, 0, 1]])  // second leading minor is 0
    #expect {
      _ = try a.cholesky()
    } throws: { error in
      guard case .notPositiveDefinite(_, let message) = error as? NeurometryError else { return false }
      return message.contains("order 2")
    }
    #expect(throws: NeurometryError.self) { _ = try a.solvePositiveDefinite(Matrix(rows: 3, columns: 1)) }
    #expect(throws: NeurometryError.self) { _ = try a.inversePositiveDefinite() }
  }

  @Test func factorisationFailuresNameTheRoutineAndThePivotOrMinor() {
    let minor = "the leading minor of order 2 of the 3×3 matrix is not positive"
    let a = Matrix([[4, 2, 0], [2, 1, 0], [0, 0, 1]])
    #expect(throws: NeurometryError.notPositiveDefinite(operation: "cholesky (LAPACK dpotrf)", message: minor)) {
      try a.cholesky()
    }
    #expect(
      throws: NeurometryError.notPositiveDefinite(operation: "solvePositiveDefinite (LAPACK dposv)", message: minor)
    ) { try a.solvePositiveDefinite(Matrix(rows: 3, columns: 1)) }
    #expect(
      throws: NeurometryError.notPositiveDefinite(operation: "inversePositiveDefinite (LAPACK dpotrf)", message: minor)
    ) { try a.inversePositiveDefinite() }
    // Partial pivoting takes row 1 first; row 0 then eliminates to zero: U(1, 1) = 0.
    let lu = "U(1, 1) is exactly zero in the LU factorisation of the 2×2 matrix"
    let b = Matrix([[1, 2], [2, 4]])
    #expect(throws: NeurometryError.singularMatrix(operation: "solve (LAPACK dgesv)", message: lu)) {
      try b.solve(Matrix(rows: 2, columns: 1, repeating: 1))
    }
    #expect(throws: NeurometryError.singularMatrix(operation: "inverse (LAPACK dgetrf)", message: lu)) {
      try b.inverse()
    }
  }

  @Test func nonFiniteInputIsRefusedBeforeLAPACK() {
    var a = Matrix.identity(3)
    a[1, 2] = .nan
    #expect {
      _ = try a.svd()
    } throws: { error in
      (error as? NeurometryError)?.description.contains("row 1, column 2") ?? false
    }
    #expect(throws: NeurometryError.self) { _ = try a.symmetricEigen() }
    #expect(throws: NeurometryError.self) { _ = try a.leastSquares(Matrix(rows: 3, columns: 1)) }
  }

  @Test func shapeMismatchesAreErrors() {
    #expect(throws: NeurometryError.self) { _ = try Matrix.identity(3).solve(Matrix(rows: 4, columns: 1)) }
    #expect(throws: NeurometryError.self) { _ = try Matrix(rows: 2, columns: 3).cholesky() }
    #expect(throws: NeurometryError.self) { _ = try Quantile.type7([], [0.5]) }
    #expect(throws: NeurometryError.self) { _ = try Quantile.type7([1], [1.5]) }
    #expect(throws: NeurometryError.self) { _ = try FFT.forward([]) }
  }
}
