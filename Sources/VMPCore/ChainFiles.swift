import Foundation

/// Chains from files and values out to files (issue 5). Placeholder until chain manifests and
/// exporters land: both say plainly that they are not available yet.
extension Evaluator {
    func loadChain(path: String, as name: String, _ range: SourceRange) throws(Diagnostic) -> Chain {
        throw Diagnostic(.runtime, "loading chain files is not available yet", at: range)
    }

    func export(_ value: Value, to path: String, overwrite: Bool, _ range: SourceRange) throws(Diagnostic) {
        throw Diagnostic(.runtime, "export is not available yet", at: range)
    }
}
