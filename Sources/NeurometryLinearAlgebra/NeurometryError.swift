import Foundation

/// Every error Neurometry reports to its users.
///
/// Each case carries the fields a person needs to fix the problem: the file, the field or object
/// inside it, what was expected and what was found. `description` renders one line of the form
/// `where: what (expected …, found …)`; the command-line tool prints it as is and exits 1.
///
/// Programmer errors (a negative LAPACK argument index, an out-of-range subscript) are not
/// represented here: they trap with a message, because no input file can cause them.
public enum NeurometryError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
  /// A file that should exist does not (or cannot be opened).
  case fileNotFound(path: String)
  /// A file could not be read at the operating-system level.
  case unreadableFile(path: String, reason: String)
  /// A file's content does not follow its format. `field` names the part (header, member, dataset path).
  case malformedFile(path: String, field: String?, message: String)
  /// A valid file that holds something Neurometry does not read, with the reason and what to do.
  case unsupported(path: String, field: String?, message: String)
  /// Inputs whose sizes disagree, e.g. 96 labels for 95 rows.
  case shapeMismatch(context: String, message: String)
  /// Values that are not acceptable, e.g. NaN where a finite number is needed.
  case invalidInput(context: String, message: String)
  /// A matrix that cannot be factorised or inverted as asked.
  case singularMatrix(operation: String, message: String)
  /// A matrix that should be symmetric positive definite but is not.
  case notPositiveDefinite(operation: String, message: String)
  /// An iterative algorithm that did not converge.
  case didNotConverge(operation: String, message: String)
  /// A C library call failed with a status code (HDF5, zlib, FFTW).
  case library(name: String, call: String, message: String)
  /// An output file already exists and `--force`/`overwrite` was not given.
  case outputExists(path: String)

  /// One line, `where: what (expected …, found …)`, naming the file, field or operation concerned.
  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "\(path): no such file"
    case .unreadableFile(let path, let reason):
      return "\(path): cannot be read (\(reason))"
    case .malformedFile(let path, let field, let message):
      return field.map { "\(path): \($0): \(message)" } ?? "\(path): \(message)"
    case .unsupported(let path, let field, let message):
      return field.map { "\(path): \($0): \(message)" } ?? "\(path): \(message)"
    case .shapeMismatch(let context, let message):
      return "\(context): \(message)"
    case .invalidInput(let context, let message):
      return "\(context): \(message)"
    case .singularMatrix(let operation, let message):
      return "\(operation): singular matrix: \(message)"
    case .notPositiveDefinite(let operation, let message):
      return "\(operation): matrix is not positive definite: \(message)"
    case .didNotConverge(let operation, let message):
      return "\(operation): did not converge: \(message)"
    case .library(let name, let call, let message):
      return "\(name) \(call) failed: \(message)"
    case .outputExists(let path):
      return "\(path): already exists; pass --force to overwrite it"
    }
  }

  /// The same text as `description`, for `LocalizedError` (`localizedDescription`).
  public var errorDescription: String? { description }

  /// The same error with `context` put in front of its own (`file: layer 'x': rdm (correlation): …`),
  /// for errors about values and shapes raised where the file is not known; errors that name a
  /// file already are returned as they are.
  public func prefixed(_ context: String) -> NeurometryError {
    switch self {
    case .shapeMismatch(let c, let m): return .shapeMismatch(context: "\(context): \(c)", message: m)
    case .invalidInput(let c, let m): return .invalidInput(context: "\(context): \(c)", message: m)
    case .singularMatrix(let o, let m): return .singularMatrix(operation: "\(context): \(o)", message: m)
    case .notPositiveDefinite(let o, let m): return .notPositiveDefinite(operation: "\(context): \(o)", message: m)
    case .didNotConverge(let o, let m): return .didNotConverge(operation: "\(context): \(o)", message: m)
    case .fileNotFound, .unreadableFile, .malformedFile, .unsupported, .library, .outputExists: return self
    }
  }

  /// What went wrong, without the file and field it is about (for a list that already names
  /// them): a malformed or unsupported file's message, every other error's full description.
  public var reason: String {
    switch self {
    case .malformedFile(_, _, let message), .unsupported(_, _, let message): return message
    default: return description
    }
  }

  /// The file the error is about, for the cases that carry one (missing, unreadable, malformed or
  /// unsupported files, an output that exists); nil for errors about values and shapes.
  public var path: String? {
    switch self {
    case .fileNotFound(let path), .unreadableFile(let path, _), .malformedFile(let path, _, _),
      .unsupported(let path, _, _), .outputExists(let path):
      return path
    case .shapeMismatch, .invalidInput, .singularMatrix, .notPositiveDefinite, .didNotConverge, .library:
      return nil
    }
  }
}

extension Int {
  /// The integer with thousands separators, as error messages print counts: 61,440.
  public var grouped: String {
    let digits = String(self.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return self < 0 ? "-" + out : out
  }
}
