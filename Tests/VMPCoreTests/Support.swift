import Foundation
@testable import VMPCore

/// Runs sources in one session against the built-in chain and collects what a user would see.
final class Harness {
    let session: Session

    init(precision: Int? = nil) throws {
        session = Session(chain: try Chain.vanadium(), formatter: Formatter(precision: precision))
    }

    /// The printed output of `source`, or its rendered diagnostics (name `t`).
    func run(_ source: String) -> String {
        var lines: [String] = []
        let outcome = session.run(source) { lines.append($0) }
        if !outcome.succeeded {
            lines.append(Session.render(outcome.diagnostics, source: source, name: "t"))
        }
        return lines.joined(separator: "\n")
    }

    /// The diagnostics of `source` (empty on success).
    func diagnostics(_ source: String) -> [Diagnostic] {
        session.run(source) { _ in }.diagnostics
    }
}

/// The package's root directory, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A small deterministic random number generator (SplitMix64) for tests that need random
/// inputs that are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
