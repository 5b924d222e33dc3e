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
