import NeurometryLinearAlgebra
import Testing

/// The message of the error `body` throws, for checking what a bad input is told: a
/// `NeurometryError`'s one-line description, "other error …" for any other error (so an
/// expected message never matches it), "no error" when `body` returns.
public func errorMessage(_ body: () throws -> Void) -> String {
  do {
    try body()
    return "no error"
  } catch let error as NeurometryError {
    return error.description
  } catch {
    return "other error \(error)"
  }
}

/// Expects `body` to throw a `NeurometryError` whose message is one line and contains every one
/// of `fragments`. Otherwise records one issue for each failure, naming `what` (e.g. the file
/// read) and the message.
public func expectNeurometryError(
  _ fragments: [String], _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) {
  let prefix = what.isEmpty ? "" : "\(what): "
  do {
    try body()
    Issue.record("\(prefix)no error; expected one mentioning \(fragments)", sourceLocation: sourceLocation)
  } catch let error as NeurometryError {
    let message = error.description
    for f in fragments {
      #expect(message.contains(f), "\(prefix)'\(message)' lacks '\(f)'", sourceLocation: sourceLocation)
    }
    #expect(!message.contains("\n"), "\(prefix)'\(message)' is not one line", sourceLocation: sourceLocation)
  } catch {
    Issue.record("\(prefix)not a NeurometryError: \(error)", sourceLocation: sourceLocation)
  }
}
