import Foundation

/// `balance(S2, 2020)` and `balance(2020)`: the material-flow (MFA) mass balance of a stage in
/// a year, written as a physical input-output table (docs/model.md §7):
///
///     inputs  = flows in (Σ_i z_ij) + imports + extraction
///     outputs = flows out (Σ_k z_jk) + exports + losses + stock_change + final_use
///     residual = inputs − outputs,   relative = residual / inputs
///
/// Flows are the chain's `flow` rows of that year (a pair without a row has no flow); the other
/// terms are the stage quantities named `imports`, `extraction` (primary extraction),
/// `exports`, `losses` (process losses and waste), `stock_change` (stock added in the stage;
/// negative when stock is drawn down) and `final_use` (deliveries out of the chain to final
/// use), each of the year, else undated with a note. A term that is not published is NA and
/// counts as 0 in the sums. Everything is converted to the chain's `flow_unit`; a term that is
/// not a mass is an error. Worked example: flows in 100 kt, imports 20 kt, flows out 90 kt,
/// exports 10 kt, losses 15 kt → inputs 120 kt, outputs 115 kt, residual 5 kt, relative 4.17%.
extension Builtins {
    static let balance: [Builtin] = [
        Builtin("balance", .balance, arity: 1...2, usage: "balance(S2, 2020) or balance(2020)",
                help: "balance(STAGE, YEAR) or balance(YEAR) — the material-flow balance of a stage, in the chain's flow unit: inputs (flows in + imports + extraction) against outputs (flows out + exports + losses + stock_change + final_use), with the residual (inputs − outputs) absolute and relative to inputs. Unpublished terms show as NA and count as 0. Needs a chain with flows.") { call throws(Diagnostic) in
            try call.chain.balance(call)
        },
    ]
}

extension ChainContext {
    /// The quantity names of the balance's terms besides flows.
    static let balanceInputTerms = ["imports", "extraction"]
    static let balanceOutputTerms = ["exports", "losses", "stock_change", "final_use"]
    /// Keys of a stage's balance, in order.
    static let balanceKeys = ["flows_in"] + balanceInputTerms + ["inputs", "flows_out"] + balanceOutputTerms
        + ["outputs", "residual", "relative"]

    /// One stage's balance: the items in ``balanceKeys`` order, and notes.
    struct StageBalance {
        var items: [Quantity?]
        var notes: [String]
        var inputs: Double
        var outputs: Double
        var unit: Unit
        var residual: Double { inputs - outputs }
        var relative: Double? { inputs == 0 ? nil : residual / inputs }
    }

    /// `balance(STAGE, YEAR)` → a vector of the terms; `balance(YEAR)` → a stages × terms table.
    func balance(_ call: BuiltinCall) throws(Diagnostic) -> Value {
        let range = call.range
        switch call.args.count {
        case 1:
            let year = try checkYear(call[0].value, call[0].range)
            var cells: [[Quantity?]] = []
            var notes: [String] = []
            for stage in chain.stages {
                let b = try stageBalance(stage, year, range)
                cells.append(b.items)
                for note in b.notes where !notes.contains(note) { notes.append(note) }
            }
            notes.insert(ChainContext.balanceDefinition, at: 0)
            notes.append("terms that are not published (NA) count as 0 in inputs and outputs")
            return .table(Table(title: "Mass balance \(year) of chain \(chain.name)", rowKind: .stage, rowKeys: chain.stages.map(\.id),
                                columnKind: .column, columnKeys: ChainContext.balanceKeys, cells: cells, notes: notes))
        case 2:
            guard case .stage(let stage) = call[0].value, chain.stage(stage.id) != nil else {
                throw Diagnostic(.runtime, "expected a stage of chain \(chain.name) (\(stageIDs.joined(separator: ", "))), found \(ops.describe(call[0].value))",
                                 at: call[0].range, hint: "usage: balance(S2, 2020) or balance(2020)")
            }
            let year = try checkYear(call[1].value, call[1].range)
            let b = try stageBalance(stage, year, range)
            return .keyed(Keyed(label: "balance(\(stage.id), \(year))", keyKind: .column, keys: ChainContext.balanceKeys, items: b.items))
        default:
            throw Diagnostic(.runtime, "balance takes a stage and a year, or a year, given \(call.args.count) arguments",
                             at: range, hint: "usage: balance(S2, 2020) or balance(2020)")
        }
    }

    static let balanceDefinition = "inputs = flows in + imports + extraction; outputs = flows out + exports + losses + stock_change + final_use; residual = inputs − outputs; relative = residual / inputs"

    /// The unit the balance is in: the chain's flow unit.
    func balanceUnit(_ year: Int, _ range: SourceRange?) throws(Diagnostic) -> Unit {
        guard chain.hasFlows(in: year), let text = chain.flowUnit else {
            throw Diagnostic(.runtime, "chain \(chain.name) has no flows for \(year): a mass balance needs the flows between its stages", at: range,
                             hint: "give them as rows of kind flow in the chain's linkages file (from,to,year,flow,value,unit,source)")
        }
        do {
            return try chain.unit(text)
        } catch {
            throw Diagnostic(.runtime, "chain \(chain.name) gives its flows the unknown unit '\(text)'", at: range)
        }
    }

    /// The balance of `stage` in `year`, in the chain's flow unit.
    func stageBalance(_ stage: Stage, _ year: Int, _ range: SourceRange?) throws(Diagnostic) -> StageBalance {
        let unit = try balanceUnit(year, range)
        var notes: [String] = []

        func inUnit(_ q: Quantity, _ label: String) throws(Diagnostic) -> Quantity {
            guard q.unit.sameDimension(unit) else {
                throw Diagnostic(.runtime, "\(label) is in \(q.unit.name.isEmpty ? "no unit" : q.unit.name), not a mass like the flows (\(unit.name)): it cannot enter a mass balance", at: range)
            }
            return q.unit.name == unit.name ? q : q.computed(q.value * q.unit.scale / unit.scale, unit)
        }
        func flowSum(_ keys: [LinkageKey]) throws(Diagnostic) -> Quantity {
            var total = Quantity(0, unit)
            for key in keys {
                guard let p = chain.linkages[key] else { continue }
                let q = try inUnit(try quantity(from: p, label: key.label), key.label)
                total = total.computed(total.value + q.value, unit, with: q)
            }
            return total
        }
        func term(_ name: String) throws(Diagnostic) -> Quantity? {
            guard let q = try stageValue(stage.id, name, year, notes: &notes) else { return nil }
            return try inUnit(q, "\(stage.id).\(name)")
        }
        func sum(_ items: [Quantity?]) -> Quantity {
            var total = Quantity(0, unit)
            for case let q? in items { total = total.computed(total.value + q.value, unit, with: q) }
            return total
        }

        let ids = chain.stages.map(\.id)
        let flowsIn = try flowSum(ids.map { LinkageKey(from: $0, to: stage.id, kind: .flow, year: year) })
        let flowsOut = try flowSum(ids.map { LinkageKey(from: stage.id, to: $0, kind: .flow, year: year) })
        var inputTerms: [Quantity?] = []
        for name in ChainContext.balanceInputTerms { inputTerms.append(try term(name)) }
        var outputTerms: [Quantity?] = []
        for name in ChainContext.balanceOutputTerms { outputTerms.append(try term(name)) }
        let inputs = sum([flowsIn] + inputTerms)
        let outputs = sum([flowsOut] + outputTerms)
        let residual = inputs.computed(inputs.value - outputs.value, unit, with: outputs)
        let relative = inputs.value == 0 ? nil : residual.computed(residual.value / inputs.value / 0.01, Unit.percent)
        let items: [Quantity?] = [flowsIn] + inputTerms + [inputs, flowsOut] + outputTerms + [outputs, residual, relative]
        return StageBalance(items: items, notes: notes, inputs: inputs.value, outputs: outputs.value, unit: unit)
    }

    /// The audit's section on mass balances: every stage and year (with flows) whose residual
    /// is more than `tolerance` (a fraction: 0.01 = 1%) of its inputs, or that has a residual
    /// and no inputs.
    ///
    /// - Parameters:
    ///   - tolerance: The largest |residual| / inputs that passes.
    ///   - number: The section's number in the audit.
    func balanceAuditSection(tolerance: Double, number: Int = 4) -> String {
        let percent = Formatter(precision: 3).number(tolerance * 100)
        var text = "\(number). Mass balances that miss by more than \(percent)% of inputs.\n"
            + "   \(ChainContext.balanceDefinition)."
        let years = chain.years.filter { chain.hasFlows(in: $0) }
        guard !years.isEmpty else { return text + "\n   No flows: no mass balance to check." }
        if let unit = chain.flowUnit.flatMap({ try? chain.unit($0) }), unit.dimensions != .mass {
            return text + "\n   The flows are in \(unit.name.isEmpty ? "plain numbers" : unit.name), not a mass: no mass balance to check (see the accounts)."
        }
        var rows: [[String]] = []
        var problems: [String] = []
        for year in years {
            for stage in chain.stages {
                do throws(Diagnostic) {
                    let b = try stageBalance(stage, year, nil)
                    let off = b.relative.map { abs($0) > tolerance } ?? (b.residual != 0)
                    guard off else { continue }
                    let unit = b.unit.name.isEmpty ? "" : " \(b.unit.name)"
                    rows.append([String(year), stage.id, formatter.number(b.inputs) + unit, formatter.number(b.outputs) + unit,
                                 formatter.number(b.residual) + unit, b.relative.map { formatter.number($0 * 100) + "%" } ?? "NA"])
                } catch {
                    problems.append("   \(year) \(stage.id): cannot balance: \(error.message)")
                }
            }
        }
        if rows.isEmpty && problems.isEmpty {
            return text + "\n   None: every stage balances within \(percent)% in \(years.count == 1 ? "\(years[0])" : "\(years.count) years")."
        }
        if !rows.isEmpty {
            text += "\n" + formatter.grid(header: ["year", "stage", "inputs", "outputs", "residual", "relative"], rows: rows,
                                          rightAligned: [false, false, true, true, true, true])
                .split(separator: "\n").map { "   " + $0 }.joined(separator: "\n")
        }
        if !problems.isEmpty { text += "\n" + problems.joined(separator: "\n") }
        return text
    }
}
