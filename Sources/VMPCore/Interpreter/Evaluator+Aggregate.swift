/// `aggregate mb2 (agri, manu) as econ` (docs/model.md §10): checks the request and binds the
/// aggregated chain (``Chain/aggregated(_:as:)``) under its name, as `load … as` does.
extension Evaluator {
    /// - Throws: for an unknown chain or stage, a stage listed twice, fewer than two stages, the
    ///   household stage merged with others, a merged id or a chain name that clashes with a
    ///   stage, keyword, built-in, quantity or the session's chain.
    func aggregate(_ request: AggregateRequest, _ range: SourceRange) throws(Diagnostic) {
        let base: Chain
        if let source = request.source {
            guard let found = chains[source] else {
                throw Diagnostic(.runtime, "unknown chain '\(source)'", at: request.sourceRange ?? range,
                                 hint: Suggest.didYouMean(source, among: Array(chains.keys)) ?? "chains: \(chains.keys.sorted().joined(separator: ", "))")
            }
            base = found
        } else {
            base = chain
        }
        var seen: [String] = []
        for (id, idRange) in zip(request.stages, request.stageRanges) {
            guard base.stage(id) != nil else {
                throw Diagnostic(.runtime, "chain \(base.name) has no stage '\(id)'", at: idRange,
                                 hint: Suggest.didYouMean(id, among: base.stages.map(\.id)) ?? "stages: \(base.stages.map(\.id).joined(separator: ", "))")
            }
            guard !seen.contains(id) else { throw Diagnostic(.runtime, "stage \(id) is listed twice", at: idRange) }
            seen.append(id)
        }
        guard seen.count >= 2 else {
            throw Diagnostic(.runtime, "aggregate merges at least two stages, given \(seen.count)", at: range,
                             hint: "aggregate (\(base.stages.prefix(2).map(\.id).joined(separator: ", "))) as merged")
        }
        if let households = base.households, seen.contains(households) {
            throw Diagnostic(.runtime, "\(households) is the household stage of chain \(base.name): it cannot merge with producing stages", at: range)
        }
        let merged = Chain.mergedID(seen)
        if let problem = Chain.stageIDProblem(merged, chainName: request.name) {
            throw Diagnostic(.runtime, "the merged stage would be \(merged): \(problem)", at: range)
        }
        if base.stage(merged) != nil {
            throw Diagnostic(.runtime, "chain \(base.name) already has a stage \(merged), the id of the merged stage", at: range)
        }
        let name = request.name
        if let refusal = resolver.refusesBinding(name, at: request.nameRange) { throw refusal }
        if name == chain.name {
            throw Diagnostic(.runtime, "'\(name)' is the session's own chain; name the aggregated chain otherwise", at: request.nameRange,
                             hint: "aggregate … as \(name)2")
        }
        if chain.quantityNames.contains(name) {
            throw Diagnostic(.runtime, "'\(name)' is a quantity of chain \(chain.name): name the aggregated chain otherwise", at: request.nameRange,
                             hint: "aggregate … as \(name)_chain")
        }
        let (aggregated, notes) = base.aggregated(seen, as: name)
        chains[name] = aggregated
        for note in notes { emit(Markup("note: \(name): \(note)")) }
    }
}
