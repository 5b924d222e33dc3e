/// Multipliers and hypothetical extraction (docs/model.md §8–9): `output_multipliers(2009)`,
/// `multipliers(intensity[2020], 2020)`, `extract(S3, 2020)`. The math is in
/// ``IOSystem/outputMultipliers()``, ``IOSystem/multipliers(intensity:)`` and
/// ``IOSystem/extraction(stage:finalDemand:)``.
extension Builtins {
    static let multipliers: [Builtin] = [
        Builtin("output_multipliers", .multipliers, arity: 1...2, usage: "output_multipliers(2009) or output_multipliers(2009, type2)",
                help: "output_multipliers(year) — Type I output multipliers per stage: the column sums of L[year], the total output of all stages per unit of final demand for the stage (dimensionless; Miller & Blair 2009 §6.2.1; docs/model.md §8). output_multipliers(year, type2) — Type II: the model closed with respect to the chain's household stage (manifest `households`), the column sums of (I − Ā)⁻¹ over the producing stages, adding the output induced by household spending of the income earned (Miller & Blair 2009 §2.5, §6.2.1; docs/model.md §8.1). The household stage's own entry is NA in both. Error: type2 on a chain without a household stage.") { call throws(Diagnostic) in
            try call.chain.outputMultipliers(call)
        },
        Builtin("income_multipliers", .multipliers, arity: 1...1, usage: "income_multipliers(2009)",
                help: "income_multipliers(year) — household income multipliers of a chain with a household stage (manifest `households`), per producing stage j: the labour-input coefficient a_hj; the Type I income effect Σ_i a_hi l_ij (open model) and Type I multiplier (that / a_hj); the Type II income effect l̄_hj (closed model) and Type II multiplier (that / a_hj); and their ratio Type II / Type I, the same for every stage (l̄_hh). Household income per unit of final demand, dimensionless (Miller & Blair 2009 §6.2.2; docs/model.md §8.1).") { call throws(Diagnostic) in
            try call.chain.incomeMultipliers(call[0])
        },
        .option(.type2, .multipliers,
                help: "type2 — second argument of output_multipliers: Type II multipliers, the model closed with respect to households (docs/model.md §8.1)."),
        Builtin("multipliers", .multipliers, arity: 2...2, usage: "multipliers(intensity, 2020), e.g. multipliers(value_added[2009] / output[2009], 2009)",
                help: "multipliers(q, year) — the multipliers m = q · L[year] of an intensity q (a vector by stage: amount per unit of output, e.g. emissions per tonne, value added per unit of output; a years × stages quantity is read at the year): m_j = Σ_i q_i l_ij, in the unit of q (Miller & Blair 2009 §6.2; docs/model.md §8).") { call throws(Diagnostic) in
            try call.chain.multipliers(call[0], call[1])
        },
        Builtin("vector", .multipliers, arity: 2...1000, usage: "vector(agri, 600, manu, 1500)",
                help: "vector(stage, value, stage, value, …) — a vector by stage with the given values and 0 for the stages not named (all values in one dimension); e.g. a final-demand change for demand_pull.") { call throws(Diagnostic) in
            try call.chain.vector(call)
        },
        Builtin("demand_pull", .multipliers, arity: 2...2, usage: "demand_pull(vector(agri, 600, manu, 1500), 2009)",
                help: "demand_pull(Δf, year) — the output change Δx = L[year] Δf for a final-demand change Δf (a vector by stage, e.g. from vector(…) or final_demand[2009]), in the unit of Δf (Miller & Blair 2009 §2.3; docs/model.md §4).") { call throws(Diagnostic) in
            let year = try call.chain.checkYear(call[1].value, call[1].range)
            let (values, unit, origins) = try call.chain.stageVector(call[0], year: year, what: "the final-demand change")
            try call.chain.checkFinalDemandUnit(unit, call[0].range)
            let x = try call.chain.model(year, call[1].range) { (sys) throws(IOModelError) -> [Double] in
                try sys.pullResponse(finalDemand: values).total
            }
            let all = origins + call.chain.modelOrigins(.backward, year)
            return .keyed(Keyed(label: "demand_pull[\(year)]", keyKind: .stage, keys: call.chain.stageIDs,
                                items: x.map { Quantity($0, unit, origins: all) }))
        },
        Builtin("extract", .multipliers, arity: 2...3, usage: "extract(S3, 2020), extract(S3, 2020, backward) or extract(S3, 2020, forward)",
                help: "extract(stage, year) — hypothetical extraction (Dietzenbacher & van der Linden 1997, Miller & Lahr 2001; docs/model.md §9): per stage the output with and without the stage, the loss x − x̄ and the loss in % of x, and the total. The default (or `total`) sets the stage's row and column of A to 0 and removes its final demand; `backward` sets only its column of A to 0 (it buys nothing, x̄ = (I − Ā)⁻¹ f); `forward` sets its row of B to 0 in the supply-side model (it sells nothing, x̄ᵀ = vᵀ(I − B̄)⁻¹). Final demand f is the chain's final_demand of the year, else x − Z·1; value added v is its value_added, else x − Zᵀ·1.") { call throws(Diagnostic) in
            try call.chain.extract(call)
        },
        .option(.backward, .multipliers,
                help: "backward — third argument of extract: backward extraction, the stage's column of A set to 0 (it buys nothing from the chain; docs/model.md §9)."),
        .option(.forward, .multipliers,
                help: "forward — third argument of extract: forward extraction, the stage's row of B set to 0 in the supply-side (Ghosh) model (it sells nothing to the chain; docs/model.md §9)."),
    ]
}

extension ChainContext {
    /// One value per stage from a vector by stage, or from the row `year` of a years × stages
    /// table, converted to the unit of its first entry.
    /// - Throws: for another shape, other stages, an NA entry or mixed dimensions.
    func stageVector(_ arg: Argument, year: Int, what: String) throws(Diagnostic) -> (values: [Double], unit: Unit, origins: [Origin]) {
        var items: [Quantity?]
        switch arg.value {
        case .keyed(let k) where k.keyKind == .stage && k.keys == stageIDs:
            items = k.items
        case .table(let t) where t.rowKind == .year && t.columnKind == .stage && t.columnKeys == stageIDs:
            guard let row = t.rowKeys.firstIndex(of: String(year)) else {
                throw Diagnostic(.runtime, "\(what) has no row for \(year)", at: arg.range)
            }
            items = t.cells[row]
        case .quantity(let q):
            items = Array(repeating: q, count: stageIDs.count)
        default:
            throw Diagnostic(.runtime, "\(what) must be a vector with one value per stage (\(stageIDs.joined(separator: ", "))), found \(ops.describe(arg.value))", at: arg.range)
        }
        let missing = zip(stageIDs, items).filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty else {
            throw Diagnostic(.runtime, "\(what) is NA for \(missing.joined(separator: ", ")) in \(year)", at: arg.range)
        }
        let present = items.compactMap { $0 }
        guard let unit = present.first?.unit else { throw Diagnostic(.runtime, "\(what) is empty", at: arg.range) }
        var values: [Double] = []
        for q in present {
            guard q.unit.sameDimension(unit) else {
                throw Diagnostic(.runtime, "\(what) mixes \(unit.name) and \(q.unit.name)", at: arg.range)
            }
            values.append(q.value * q.unit.scale / unit.scale)
        }
        return (values, unit, present.flatMap(\.origins))
    }

    /// `output_multipliers(2009)` (Type I, the open model) and `output_multipliers(2009, type2)`
    /// (Type II, closed with respect to the household stage); NA at the household stage.
    /// - Throws: for a second argument other than `type2`, type2 without a household stage, as the model.
    func outputMultipliers(_ call: BuiltinCall) throws(Diagnostic) -> Value {
        let year = try checkYear(call[0].value, call[0].range)
        var type2 = false
        if call.args.count == 2 {
            guard case .option(.type2) = call[1].value else {
                throw Diagnostic(.runtime, "the second argument of output_multipliers is type2, found \(ops.describe(call[1].value))", at: call[1].range,
                                 hint: "output_multipliers(\(year), type2)")
            }
            type2 = true
        }
        let households = chain.households.flatMap { stageIDs.firstIndex(of: $0) }
        var m: [Double]
        if type2 {
            guard let h = households else {
                throw Diagnostic(.runtime, "chain \(chain.name) has no household stage: Type II multipliers need one", at: call[1].range,
                                 hint: "name it in the chain's manifest: households = \"hh\" under [chain] (docs/model.md §8.1)")
            }
            let sys = try system(year, call[0].range, closed: true)
            do throws(IOModelError) {
                m = try sys.typeIIOutputMultipliers(households: h)
            } catch {
                throw diagnostic(error, year: year, call[0].range)
            }
        } else {
            m = try model(year, call[0].range) { (sys) throws(IOModelError) -> [Double] in try sys.outputMultipliers() }
        }
        let origins = modelOrigins(.backward, year)
        let label = type2 ? "output_multipliers[\(year)] (Type II)" : "output_multipliers[\(year)]"
        return .keyed(Keyed(label: label, keyKind: .stage, keys: stageIDs,
                            items: m.indices.map { $0 == households ? nil : Quantity(m[$0], origins: origins) }))
    }

    /// `multipliers(q, 2020)`: m = q L per stage, in the unit of q.
    func multipliers(_ q: Argument, _ yearArgument: Argument) throws(Diagnostic) -> Value {
        let year = try checkYear(yearArgument.value, yearArgument.range)
        let (values, unit, origins) = try stageVector(q, year: year, what: "the intensity")
        let m = try model(year, yearArgument.range) { (sys) throws(IOModelError) -> [Double] in try sys.multipliers(intensity: values) }
        let all = origins + modelOrigins(.backward, year)
        return .keyed(Keyed(label: "multipliers[\(year)]", keyKind: .stage, keys: stageIDs,
                            items: m.map { Quantity($0, unit, origins: all) }))
    }
}

extension ChainContext {
    /// `vector(agri, 600, manu, 1500)`: a vector by stage, 0 (in the first value's unit) for
    /// the stages not named.
    /// - Throws: for an odd number of arguments, a non-stage where a stage belongs, a stage named
    ///   twice, a value that is not a number, or values of different dimensions.
    func vector(_ call: BuiltinCall) throws(Diagnostic) -> Value {
        guard call.args.count % 2 == 0 else {
            throw Diagnostic(.runtime, "vector takes pairs of a stage and a value", at: call.range, hint: "usage: vector(agri, 600, manu, 1500)")
        }
        var values: [String: Quantity] = [:]
        var unit: Unit?
        for pair in stride(from: 0, to: call.args.count, by: 2) {
            let stage = try self.stage(call[pair])
            guard values[stage.id] == nil else {
                throw Diagnostic(.runtime, "stage \(stage.id) is given twice", at: call[pair].range)
            }
            guard case .quantity(let q) = call[pair + 1].value else {
                throw Diagnostic(.runtime, "the value of \(stage.id) must be a number, found \(ops.describe(call[pair + 1].value))", at: call[pair + 1].range)
            }
            if let unit, !q.unit.sameDimension(unit) {
                throw Diagnostic(.runtime, "vector mixes \(unit.name) and \(q.unit.name)", at: call[pair + 1].range)
            }
            unit = unit ?? q.unit
            values[stage.id] = q
        }
        let zero = Quantity(0, unit ?? Unit.one)
        return .keyed(Keyed(label: "vector", keyKind: .stage, keys: stageIDs, items: stageIDs.map { values[$0] ?? zero }))
    }
}
