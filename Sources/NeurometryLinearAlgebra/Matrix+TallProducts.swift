// Products of tall matrices — many rows (observations), few columns (features) — as CKA's
// feature form needs them: XᵀX and XᵀY for X n × p, Y n × q with n ≫ p, q.
//
// On such shapes OpenBLAS's own threading splits the small output between the threads and
// reaches only 70–74 GFLOP/s on 2 cores against 87–91 for a square GEMM (Docs/performance.md).
// Here the result is cut into tiles of a size fixed by the shape alone (for a Gram, 512 × 512 GEMM
// tiles above the diagonal and SYRK tiles on it; for a cross product, 512 × 512 tiles), each tile
// one single-threaded product over all n rows on a worker (`Parallel.map`): 80 and 84–87
// GFLOP/s. OpenBLAS's threaded GEMM rounds differently from its single-threaded one, so every tile
// is single-threaded whatever the number of tiles; every element is one dot product over the whole
// inner dimension, so the number of threads never changes a result's bits.
//
// `tallProducts` runs XᵀX, YᵀY and XᵀY as one loop over all their tiles, largest first, so no
// worker waits at the end of one product while the other finishes it.
//
// - Complexity: p²·n/2 (Gram: the upper triangle; for p ≤ 512 plus at most an eighth) and
//   2·p·q·n multiply-adds; memory: the results plus one tile per worker.

/// XᵀX (p × p, symmetric) of X (n × p), by tiles of its upper triangle (see above); equals
/// `gram(x, side: .columns)` up to rounding.
///
/// The triangle is cut into 512 × 512 tiles: those off the diagonal are one GEMM each (the shape
/// single-threaded GEMM runs fastest on), those on it one SYRK each (`TallTile.gram`).
public func tallGram(_ x: Matrix) -> Matrix {
  tallTiles([x], outputs: [(x.columns, x.columns)], tiles: TallTile.gram(of: 0, columns: x.columns, into: 0))[0]
}

/// XᵀY (p × q) of X (n × p) and Y (n × q), by tiles of 512 × 512 of the result (see above); equals
/// `gemm(x, y, transposeA: true)` up to rounding.
public func tallTransposeProduct(_ x: Matrix, _ y: Matrix) -> Matrix {
  precondition(x.rows == y.rows, "tallTransposeProduct: \(x.rows) and \(y.rows) rows")
  return tallTiles(
    [x, y], outputs: [(x.columns, y.columns)], tiles: TallTile.cross(0, x.columns, 1, y.columns, into: 0))[0]
}

/// XᵀX, YᵀY and XᵀY of X (n × p) and Y (n × q) — the same bits as `tallGram(x)`, `tallGram(y)`
/// and `tallTransposeProduct(x, y)` — from one parallel loop over all their tiles, largest first.
public func tallProducts(_ x: Matrix, _ y: Matrix) -> (xx: Matrix, yy: Matrix, xy: Matrix) {
  precondition(x.rows == y.rows, "tallProducts: \(x.rows) and \(y.rows) rows")
  let (p, q) = (x.columns, y.columns)
  let tiles =
    TallTile.gram(of: 0, columns: p, into: 0) + TallTile.gram(of: 1, columns: q, into: 1)
    + TallTile.cross(0, p, 1, q, into: 2)
  let out = tallTiles([x, y], outputs: [(p, p), (q, q), (p, q)], tiles: tiles)
  return (out[0], out[1], out[2])
}

/// One GEMM of a tall product: columns `rows` of input `a` transposed times columns `columns` of
/// input `b`, written at (rows, columns) of output `output` — and mirrored below the diagonal
/// when `symmetric` (a Gram tile; then only its elements on or above the diagonal are used).
struct TallTile: Sendable {
  let a: Int
  let rows: Range<Int>
  let b: Int
  let columns: Range<Int>
  let output: Int
  let symmetric: Bool
  /// A diagonal tile (rows == columns) computed by SYRK: its upper triangle only.
  var diagonal = false

  /// Multiply-adds per inner index.
  var size: Int { diagonal ? rows.count * (rows.count + 1) / 2 : rows.count * columns.count }

  /// The tiles of the Gram of input `a` (p columns): 512 × 512 above the diagonal, and the
  /// diagonal tiles by SYRK (half their work; measured 80 against 75 GFLOP/s with 128-row GEMM
  /// strips, p 2,048, n 10,000) — or, when there is a single diagonal tile (p ≤ 512), its 128-row
  /// strips, so that the workers share it. The choice depends on p alone.
  static func gram(of a: Int, columns p: Int, into output: Int) -> [TallTile] {
    let (tile, strip) = (512, 128)
    let blocks = stride(from: 0, to: p, by: tile).map { $0..<Swift.min(p, $0 + tile) }
    var tiles: [TallTile] = []
    for (i, rows) in blocks.enumerated() {
      for columns in blocks[(i + 1)...] {
        tiles.append(TallTile(a: a, rows: rows, b: a, columns: columns, output: output, symmetric: true))
      }
    }
    for block in blocks {
      if blocks.count > 1 {
        var t = TallTile(a: a, rows: block, b: a, columns: block, output: output, symmetric: true)
        t.diagonal = true
        tiles.append(t)
        continue
      }
      // One block only: strips, so that the workers share it.
      for start in stride(from: block.lowerBound, to: block.upperBound, by: strip) {
        tiles.append(
          TallTile(
            a: a, rows: start..<Swift.min(block.upperBound, start + strip), b: a, columns: start..<block.upperBound,
            output: output, symmetric: true))
      }
    }
    return tiles
  }

  /// The 512 × 512 tiles of the product of inputs `a` (p columns) and `b` (q columns).
  static func cross(_ a: Int, _ p: Int, _ b: Int, _ q: Int, into output: Int) -> [TallTile] {
    let size = 512
    return stride(from: 0, to: p, by: size).flatMap { i in
      stride(from: 0, to: q, by: size).map { j in
        TallTile(
          a: a, rows: i..<Swift.min(p, i + size), b: b, columns: j..<Swift.min(q, j + size), output: output,
          symmetric: false)
      }
    }
  }
}

/// Runs `tiles` over `inputs` (one or two matrices, all n rows) into zero-initialised outputs of
/// the given shapes (one to three): each tile one single-threaded GEMM into a contiguous buffer of
/// its own (GEMM writing straight into a p-wide result ran 4–5 % slower: 74.3–74.8 against
/// 78.1–78.6 GFLOP/s for p 2,560, n 10,000), then placed by the worker that made it while the
/// other multiplies. Largest tiles first.
func tallTiles(_ inputs: [Matrix], outputs shapes: [(rows: Int, columns: Int)], tiles: [TallTile]) -> [Matrix] {
  precondition((1...2).contains(inputs.count) && (1...3).contains(shapes.count), "tallTiles: 1–2 inputs, 1–3 outputs")
  let n = inputs[0].rows
  var (o0, o1, o2) = (0..<3).map { k in
    k < shapes.count ? Matrix(rows: shapes[k].rows, columns: shapes[k].columns) : Matrix(rows: 0, columns: 0)
  }.triple
  guard n > 0 else { return Array([o0, o1, o2].prefix(shapes.count)) }
  let order = tiles.indices.sorted { tiles[$0].size > tiles[$1].size || (tiles[$0].size == tiles[$1].size && $0 < $1) }
  let (x, y) = (inputs[0], inputs.count > 1 ? inputs[1] : inputs[0])
  let widths = [x.columns, y.columns]
  x.elements.withUnsafeBufferPointer { px in
    y.elements.withUnsafeBufferPointer { py in
      o0.elements.withUnsafeMutableBufferPointer { p0 in
        o1.elements.withUnsafeMutableBufferPointer { p1 in
          o2.elements.withUnsafeMutableBufferPointer { p2 in
            let sources = [px, py].map { UnsafeSendable($0.baseAddress) }
            let targets = [p0, p1, p2].map { SendablePointer($0.baseAddress) }
            // Single-threaded BLAS in every tile, even when there is one: OpenBLAS's threaded GEMM
            // rounds differently.
            SingleThreadedBLAS.enter()
            defer { SingleThreadedBLAS.leave() }
            _ = try? Parallel.map(order.count) { t in
              let tile = tiles[order[t]]
              guard let c = targets[tile.output].pointer, let a = sources[tile.a].pointer,
                let b = sources[tile.b].pointer
              else { return }
              let (m, w) = (tile.rows.count, tile.columns.count)
              let buffer = [Double](unsafeUninitializedCapacity: m * w) { buffer, count in
                count = m * w
                guard !tile.diagonal else {
                  blasSyrk(
                    transpose: true, n: m, k: n, alpha: 1, a: a + tile.rows.lowerBound, lda: widths[tile.a], beta: 0,
                    c: buffer.baseAddress!, ldc: w)
                  return
                }
                blasGemm(
                  transposeA: true, transposeB: false, m: m, n: w, k: n, alpha: 1, a: a + tile.rows.lowerBound,
                  lda: widths[tile.a], b: b + tile.columns.lowerBound, ldb: widths[tile.b], beta: 0,
                  c: buffer.baseAddress!, ldc: w)
                count = m * w
              }
              let width = shapes[tile.output].columns
              buffer.withUnsafeBufferPointer { e in
                if tile.symmetric {
                  placeSymmetric(e, rows: tile.rows, columns: tile.columns, into: c, width: width)
                } else {
                  for r in 0..<m {
                    (c + (tile.rows.lowerBound + r) * width + tile.columns.lowerBound).update(
                      from: e.baseAddress! + r * w, count: w)
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return Array([o0, o1, o2].prefix(shapes.count))
}

extension Array {
  /// The first three elements (the array must have three).
  fileprivate var triple: (Element, Element, Element) { (self[0], self[1], self[2]) }
}

/// Writes a tile of XᵀX (rows × columns of the result, row-major in `tile`) into the p-wide
/// result and its transpose below the diagonal: elements with column ≥ row are taken, the others
/// (the lower part of a diagonal strip) are left to their mirror, so the result is exactly
/// symmetric. The tiles of `TallTile.gram` touch disjoint elements, so they may be placed in parallel.
private func placeSymmetric(
  _ tile: UnsafeBufferPointer<Double>, rows: Range<Int>, columns: Range<Int>, into c: UnsafeMutablePointer<Double>,
  width p: Int
) {
  let w = columns.count
  let block = 64  // transposed writes in 64 × 64 blocks stay in cache
  for r0 in stride(from: 0, to: rows.count, by: block) {
    for c0 in stride(from: 0, to: w, by: block) {
      for r in r0..<Swift.min(r0 + block, rows.count) {
        let i = rows.lowerBound + r
        for k in c0..<Swift.min(c0 + block, w) {
          let j = columns.lowerBound + k
          guard j >= i else { continue }
          let v = tile[r * w + k]
          c[i * p + j] = v
          c[j * p + i] = v
        }
      }
    }
  }
}

/// A read-only pointer handed to parallel tasks (the buffer outlives the loop).
struct UnsafeSendable: @unchecked Sendable {
  let pointer: UnsafePointer<Double>?
  init(_ pointer: UnsafePointer<Double>?) { self.pointer = pointer }
}
