import Foundation
import NeurometryTestSupport
import Testing

/// `neurometry measures`: the catalogue lists every measure, and each parameter's choices are
/// exactly the values the named command accepts (read from that command's own --help).
@Suite struct MeasuresCommandTests {
  struct Envelope: Decodable {
    struct Measure: Decodable {
      struct Parameter: Decodable {
        let name: String
        let choices: [String]?
        let `default`: String?
      }
      let name: String
      let family: String
      let command: String
      let parameters: [Parameter]
    }
    let result: [Measure]
  }

  /// The values an option's --help lists: "--name <name> … (values: a, b, c; default: a)".
  static func helpValues(_ help: String, option: String) -> [String]? {
    let flat = help.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
    guard let start = flat.range(of: "--\(option) <") else { return nil }
    let rest = flat[start.upperBound...]
    let next = rest.range(of: " --")?.lowerBound ?? rest.endIndex
    let text = rest[..<next]
    guard let values = text.range(of: "(values: ") else { return nil }
    let list = text[values.upperBound...].prefix { $0 != ";" && $0 != ")" }
    return list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
  }

  @Test func everyChoiceIsWhatTheCommandAccepts() throws {
    let r = try CLIRunner.run(["measures", "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let measures = try JSONDecoder().decode(Envelope.self, from: Data(r.stdout.utf8)).result
    // 6 RDM methods, 10 comparators, 6 transforms, evaluation, CKA, 3 shape, 3 encoding, noise, 2 ceilings.
    #expect(measures.count == 33)
    #expect(Set(measures.map { "\($0.family)/\($0.name)" }).count == measures.count)
    var checked = 0
    var helps: [String: String] = [:]
    for m in measures {
      let command = String(m.command.split(separator: " ")[0])
      if helps[command] == nil { helps[command] = try CLIRunner.run([command, "--help"]).stdout }
      let help = helps[command] ?? ""
      #expect(!help.isEmpty, "\(m.name): no help for '\(command)'")
      for p in m.parameters {
        guard let choices = p.choices, let values = Self.helpValues(help, option: p.name) else { continue }
        #expect(
          Set(choices) == Set(values), "\(m.family)/\(m.name) --\(p.name): \(choices) vs \(command) --help \(values)")
        if let d = p.default { #expect(choices.contains(d), "\(m.name) --\(p.name) default \(d)") }
        checked += 1
      }
    }
    #expect(checked >= 21, "only \(checked) choices cross-checked")
  }

  @Test func familyFilterAndHumanList() throws {
    let cka = try CLIRunner.run(["measures", "--family", "cka"])
    #expect(cka.status == 0 && cka.stdout.contains("--median (squared-full|squared-pairs|distance-pairs)"))
    #expect(!cka.stdout.contains("crossnobis"))
    let bad = try CLIRunner.run(["measures", "--family", "nope"])
    #expect(bad.status == 1 && bad.stderr.contains("no family 'nope' (families: rdm, "))
  }
}
