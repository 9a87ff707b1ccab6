import Foundation
import NeurometryLinearAlgebra

/// Lists of records in JSON files (given splits, bootstrap draws): one reader, one error style.
public enum JSONFile {
  /// The non-empty JSON list of `T` in `path`. Errors name the file and say what was `expected`
  /// (e.g. `{"train": [indices], "test": [indices]}`) with the decoder's reason.
  public static func readList<T: Decodable>(_ type: T.Type, from path: String, expected: String) throws -> [T] {
    let data = try FileAccess.read(path)
    let list: [T]
    do {
      list = try JSONDecoder().decode([T].self, from: data)
    } catch {
      throw NeurometryError.malformedFile(
        path: path, field: nil, message: "expected a JSON list of \(expected) objects (\(error.localizedDescription))")
    }
    guard !list.isEmpty else {
      throw NeurometryError.malformedFile(path: path, field: nil, message: "holds no entries")
    }
    return list
  }
}
