internal import CNeurometryLAPACK

// The one place that calls LAPACK (through LAPACKE). Every call goes through `lapack(_:_:)`:
// `info < 0` means an argument was wrong, which only a bug in Neurometry can cause, so it traps
// with the routine's name; `info > 0` is a numerical outcome (singular, not positive definite,
// no convergence) and is returned for the caller to turn into a `NeurometryError`.

@inline(__always)
func lapackInt(_ n: Int, _ what: StaticString) -> Int32 {
  precondition(n >= 0 && n <= Int(Int32.max), "LAPACK: \(what) = \(n) does not fit a 32-bit LAPACK integer")
  return Int32(n)
}

/// Runs a LAPACKE call and returns its `info` (≥ 0). Traps on `info < 0` (programmer error).
@discardableResult
func lapack(_ routine: StaticString, _ call: () -> Int32) -> Int {
  BLASLibrary.prepare()
  SingleThreadedBLAS.restorePending()
  let info = Int(call())
  precondition(info >= 0, "LAPACK \(routine): argument \(-info) had an illegal value (a bug in Neurometry)")
  return info
}

let lapackRowMajor = neurometry_lapack_row_major()
let lapackColMajor = neurometry_lapack_col_major()
private func ch(_ s: Character) -> CChar { CChar(s.asciiValue!) }

/// Thin SVD (divide and conquer, `dgesdd`) of the column-major n×m matrix in `a` (which is the
/// row-major m×n matrix Aᵀ's storage). Outputs are sized by the caller. `jobz`: "S" or "N".
func lapackGesdd(
  jobz: Character, m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, s: UnsafeMutablePointer<Double>,
  u: UnsafeMutablePointer<Double>, ldu: Int, vt: UnsafeMutablePointer<Double>, ldvt: Int
) -> Int {
  lapack("dgesdd") {
    LAPACKE_dgesdd(
      lapackColMajor, ch(jobz), lapackInt(m, "m"), lapackInt(n, "n"), a, lapackInt(lda, "lda"), s, u,
      lapackInt(ldu, "ldu"), vt, lapackInt(ldvt, "ldvt"))
  }
}

/// LQ factorisation (`dgelqf`) of a column-major m×n matrix with m ≤ n, in place: L in the lower
/// triangle of the first m columns, the reflectors above it and in `tau` (length m).
func lapackGelqf(m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, tau: UnsafeMutablePointer<Double>) -> Int {
  lapack("dgelqf") {
    LAPACKE_dgelqf(lapackColMajor, lapackInt(m, "m"), lapackInt(n, "n"), a, lapackInt(lda, "lda"), tau)
  }
}

/// Symmetric eigendecomposition (`dsyevd`), column-major, lower triangle read.
func lapackSyevd(jobz: Character, n: Int, a: UnsafeMutablePointer<Double>, w: UnsafeMutablePointer<Double>) -> Int {
  lapack("dsyevd") {
    LAPACKE_dsyevd(lapackColMajor, ch(jobz), ch("L"), lapackInt(n, "n"), a, lapackInt(n, "lda"), w)
  }
}

/// Eigenpairs il…iu (1-based, ascending order) of a symmetric matrix (`dsyevr`, range "I"),
/// column-major, lower triangle read. `w` gets iu − il + 1 values, `z` (n × that, column-major)
/// the vectors. Returns info; `found` is the number of eigenvalues computed.
func lapackSyevrIndexRange(
  n: Int, a: UnsafeMutablePointer<Double>, il: Int, iu: Int, w: UnsafeMutablePointer<Double>,
  z: UnsafeMutablePointer<Double>, found: inout Int
) -> Int {
  var m: Int32 = 0
  var support = [Int32](repeating: 0, count: 2 * Swift.max(1, iu - il + 1))
  let info = lapack("dsyevr") {
    LAPACKE_dsyevr(
      lapackColMajor, ch("V"), ch("I"), ch("L"), lapackInt(n, "n"), a, lapackInt(n, "lda"), 0, 0,
      lapackInt(il, "il"), lapackInt(iu, "iu"), 0, &m, w, z, lapackInt(n, "ldz"), &support)
  }
  found = Int(m)
  return info
}

/// Cholesky factorisation (`dpotrf`), column-major, upper triangle (= row-major lower).
func lapackPotrf(n: Int, a: UnsafeMutablePointer<Double>) -> Int {
  lapack("dpotrf") { LAPACKE_dpotrf(lapackColMajor, ch("U"), lapackInt(n, "n"), a, lapackInt(n, "lda")) }
}

/// Inverse from a Cholesky factor (`dpotri`), same layout as `lapackPotrf`.
func lapackPotri(n: Int, a: UnsafeMutablePointer<Double>) -> Int {
  lapack("dpotri") { LAPACKE_dpotri(lapackColMajor, ch("U"), lapackInt(n, "n"), a, lapackInt(n, "lda")) }
}

/// Solves A·X = B for a general square A (`dgesv`), row-major; B is n×nrhs and is overwritten by X.
func lapackGesv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>) -> Int {
  var pivots = [Int32](repeating: 0, count: Swift.max(n, 1))
  return lapack("dgesv") {
    LAPACKE_dgesv(
      lapackRowMajor, lapackInt(n, "n"), lapackInt(nrhs, "nrhs"), a, lapackInt(n, "lda"), &pivots, b,
      lapackInt(Swift.max(nrhs, 1), "ldb"))
  }
}

/// Solves A·X = B for a symmetric positive definite A (`dposv`), row-major.
func lapackPosv(n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>) -> Int {
  lapack("dposv") {
    LAPACKE_dposv(
      lapackRowMajor, ch("U"), lapackInt(n, "n"), lapackInt(nrhs, "nrhs"), a, lapackInt(n, "lda"), b,
      lapackInt(Swift.max(nrhs, 1), "ldb"))
  }
}

/// LU factorisation then inverse (`dgetrf` + `dgetri`), row-major, in place.
func lapackInverse(n: Int, a: UnsafeMutablePointer<Double>) -> Int {
  var pivots = [Int32](repeating: 0, count: Swift.max(n, 1))
  let info = lapack("dgetrf") {
    LAPACKE_dgetrf(lapackRowMajor, lapackInt(n, "m"), lapackInt(n, "n"), a, lapackInt(n, "lda"), &pivots)
  }
  if info > 0 { return info }
  return lapack("dgetri") { LAPACKE_dgetri(lapackRowMajor, lapackInt(n, "n"), a, lapackInt(n, "lda"), &pivots) }
}

/// Minimum-norm least squares by SVD (`dgelsd`), row-major. `b` is max(m,n)×nrhs; on exit its
/// first n rows hold X. Singular values go to `s` (min(m,n)), the effective rank to `rank`.
func lapackGelsd(
  m: Int, n: Int, nrhs: Int, a: UnsafeMutablePointer<Double>, b: UnsafeMutablePointer<Double>,
  s: UnsafeMutablePointer<Double>, rcond: Double, rank: inout Int
) -> Int {
  var r: Int32 = 0
  let info = lapack("dgelsd") {
    LAPACKE_dgelsd(
      lapackRowMajor, lapackInt(m, "m"), lapackInt(n, "n"), lapackInt(nrhs, "nrhs"), a, lapackInt(n, "lda"), b,
      lapackInt(Swift.max(nrhs, 1), "ldb"), s, rcond, &r)
  }
  rank = Int(r)
  return info
}
