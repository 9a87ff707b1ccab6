// Products of tall matrices — many rows (observations), few columns (features) — as CKA's
// feature form needs them: XᵀX and XᵀY for X n × p, Y n × q with n ≫ p, q.
//
// On such shapes OpenBLAS's own threading splits the small output between the threads and
// reaches only 70–74 GFLOP/s on 2 cores against 87–89 for a square GEMM (Docs/performance.md).
// Here the result is cut into blocks of rows of a size fixed by the shape alone (128 rows for a
// Gram, 512 × 512 tiles for a cross product), each block one single-threaded GEMM over all n rows (OpenBLAS's threaded GEMM rounds
// differently from its single-threaded one, so every block is single-threaded, whatever the
// number of blocks) on a worker
// (`Parallel.map`): 76–78 and 82–86 GFLOP/s. Every element is one GEMM dot product over the whole
// inner dimension, so the blocking (and the number of threads) never changes a result's bits.
//
// - Complexity: p²·n (Gram, upper triangle and the diagonal blocks' lower halves: at most 1 +
//   128/p times the SYRK's work) and 2·p·q·n multiply-adds; memory: the result only.

/// XᵀX (p × p, symmetric) of X (n × p), by blocks of rows of its upper triangle (see above);
/// equals `gram(x, side: .columns)` up to rounding.
public func tallGram(_ x: Matrix) -> Matrix {
  let (n, p) = (x.rows, x.columns)
  guard n > 0, p > 0 else { return Matrix(rows: p, columns: p) }
  // Every element is written: the blocks fill the upper triangle, the mirror the rest.
  var c = Matrix(
    rows: p, columns: p, elements: [Double](unsafeUninitializedCapacity: p * p) { _, count in count = p * p })
  let size = 128
  let blocks = (p + size - 1) / size
  x.elements.withUnsafeBufferPointer { px in
    c.elements.withUnsafeMutableBufferPointer { pc in
      let (a, out) = (UnsafeSendable(px.baseAddress!), SendablePointer(pc.baseAddress!))
      // Single-threaded BLAS in every block, even when there is one block: OpenBLAS's threaded
      // GEMM rounds differently. Largest blocks (the top rows of the triangle) first.
      SingleThreadedBLAS.enter()
      defer { SingleThreadedBLAS.leave() }
      _ = try? Parallel.map(blocks) { b in
        let start = b * size
        let rows = Swift.min(size, p - start)
        guard let c = out.pointer else { return }
        blasGemm(
          transposeA: true, transposeB: false, m: rows, n: p - start, k: n, alpha: 1, a: a.pointer + start, lda: p,
          b: a.pointer + start, ldb: p, beta: 0, c: c + start * p + start, ldc: p)
      }
    }
  }
  c.mirrorUpperToLower()
  return c
}

/// XᵀY (p × q) of X (n × p) and Y (n × q), by tiles of 512 × 512 of the result (see above); equals
/// `gemm(x, y, transposeA: true)` up to rounding.
public func tallTransposeProduct(_ x: Matrix, _ y: Matrix) -> Matrix {
  precondition(x.rows == y.rows, "tallTransposeProduct: \(x.rows) and \(y.rows) rows")
  let (n, p, q) = (x.rows, x.columns, y.columns)
  var c = Matrix(rows: p, columns: q)
  guard n > 0, p > 0, q > 0 else { return c }
  let size = 512
  let (rowBlocks, columnBlocks) = ((p + size - 1) / size, (q + size - 1) / size)
  x.elements.withUnsafeBufferPointer { px in
    y.elements.withUnsafeBufferPointer { py in
      c.elements.withUnsafeMutableBufferPointer { pc in
        let (a, b, out) = (
          UnsafeSendable(px.baseAddress!), UnsafeSendable(py.baseAddress!), SendablePointer(pc.baseAddress!)
        )
        SingleThreadedBLAS.enter()
        defer { SingleThreadedBLAS.leave() }
        _ = try? Parallel.map(rowBlocks * columnBlocks) { t in
          let (i, j) = (t / columnBlocks * size, t % columnBlocks * size)
          guard let c = out.pointer else { return }
          blasGemm(
            transposeA: true, transposeB: false, m: Swift.min(size, p - i), n: Swift.min(size, q - j), k: n, alpha: 1,
            a: a.pointer + i, lda: p, b: b.pointer + j, ldb: q, beta: 0, c: c + i * q + j, ldc: q)
        }
      }
    }
  }
  return c
}

/// A read-only pointer handed to parallel tasks (the buffer outlives the loop).
struct UnsafeSendable: @unchecked Sendable {
  let pointer: UnsafePointer<Double>
  init(_ pointer: UnsafePointer<Double>) { self.pointer = pointer }
}
