import NeurometryLinearAlgebra

/// An hdmf `DynamicTable` group (NWB units, trials, any TimeIntervals): an `id` dataset, one
/// dataset per column (`colnames` attribute gives their order), and for ragged columns a
/// `<name>_index` dataset of cumulative end offsets into the flat `<name>` data.
///
/// Ragged columns are read in one call (the whole flat dataset and its index), then split; the
/// index must be non-decreasing and must not point past the end of the data.
struct NWBDynamicTable {
  let file: HDF5File
  let path: String
  let ids: [Int64]
  /// Column names in the table's own order (`colnames`), ragged ones included, `_index` excluded.
  let columnNames: [String]

  var rowCount: Int { ids.count }

  init(file: HDF5File, path: String) throws {
    self.file = file
    self.path = HDF5File.normalise(path)
    try file.require(self.path, .group)
    let members = try file.children(of: self.path)
    guard members.contains("id") else {
      throw NeurometryError.malformedFile(
        path: file.path, field: self.path,
        message: "is not a DynamicTable: it has no 'id' dataset (members: \(members.joined(separator: ", ")))")
    }
    ids = try file.dataset(HDF5File.join(self.path, "id")).readIntegers()
    let declared = (try? file.attribute("colnames", of: self.path))??.strings
    if let declared, !declared.isEmpty {
      columnNames = declared.filter { members.contains($0) }
    } else {
      columnNames = members.filter { $0 != "id" && !$0.hasSuffix("_index") }
    }
  }

  func has(_ column: String) -> Bool { file.kind(of: HDF5File.join(path, column)) == .dataset }

  func isRagged(_ column: String) -> Bool { has(column + "_index") }

  /// Every 1-D, non-ragged column except `excluded`, and the columns left out with why (ragged,
  /// multi-dimensional, of the wrong length or of a type Neurometry does not decode).
  func flatColumns(excluding excluded: Set<String>) -> (columns: [String: NDArray], skipped: [String: String]) {
    var columns: [String: NDArray] = [:]
    var skipped: [String: String] = [:]
    for name in columnNames where !excluded.contains(name) {
      if isRagged(name) {
        skipped[name] = "it is ragged (a list per row, through \(name)_index)"
        continue
      }
      do {
        let array = try column(name)
        guard array.dimensions == 1 else {
          skipped[name] = "it has shape \(array.shapeDescription), not one value per row"
          continue
        }
        columns[name] = array
      } catch let error as NeurometryError {
        skipped[name] = error.description
      } catch {
        skipped[name] = "\(error)"
      }
    }
    return (columns, skipped)
  }

  /// A one-value-per-row column, checked against the row count.
  func column(_ name: String) throws -> NDArray {
    let columnPath = HDF5File.join(path, name)
    guard has(name) else {
      try file.throwIfDamaged(columnPath)
      throw NeurometryError.malformedFile(
        path: file.path, field: columnPath,
        message: "no such column (\(path) has: \(columnNames.joined(separator: ", ")))")
    }
    let dataset = try file.dataset(columnPath)
    let array = try dataset.read()
    guard array.shape.first == rowCount else {
      throw NeurometryError.shapeMismatch(
        context: "\(file.path): \(columnPath)",
        message:
          "has \((array.shape.first ?? 1).grouped) rows but \(HDF5File.join(path, "id")) has \(rowCount.grouped)")
    }
    return array
  }

  /// A ragged column: the flat values and `rowCount + 1` offsets (row i is
  /// `values[offsets[i]..<offsets[i + 1]]`), validated.
  func ragged(_ name: String) throws -> (values: NDArray, offsets: [Int]) {
    let dataPath = HDF5File.join(path, name)
    let indexPath = dataPath + "_index"
    let values = try file.dataset(dataPath).read()
    let index = try file.dataset(indexPath).readIntegers()
    let total = values.shape.first ?? 0
    guard index.count == rowCount else {
      throw NeurometryError.shapeMismatch(
        context: "\(file.path): \(indexPath)",
        message: "has \(index.count.grouped) entries but \(HDF5File.join(path, "id")) has \(rowCount.grouped) rows")
    }
    var offsets = [0]
    offsets.reserveCapacity(rowCount + 1)
    for (row, end) in index.enumerated() {
      let previous = offsets[row]
      if end < Int64(previous) {
        throw NeurometryError.malformedFile(
          path: file.path, field: nil,
          message:
            "\(indexPath) is not increasing at row \(row) (value \(Int(end).grouped) < \(previous.grouped))")
      }
      if end > Int64(total) {
        throw NeurometryError.malformedFile(
          path: file.path, field: nil,
          message:
            "\(indexPath) points past the end of \(dataPath) at row \(row) (value \(Int(end).grouped) > \(total.grouped) values)"
        )
      }
      offsets.append(Int(end))
    }
    return (values, offsets)
  }
}
