import NeurometryLinearAlgebra

// Float80 where the platform has it: nibabel computes the qform in numpy's longdouble (x87 80-bit
// extended on x86-64 Linux), so the same arithmetic rounds to the same doubles.
#if arch(x86_64) && !os(Windows)
  typealias QuaternionFloat = Float80
#else
  typealias QuaternionFloat = Double
#endif

extension NIfTIHeader {
  /// The affine nibabel gives the image (`img.affine`, `header.get_best_affine()`): the sform when
  /// `sform_code != 0`, else the qform when `qform_code != 0`, else the fallback. (nibabel tests
  /// `!= 0`; codes outside 0…5 were already set to 0 on reading, so this is the same as `> 0`.)
  public func affine(path: String) throws -> NIfTIAffine {
    if sformCode != 0 { return NIfTIAffine(rows: sformMatrix, source: .sform) }
    if qformCode != 0 { return NIfTIAffine(rows: try qformMatrix(path: path), source: .qform) }
    return NIfTIAffine(rows: fallbackMatrix, source: .fallback)
  }

  /// The sform rows with (0, 0, 0, 1) appended (nibabel `get_sform()`).
  public var sformMatrix: [[Double]] { sformRows + [[0, 0, 0, 1]] }

  /// The qform affine (nibabel `get_qform()`): the rotation of the unit quaternion (w, b, c, d),
  /// w = √(1 − b² − c² − d²) (0 when |1 − b² − c² − d²| is below 3 ε of the stored precision),
  /// times diag(dx, dy, qfac·dz), then the offsets. Throws when b² + c² + d² > 1.
  public func qformMatrix(path: String) throws -> [[Double]] {
    typealias F = QuaternionFloat
    let b = F(quaternion[0])
    let c = F(quaternion[1])
    let d = F(quaternion[2])
    // nibabel.quaternions.fillpositive, in numpy's longdouble.
    let w2: F = 1 - (((0 + b * b) + c * c) + d * d)
    let threshold: F = version == 1 ? F(Float.ulpOfOne) * 3 : F(Double.ulpOfOne) * 3
    let w: F
    if abs(w2) < threshold {
      w = 0
    } else if w2 < 0 {
      throw NeurometryError.malformedFile(
        path: path, field: "quatern_b/c/d",
        message:
          "(\(quaternion[0]), \(quaternion[1]), \(quaternion[2])) has b² + c² + d² = \(Double(1 - w2)) > 1, so it is not a unit quaternion"
      )
    } else {
      w = w2.squareRoot()
    }
    // nibabel.quaternions.quat2mat
    let n = ((w * w + b * b) + c * c) + d * d
    var r: [[F]]
    if n < F(Double.ulpOfOne) {
      r = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    } else {
      let s = 2 / n
      let (x, y, z) = (b * s, c * s, d * s)
      let (wx, wy, wz) = (w * x, w * y, w * z)
      let (xx, xy, xz) = (b * x, b * y, b * z)
      let (yy, yz, zz) = (c * y, c * z, d * z)
      r = [
        [1 - (yy + zz), xy - wz, xz + wy],
        [xy + wz, 1 - (xx + zz), yz - wx],
        [xz - wy, yz + wx, 1 - (xx + yy)],
      ]
    }
    let zooms: [F] = [F(pixdim[1]), F(pixdim[2]), F(pixdim[3]) * F(pixdim[0])]
    var out: [[Double]] = []
    for i in 0..<3 {
      out.append((0..<3).map { j in Double(r[i][j] * zooms[j]) } + [quaternionOffset[i]])
    }
    out.append([0, 0, 0, 1])
    return out
  }

  /// nibabel's base affine (`get_base_affine()`, `shape_zoom_affine(shape, zooms, x_flip=True)`):
  /// diag(−dx, dy, dz) with the translation that puts the world origin at the volume's centre,
  /// `−(n − 1)/2 · zoom` per axis (images with fewer than 3 dimensions are padded with size 1, zoom 1).
  public var fallbackMatrix: [[Double]] {
    var n = [Double](repeating: 1, count: 3)
    var zoom = [Double](repeating: 1, count: 3)
    for k in 0..<Swift.min(3, shape.count) {
      n[k] = Double(shape[k])
      zoom[k] = pixdim[k + 1]
    }
    zoom[0] = -zoom[0]
    var out: [[Double]] = []
    for i in 0..<3 {
      var row = [Double](repeating: 0, count: 4)
      row[i] = zoom[i]
      row[3] = -((n[i] - 1) / 2) * zoom[i]
      out.append(row)
    }
    out.append([0, 0, 0, 1])
    return out
  }
}
