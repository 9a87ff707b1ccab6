extension RDMs {
  /// The same RDMs with other condition labels (same count; the labels are not checked).
  func relabelled(_ labels: [String]) -> RDMs {
    precondition(labels.count == conditionCount, "relabelled: \(labels.count) labels for \(conditionCount) conditions")
    return RDMs(
      unchecked: dissimilarities, conditions: labels, measure: measure, rdmDescriptors: rdmDescriptors,
      descriptors: descriptors, warnings: warnings)
  }
}
