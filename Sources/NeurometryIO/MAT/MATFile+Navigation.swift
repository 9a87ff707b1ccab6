import Foundation
import NeurometryLinearAlgebra

/// Names inside a MAT-file, as a MATLAB user writes them, and the containers MATLAB v7.3 stores
/// as HDF5 groups and references: structs, struct arrays, cells and sparse matrices.
///
/// A name is a `/`-separated path of variable and field names, each optionally followed by one
/// 1-based linear index (MATLAB's column-major numbering): `s/field` (a field of a scalar struct),
/// `s(3)/field` (element 3 of a struct array), `c{2}` (element 2 of a cell array), nested freely
/// (`data/cfg/callinfo/matlab`, `c{2}/x`). How MATLAB stores them (the layout mat73 and MATLAB
/// read): a scalar struct is a group whose members are its fields; a struct array is a group whose
/// members are reference datasets, one reference per element, into `#refs#`; a cell array is a
/// reference dataset; a sparse matrix is a group with `data`, `ir` (row indices) and `jc` (column
/// starts) and the row count in the `MATLAB_sparse` attribute.
extension MATFile {
  /// What a name resolves to: the HDF5 object holding it and how MATLAB would call it.
  struct Located {
    /// The HDF5 object path (possibly inside `#refs#`).
    let object: String
    /// The name as the user wrote it, for messages.
    let name: String
  }

  /// One step of a name: a variable or field, and the `(…)` / `{…}` indices after it (1-based
  /// subscripts, one for a linear index or one per dimension; `brace` for `{…}`), as in
  /// `c{7}{1}`, `c{2,3}` or `s(2)`.
  struct Step {
    let field: String
    let indices: [(subscripts: [Int], brace: Bool)]
  }

  /// Splits a name into steps; throws naming the step that is not `field` followed by 1-based
  /// `(k)` or `{k}` indices.
  func steps(_ name: String) throws -> [Step] {
    try name.split(separator: "/", omittingEmptySubsequences: true).map { part in
      let text = String(part)
      func refuse() -> NeurometryError {
        NeurometryError.invalidInput(
          context: "\(path): \(name)",
          message:
            "'\(text)' is not a MATLAB-style name: give a variable or field, optionally with 1-based indices, as s(3) for a struct array element or c{2} for a cell element"
        )
      }
      guard let open = text.firstIndex(where: { $0 == "(" || $0 == "{" }) else {
        return Step(field: text, indices: [])
      }
      guard open > text.startIndex else { throw refuse() }
      var indices: [(subscripts: [Int], brace: Bool)] = []
      var rest = text[open...]
      while let first = rest.first {
        let brace = first == "{"
        guard first == "(" || brace, let close = rest.firstIndex(of: brace ? "}" : ")") else { throw refuse() }
        let subscripts = rest[rest.index(after: rest.startIndex)..<close].split(separator: ",").map {
          Int($0.trimmingCharacters(in: .whitespaces))
        }
        guard !subscripts.isEmpty, subscripts.allSatisfy({ ($0 ?? 0) >= 1 }) else { throw refuse() }
        indices.append((subscripts.compactMap { $0 }, brace))
        rest = rest[rest.index(after: close)...]
      }
      return Step(field: String(text[..<open]), indices: indices)
    }
  }

  /// Resolves a MATLAB-style name to the HDF5 object that holds it.
  func locate(_ name: String) throws -> Located {
    var current = "/"
    var said = ""
    var element: Int? = nil
    for step in try steps(name) {
      var object = HDF5File.join(current, step.field)
      let label = said.isEmpty ? step.field : said + "/" + step.field
      guard hdf5.kind(of: object) != nil else {
        try hdf5.throwIfDamaged(object)
        let members = ((try? hdf5.children(of: current)) ?? []).filter { !$0.hasPrefix("#") }
        let what = said.isEmpty ? "variable" : "field of \(said)"
        throw NeurometryError.malformedFile(
          path: path, field: name,
          message:
            "no such \(what) '\(step.field)' (\(said.isEmpty ? "the file has" : "its fields are"): \(members.isEmpty ? "none" : members.joined(separator: ", ")))"
        )
      }
      if let k = element {
        // `current` is a struct array; this field holds one reference per element.
        object = try reference(in: object, at: k, label: label)
        element = nil
      }
      said = label
      for (n, (subscripts, brace)) in step.indices.enumerated() {
        let before = said
        let written = subscripts.map(String.init).joined(separator: ",")
        said += brace ? "{\(written)}" : "(\(written))"
        let k = try linearIndex(subscripts, of: object, label: said)
        if brace {
          guard try matlabClass(object) == "cell", hdf5.kind(of: object) == .dataset else {
            throw NeurometryError.invalidInput(
              context: "\(path): \(name)", message: "\(before) is not a cell array, so it has no element {\(k + 1)}")
          }
          object = try reference(in: object, at: k, label: said)
        } else if try isStructArray(object), n == step.indices.count - 1 {
          element = k
        } else if hdf5.kind(of: object) == .group, try matlabClass(object) == "struct", k == 0 {
          // s(1) of a scalar struct is the struct itself.
        } else {
          throw NeurometryError.invalidInput(
            context: "\(path): \(name)",
            message:
              "\(before) is not a struct array, so it has no element (\(k + 1)); index numeric arrays after reading them"
          )
        }
      }
      current = object
    }
    if element != nil {
      let fields = (try? hdf5.children(of: current)) ?? []
      throw NeurometryError.invalidInput(
        context: "\(path): \(name)",
        message:
          "\(said) is one element of a struct array: read one of its fields (\(fields.prefix(8).map { "\(said)/\($0)" }.joined(separator: ", ")))"
      )
    }
    return Located(object: current, name: said)
  }

  /// The 0-based column-major (MATLAB linear) index of 1-based `subscripts` into the object: one
  /// subscript is already linear; several must match its dimensions and lie within them.
  func linearIndex(_ subscripts: [Int], of object: String, label: String) throws -> Int {
    if subscripts.count == 1 { return subscripts[0] - 1 }
    let shape = try matlabShape(object)
    guard subscripts.count == shape.count, zip(subscripts, shape).allSatisfy({ $0 <= $1 }) else {
      throw NeurometryError.invalidInput(
        context: "\(path): \(label)",
        message: "the subscripts do not fit its \(shape.map(String.init).joined(separator: "×")) size")
    }
    var k = 0
    var stride = 1
    for (s, n) in zip(subscripts, shape) {
      k += (s - 1) * stride
      stride *= n
    }
    return k
  }

  /// The object the `k`-th reference (0-based, MATLAB's linear order) of `dataset` points to.
  func reference(in dataset: String, at k: Int, label: String) throws -> String {
    let refs = try hdf5.dataset(dataset).readReferences()
    guard k < refs.count else {
      throw NeurometryError.invalidInput(
        context: "\(path): \(label)", message: "index \(k + 1) is beyond its \(refs.count) elements")
    }
    guard let target = refs[k] else {
      throw NeurometryError.malformedFile(path: path, field: label, message: "element \(k + 1) is a null reference")
    }
    return target
  }

  /// True when `object` is a struct array (a `struct` group whose fields are reference datasets
  /// without a `MATLAB_class`, one reference per element).
  func isStructArray(_ object: String) throws -> Bool {
    guard hdf5.kind(of: object) == .group, try matlabClass(object) == "struct" else { return false }
    guard let first = try hdf5.children(of: object).first else { return false }
    let field = HDF5File.join(object, first)
    guard hdf5.kind(of: field) == .dataset else { return false }
    let d = try hdf5.dataset(field)
    guard d.type.kind == .objectReference else { return false }
    return try d.stringAttribute("MATLAB_class") == nil
  }

  /// MATLAB's size of the object (`size(x)` in MATLAB): reversed HDF5 dimensions, the stored
  /// dimensions of an empty array, `[1, 1]` for a scalar struct, the element grid of a struct
  /// array, rows × columns of a sparse matrix.
  func matlabShape(_ object: String) throws -> [Int] {
    if hdf5.kind(of: object) == .group {
      if let rows = try sparseRows(object) {
        let columns = (try hdf5.dataset(HDF5File.join(object, "jc")).shape.first ?? 1) - 1
        return [rows, Swift.max(columns, 0)]
      }
      if try isStructArray(object), let first = try hdf5.children(of: object).first {
        return Array(try hdf5.dataset(HDF5File.join(object, first)).shape.reversed())
      }
      return [1, 1]
    }
    let d = try hdf5.dataset(object)
    if let empty = try d.attribute("MATLAB_empty"), (try? empty.integers(context: path).first) == 1 {
      return d.count > 0 ? try d.readIntegers().map { Int($0) } : [0, 0]
    }
    let shape = Array(d.shape.reversed())
    return shape.count == 1 ? [1, shape[0]] : shape
  }

  /// The row count of a sparse matrix stored at `object` (its `MATLAB_sparse` attribute), nil
  /// when it is not one.
  func sparseRows(_ object: String) throws -> Int? {
    guard let a = try hdf5.attribute("MATLAB_sparse", of: object) else { return nil }
    guard let rows = try a.integers(context: "\(path): \(object) attribute 'MATLAB_sparse'").first, rows >= 0 else {
      throw NeurometryError.malformedFile(
        path: path, field: object, message: "has a MATLAB_sparse attribute that is not a row count")
    }
    return Int(rows)
  }

  /// A sparse matrix (compressed sparse columns: `jc` column starts, `ir` row indices, `data`
  /// values; `data` absent when all zero) as a dense rows × columns array, row-major; logical
  /// sparse as Bool. Refused when the dense matrix would not fit in memory.
  func readSparse(_ object: String, rows: Int, matlabClass: String, name: String) throws -> NDArray {
    let jc = try hdf5.dataset(HDF5File.join(object, "jc")).readIntegers().map { Int($0) }
    let columns = Swift.max(jc.count - 1, 0)
    let nonzeros = jc.last ?? 0
    let (cells, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard !overflow, cells <= Int(ProcessInfo.processInfo.physicalMemory / 16) else {
      throw NeurometryError.unsupported(
        path: path, field: name,
        message:
          "is a \(rows.grouped)×\(columns.grouped) sparse matrix, too large to read as a dense array here; save the nonzeros ([i, j, v] = find(x)) as separate variables"
      )
    }
    let ir: [Int]
    let values: [Double]
    if nonzeros > 0 {
      ir = try hdf5.dataset(HDF5File.join(object, "ir")).readIntegers().map { Int($0) }
      let data = HDF5File.join(object, "data")
      let d = try hdf5.dataset(data)
      if d.type.kind == .compound {
        throw NeurometryError.unsupported(
          path: path, field: name, message: "is a complex sparse matrix; save real(x) and imag(x) separately")
      }
      values = try d.readDoubles()
    } else {
      (ir, values) = ([], [])
    }
    guard jc.first == 0, zip(jc, jc.dropFirst()).allSatisfy({ $0 <= $1 }), ir.count >= nonzeros,
      values.count >= nonzeros, ir.prefix(nonzeros).allSatisfy({ (0..<rows).contains($0) })
    else {
      throw NeurometryError.malformedFile(
        path: path, field: name,
        message:
          "is a sparse matrix whose column starts (jc), row indices (ir) and values (data) do not agree: \(jc.count) column starts ending at \(nonzeros), \(ir.count) row indices, \(values.count) values, \(rows) rows"
      )
    }
    var dense = [Double](repeating: 0, count: cells)
    for j in 0..<columns {
      for k in jc[j]..<jc[j + 1] { dense[ir[k] * columns + j] = values[k] }
    }
    if matlabClass == "logical" {
      return NDArray(
        shape: [rows, columns], values: .bool(dense.map { $0 != 0 }), sourceType: "logical",
        sourceWasFortranOrder: true)
    }
    return NDArray(shape: [rows, columns], values: .float64(dense), sourceType: "sparse", sourceWasFortranOrder: true)
  }

  /// A field of a struct array read whole, as MATLAB's `[s.field]` (numeric scalars, in the
  /// struct array's shape) or `{s.field}` of strings; refused, with how to read one element, when
  /// the elements are larger or of mixed kinds.
  func readStructArrayField(_ object: String, grid: [Int], name: String) throws -> NDArray {
    let refs = try hdf5.dataset(object).readReferences()
    // A damaged file's grid can disagree with the field's references (found by fuzzing: a grid of
    // 4.3·10¹⁰ elements over a field of 8 references); checked before the grid is enumerated.
    guard ArraySummary.elementCount(grid) == refs.count else {
      throw NeurometryError.malformedFile(
        path: path, field: name,
        message:
          "the struct array is \(grid.map(String.init).joined(separator: "×")) but this field holds \(refs.count.grouped) element\(refs.count == 1 ? "" : "s") (a damaged file?)"
      )
    }
    let order = MATFile.columnMajorToRowMajor(shape: grid)
    var numbers = [Double](repeating: 0, count: refs.count)
    var strings = [String](repeating: "", count: refs.count)
    var kinds = Set<String>()
    var description = ""
    for (k, ref) in refs.enumerated() {
      guard let ref, hdf5.kind(of: ref) == .dataset else {
        kinds.insert("struct")
        continue
      }
      let cls = try matlabClass(ref) ?? ""
      let shape = try matlabShape(ref)
      if cls == "char", shape.count == 2, shape[0] <= 1 {
        strings[order[k]] = try read(dataset: hdf5.dataset(ref), matlabClass: "char", name: name).strings.first ?? ""
        kinds.insert("char")
      } else if ArraySummary.elementCount(shape) == 1, cls != "cell", cls != "char" {
        numbers[order[k]] = try read(dataset: hdf5.dataset(ref), matlabClass: cls, name: name).doubles(context: name)[0]
        kinds.insert("number")
      } else {
        kinds.insert("array")
        if description.isEmpty { description = "\(shape.map(String.init).joined(separator: "×")) \(cls)" }
      }
    }
    if kinds == ["number"] {
      return NDArray(shape: grid, values: .float64(numbers), sourceType: "double", sourceWasFortranOrder: true)
    }
    if kinds == ["char"] {
      return NDArray(shape: grid, values: .string(strings), sourceType: "char", sourceWasFortranOrder: true)
    }
    let base = name.split(separator: "/").dropLast().joined(separator: "/")
    let field = name.split(separator: "/").last.map(String.init) ?? name
    let held = description.isEmpty ? "elements of several kinds" : "a \(description) (or other) in each element"
    throw NeurometryError.unsupported(
      path: path, field: name,
      message:
        "is field '\(field)' of the \(grid.map(String.init).joined(separator: "×")) struct array '\(base)', holding \(held); read one element's with --dataset '\(base)(1)/\(field)'"
    )
  }

  /// Every variable and, inside scalar structs and struct arrays, every field, summarised for
  /// `inspect` in MATLAB's shape: values where they can be read (`array(named:)`), shape and class
  /// otherwise. Names are those `array(named:)` reads. At most `limit` entries (a warning says
  /// when the listing stopped). A struct reached again through another hard link (a damaged file
  /// whose groups link in a cycle: found by fuzzing, 4 GB read) is listed, not entered again.
  func summaries(limit: Int = 2_000) throws -> (arrays: [ArraySummary], warnings: [String]) {
    var out: [ArraySummary] = []
    var stopped = false
    var entered = Set<UInt64>()
    var unread: [String] = []
    func visit(_ label: String, _ object: String, depth: Int) throws {
      guard out.count < limit else {
        stopped = true
        return
      }
      let cls = try matlabClass(object) ?? ""
      let shape = try matlabShape(object)
      if hdf5.kind(of: object) == .group, try sparseRows(object) == nil {
        out.append(ArraySummary(name: label, shape: shape, dtype: cls.isEmpty ? "struct" : cls, order: "F"))
        guard depth < 16, let address = hdf5.objectAddress(object), entered.insert(address).inserted else { return }
        for field in try hdf5.children(of: object) {
          try visit(label + "/" + field, HDF5File.join(object, field), depth: depth + 1)
        }
        return
      }
      do {
        var summary = try ArraySummary(name: label, array: array(named: label))
        summary.shape = shape
        summary.count = ArraySummary.elementCount(shape)
        out.append(summary)
      } catch {
        out.append(ArraySummary(name: label, shape: shape, dtype: cls.isEmpty ? "struct field" : cls, order: "F"))
        // What cannot be read as one array (cells, structs of arrays) says so when read by name;
        // a damaged variable is reported here.
        if case .malformedFile(_, _, let message) = error as? NeurometryError {
          unread.append("\(label): its values were not read: \(message)")
        }
      }
    }
    for name in try variableNames() { try visit(name, "/" + name, depth: 0) }
    let warnings =
      unread
      + (stopped
        ? ["listing stopped at \(limit.grouped) variables and fields; read others by name with --dataset"] : [])
    return (out, warnings)
  }
}
