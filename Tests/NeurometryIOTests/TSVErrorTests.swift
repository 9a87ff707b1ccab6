import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Broken TSV/events files: each a one-line error naming the file, column and line.
@Suite struct TSVErrorTests {
  static let cases: [(String, [String])] = [
    ("ragged.tsv", ["ragged.tsv", "line 3", "has 2 tab-separated fields but the header has 3"]),
    ("no_onset.tsv", ["no_onset.tsv", "column 'onset'", "is missing", "'start', 'duration', 'trial_type'"]),
    ("duration_na.tsv", ["duration_na.tsv", "column 'duration', line 2", "is n/a"]),
    ("onset_text.tsv", ["onset_text.tsv", "column 'onset', line 3", "'soon' is not a finite number"]),
    ("unclosed_quote.tsv", ["unclosed_quote.tsv", "line 2", "never closed"]),
    ("duplicate_column.tsv", ["duplicate_column.tsv", "column 'onset' appears twice"]),
    ("negative_duration.tsv", ["negative_duration.tsv", "column 'duration', line 2", "is -2.0", "0 or more"]),
    ("condition_na.tsv", ["condition_na.tsv", "column 'trial_type', line 3", "is n/a", "--drop-na-events"]),
    ("empty.tsv", ["empty.tsv", "is empty", "header row"]),
  ]

  @Test(arguments: TSVErrorTests.cases)
  func brokenEventsFileHasAClearMessage(file: String, fragments: [String]) {
    expectNeurometryError(fragments, file) { _ = try BIDSEvents.read(Fixtures.path("fmri", "events/broken/\(file)")) }
  }
}
