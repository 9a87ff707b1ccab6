import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Negative option values (`--prior-lambda -1`, `--alphas -1,2`) reach the command instead of
/// failing with "Missing value" (issue 13): the binary attaches them as `--option=-1`.
@Suite struct NegativeValueTests {
  let rsa = Fixtures.directory + "/rsa"

  @Test func aNegativeNumberIsAValue() throws {
    // Spaced and attached forms give the same run; with zero counts a negative prior makes a rate
    // negative, which the estimator reports (the option parser no longer stops first).
    for form in [["--prior-lambda", "-0.5"], ["--prior-lambda=-0.5"]] {
      let r = try CLIRunner.run(["rdm", "\(rsa)/pois_measurements.npy", "--method", "poisson"] + form)
      #expect(r.status == 1, "\(r.stderr)")
      #expect(r.stderr.contains("Poisson rates must be positive after the prior"), "\(r.stderr)")
      #expect(r.stderr.contains("x + λ·w = -0.05"), "\(r.stderr)")
    }
    let shifted = try CLIRunner.run([
      "rdm", "\(rsa)/pois_measurements.npy", "--method", "poisson", "--prior-lambda", "-.5", "--prior-weight", "-0.01",
      "--json",
    ])
    #expect(shifted.status == 0, "\(shifted.stderr)")
    let decoded = try JSONDecoder().decode(Report.self, from: Data(shifted.stdout.utf8))
    #expect(decoded.parameters.priorLambda == -0.5 && decoded.parameters.priorWeight == -0.01)
  }

  @Test func aNegativeListReachesItsValidation() throws {
    let activations = Fixtures.path("encoding", "cli_activations.npz")
    let responses = Fixtures.path("encoding", "cli_responses.npy")
    let r = try CLIRunner.run(["encode", activations, responses, "--layer", "late", "--alphas", "-1,2"])
    #expect(r.status != 0)
    #expect(!r.stderr.contains("Missing value"), "\(r.stderr)")
    #expect(r.stderr.contains("penalty α = -1.0 is not allowed"), "\(r.stderr)")
  }

  struct Report: Decodable {
    struct Parameters: Decodable {
      let priorLambda: Double?
      let priorWeight: Double?
      enum CodingKeys: String, CodingKey {
        case priorLambda = "prior_lambda"
        case priorWeight = "prior_weight"
      }
    }
    let parameters: Parameters
  }
}
