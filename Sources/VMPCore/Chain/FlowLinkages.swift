import Foundation

/// Chains with flows: the full-mode input-output system of a year (docs/model.md §5) and the
/// linkage coefficients derived from it, b_ij = z_ij / x_i (forward, `link`) and
/// a_ij = z_ij / x_j (backward, `pull`), for pairs whose coefficient is not published.
extension ChainContext {
    /// The full-mode system of `year` from the chain's flows Z and outputs x (`output` of
    /// every stage in that year), both in base units; `nil` when the chain has no flows that year.
    /// - Throws: a ``Diagnostic`` naming the stages whose output is missing, zero or not a mass.
    /// - Parameter exogenous: a stage whose row and column of Z are left out (0): the household
    ///   stage in the open model.
    func flowSystem(_ year: Int, _ range: SourceRange, exogenous: String? = nil) throws(Diagnostic) -> IOSystem? {
        guard chain.hasFlows(in: year) else { return nil }
        let ids = chain.stages.map(\.id)
        let flowUnit = try balanceUnit(year, range)
        var z = Matrix(rows: ids.count, cols: ids.count, repeating: 0)
        let position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let left = exogenous.flatMap { position[$0] }
        // Dense blocks (wide tables) straight into Z; sparse rows by their stages' positions.
        for block in chain.denseLinkages where block.kind == .flow && block.year == year {
            let n = block.ids.count
            let rows = block.ids.map { position[$0] }
            for i in 0..<n {
                guard let r = rows[i], r != left else { continue }
                for j in 0..<n where block.present[i * n + j] {
                    guard let c = rows[j], c != left else { continue }
                    z[r, c] = block.values[i * n + j] * flowUnit.scale
                }
            }
        }
        for (key, p) in chain.linkageStore.sparseEntries(.flow, year: year) {
            guard let i = position[key.from], let j = position[key.to] else { continue }
            if let exogenous, key.from == exogenous || key.to == exogenous { continue }
            z[i, j] = p.value * flowUnit.scale
        }
        var x: [Double] = []
        var missing: [String] = []
        for id in ids {
            guard let p = chain.quantities[QuantityKey(stage: id, quantity: "output", year: year)] else {
                missing.append(id)
                continue
            }
            let q = try quantity(from: p, label: QuantityKey(stage: id, quantity: "output", year: year).label)
            guard q.unit.sameDimension(flowUnit) else {
                throw Diagnostic(.runtime, "\(id).output[\(year)] is in \(q.unit.name.isEmpty ? "no unit" : q.unit.name), not a mass like the flows (\(flowUnit.name))", at: range)
            }
            guard q.value > 0 else {
                throw Diagnostic(.runtime, "\(id).output[\(year)] is \(formatter.quantity(q)): the coefficients z/x need every output above 0", at: range)
            }
            x.append(q.value * q.unit.scale)
        }
        if !missing.isEmpty {
            throw Diagnostic(.runtime, "chain \(chain.name) has flows for \(year) but no output for \(missing.joined(separator: ", ")): the model needs the output x of every stage with the flows Z", at: range,
                             hint: "add rows like \(missing[0]),output,\(year),VALUE,\(chain.flowUnit ?? "t"),SOURCE to the chain's quantities file")
        }
        do throws(IOModelError) {
            return try IOSystem.fromFlows(Z: z, x: x, stageIDs: ids)
        } catch {
            throw diagnostic(error, year: year, range)
        }
    }

    /// The (from, to) pairs of `kind` for `link`/`pull`: published ones, and every pair with a
    /// flow (its coefficient is derived), in chain order.
    func linkagePairsWithFlows(_ kind: LinkageKind) -> [(from: String, to: String)] {
        var pairs = chain.linkagePairs(kind)
        for pair in chain.linkagePairs(.flow) where !pairs.contains(where: { $0.from == pair.from && $0.to == pair.to }) {
            pairs.append(pair)
        }
        let order = Dictionary(uniqueKeysWithValues: chain.stages.enumerated().map { ($1.id, $0) })
        return pairs.sorted { (order[$0.from] ?? 0, order[$0.to] ?? 0) < (order[$1.from] ?? 0, order[$1.to] ?? 0) }
    }

    /// The coefficient of `kind` at (from, to) in `year`: the published one, else derived from
    /// the flow and the output of the dividing stage (from for forward, to for backward), with
    /// both as its sources; `nil` (NA) when neither is there.
    func linkageQuantity(_ key: LinkageKey) throws(Diagnostic) -> Quantity? {
        if let p = chain.linkages[key] {
            return try quantity(from: p, label: key.label)
        }
        var flowKey = key
        flowKey.kind = .flow
        guard key.kind != .flow, let z = chain.linkages[flowKey] else { return nil }
        let outputKey = QuantityKey(stage: key.kind == .forward ? key.from : key.to, quantity: "output", year: key.year)
        guard let x = chain.quantities[outputKey] else { return nil }
        let flow = try quantity(from: z, label: flowKey.label)
        let output = try quantity(from: x, label: outputKey.label)
        guard flow.unit.sameDimension(output.unit), output.value != 0 else { return nil }
        let ratio = flow.value * flow.unit.scale / (output.value * output.unit.scale)
        return flow.computed(ratio, Unit.one, with: output)
    }

    /// Said under `link()` and `pull()` tables of chains with flows.
    func derivedNote(_ kind: LinkageKind) -> String? {
        guard chain.hasFlows else { return nil }
        return kind == .forward
            ? "derived from flows where no coefficient is published: b_ij = z_ij / x_i (flow over the supplying stage's output)"
            : "derived from flows where no coefficient is published: a_ij = z_ij / x_j (flow over the receiving stage's output)"
    }
}
