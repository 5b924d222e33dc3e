import Foundation

/// Shocks of several stages at once: `shock {agri: +600 USD, manu: +1500 USD} in 2009 pull`
/// and `shock df in 2009 pull` (docs/model.md §4.7). The propagation is in
/// ``ChainContext/vectorShock(_:_:_:_:_:_:)``.
extension Evaluator {
    /// The response to the vector `size` (a record, or any expression giving a vector by stage
    /// or a years × stages table) in `years`.
    /// - Throws: for a size that is not a vector by stage of one chain, and what
    ///   ``ChainContext/vectorShock(_:_:_:_:_:_:)`` throws.
    func vectorShock(_ size: Expr, _ years: Expr, _ mode: ShockMode?, _ range: SourceRange) throws(Diagnostic) -> Value {
        let chainName: String?
        let value: Value
        if case .record(let fields, let recordRange) = size {
            let record = try self.record(fields, recordRange, forShock: true)
            chainName = record.chain
            value = record.vector
        } else {
            value = try evaluate(size)
            chainName = try shockChain(of: value, size.range)
        }
        let yearsValue = try evaluate(years)
        return try context(chainName).vectorShock(Argument(value: value, range: size.range), InfixPrinter.print(size),
                                                  yearsValue, years.range, mode, range)
    }

    /// The chain whose stages key `value` (a vector by stage, or a years × stages table).
    private func shockChain(of value: Value, _ range: SourceRange) throws(Diagnostic) -> String? {
        let keys: [String]
        switch value {
        case .keyed(let k) where k.keyKind == .stage: keys = k.keys
        case .table(let t) where t.rowKind == .year && t.columnKind == .stage: keys = t.columnKeys
        case .stage(let s):
            throw Diagnostic(.runtime, "a shock of stage \(s.id) needs a size", at: range,
                             hint: "shock \(s.id) by +10% in \(chain.years.upperBound), or several stages: shock {\(s.id): …} in \(chain.years.upperBound)")
        default:
            throw Diagnostic(.runtime, "a shock of several stages needs a vector by stage, found \(ops.describe(value))", at: range,
                             hint: "shock {\(chain.stages.prefix(2).map { "\($0.id): …" }.joined(separator: ", "))} in \(chain.years.upperBound), or a vector such as vector(\(chain.stages.first?.id ?? "S1"), 1, …)")
        }
        if keys == chain.stages.map(\.id) { return nil }
        if let other = chains.values.sorted(by: { $0.name < $1.name }).first(where: { $0.stages.map(\.id) == keys }) { return other.name }
        throw Diagnostic(.runtime, "the shock's vector is keyed by \(keys.joined(separator: ", ")), which are not the stages of a chain of this session", at: range)
    }

    /// `{agri: +600 USD, manu: +1500 USD}`: a vector by stage of the keys' chain, 0 (in the
    /// first value's unit) for the stages not named. `forShock`: each value is checked against
    /// the chain's shock unit where it is written.
    /// - Throws: for a key that is not a stage, keys of two chains, a stage given twice, a
    ///   value that is not a number, values of different dimensions; for a shock also a
    ///   percentage or a value outside the chain's shock unit.
    func record(_ fields: [RecordField], _ range: SourceRange, forShock: Bool = false) throws(Diagnostic) -> (chain: String, vector: Value) {
        var chainName: String?
        var sizes: [String: Quantity] = [:]
        var written: [String] = []
        var firstUnit: Unit?
        for field in fields {
            guard case .stage(let stage) = try evaluate(field.key) else {
                throw Diagnostic(.runtime, "the record's key \(InfixPrinter.print(field.key)) is not a stage", at: field.key.range,
                                 hint: "stages: \(chain.stages.map(\.id).joined(separator: ", "))")
            }
            if let chainName, chainName != stage.chain {
                throw Diagnostic(.runtime, "the record mixes stages of chains \(chainName) and \(stage.chain)", at: field.key.range)
            }
            chainName = stage.chain
            guard sizes[stage.id] == nil else {
                throw Diagnostic(.runtime, "stage \(stage.id) is given twice in the record", at: field.key.range)
            }
            let value = try evaluate(field.value)
            guard case .quantity(let q) = value else {
                throw Diagnostic(.runtime, "the value of \(stage.id) must be a number, found \(ops.describe(value))", at: field.value.range)
            }
            if forShock { try context(stage.chain).checkVectorShockUnit(q, of: stage.id, field.value.range) }
            if let firstUnit, !q.unit.sameDimension(firstUnit) {
                throw Diagnostic(.runtime, "the record mixes \(firstUnit.dimensionDescription) and \(q.unit.dimensionDescription): the value of \(stage.id) is \(formatter.quantity(q))", at: field.value.range)
            }
            firstUnit = firstUnit ?? q.unit
            sizes[stage.id] = q
            written.append("\(stage.id): \(q.value >= 0 ? "+" : "")\(formatter.quantity(q))")
        }
        let ctx = context(chainName)
        let zero = Quantity(0, firstUnit ?? Unit.one)
        let label = "{" + written.joined(separator: ", ") + "}"
        return (ctx.chain.name, .keyed(Keyed(label: label, keyKind: .stage, keys: ctx.stageIDs, items: ctx.stageIDs.map { sizes[$0] ?? zero })))
    }
}
