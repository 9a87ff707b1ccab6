import ArgumentParser
import Neurometry

/// The models `encode` fits.
enum EncodeModelChoice: String, CaseIterable, ExpressibleByArgument {
  case ridge
  case banded
  case pls
}

/// Published recipes `encode --preset` reproduces.
enum EncodePreset: String, CaseIterable, ExpressibleByArgument {
  case brainscore
}

/// Library choices the CLI takes as option values.
extension EncodingScore: ExpressibleByArgument {}
extension CeilingNormalization: ExpressibleByArgument {}
