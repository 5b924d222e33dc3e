/// Multipliers and hypothetical extraction (docs/model.md §8–9): `output_multipliers(2009)`,
/// `multipliers(intensity[2020], 2020)`, `extract(S3, 2020)`. The math is in
/// ``IOSystem/outputMultipliers()``, ``IOSystem/multipliers(intensity:)`` and
/// ``IOSystem/extraction(stage:finalDemand:)``.
extension Builtins {
    static let multipliers: [Builtin] = [
        Builtin("output_multipliers", .multipliers, arity: 1...1, usage: "output_multipliers(2009)",
                help: "output_multipliers(year) — Type I output multipliers per stage: the column sums of L[year], the total output of all stages per unit of final demand for the stage (dimensionless; Miller & Blair 2009 §6.2.1; docs/model.md §8).") { call throws(Diagnostic) in
            let year = try call.chain.checkYear(call[0].value, call[0].range)
            let m = try call.chain.model(year, call[0].range) { (sys) throws(IOModelError) -> [Double] in try sys.outputMultipliers() }
            let origins = call.chain.modelOrigins(.backward, year)
            return .keyed(Keyed(label: "output_multipliers[\(year)]", keyKind: .stage, keys: call.chain.stageIDs,
                                items: m.map { Quantity($0, origins: origins) }))
        },
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
            let x = try call.chain.model(year, call[1].range) { (sys) throws(IOModelError) -> [Double] in
                try sys.pullResponse(finalDemand: values).total
            }
            let all = origins + call.chain.modelOrigins(.backward, year)
            return .keyed(Keyed(label: "demand_pull[\(year)]", keyKind: .stage, keys: call.chain.stageIDs,
                                items: x.map { Quantity($0, unit, origins: all) }))
        },
        Builtin("extract", .multipliers, arity: 2...2, usage: "extract(S3, 2020)",
                help: "extract(stage, year) — hypothetical extraction (total variant; Dietzenbacher & van der Linden 1997, Miller & Lahr 2001): the stage's row and column of A set to 0 and its final demand removed; per stage the output with and without it, the loss x − x̄ and the loss in % of x, and the total (docs/model.md §9). Final demand is the chain's final_demand of the year, else f = x − Z·1 from the flows.") { call throws(Diagnostic) in
            try call.chain.extract(call[0], call[1])
        },
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

    /// `multipliers(q, 2020)`: m = q L per stage, in the unit of q.
    func multipliers(_ q: Argument, _ yearArgument: Argument) throws(Diagnostic) -> Value {
        let year = try checkYear(yearArgument.value, yearArgument.range)
        let (values, unit, origins) = try stageVector(q, year: year, what: "the intensity")
        let m = try model(year, yearArgument.range) { (sys) throws(IOModelError) -> [Double] in try sys.multipliers(intensity: values) }
        let all = origins + modelOrigins(.backward, year)
        return .keyed(Keyed(label: "multipliers[\(year)]", keyKind: .stage, keys: stageIDs,
                            items: m.map { Quantity($0, unit, origins: all) }))
    }

    /// The final demand f of `year` for the model: the chain's `final_demand` of every stage
    /// when published, else f = x − Z·1 = (I − A) x from the flows and outputs.
    /// - Throws: when neither is available.
    func finalDemand(_ year: Int, _ range: SourceRange) throws(Diagnostic) -> (values: [Double], unit: Unit, note: String) {
        var notes: [String] = []
        var published: [Quantity] = []
        for id in stageIDs {
            if let q = try stageValue(id, "final_demand", year, notes: &notes) { published.append(q) }
        }
        if published.count == stageIDs.count, let unit = published.first?.unit, published.allSatisfy({ $0.unit.sameDimension(unit) }) {
            return (published.map { $0.value * $0.unit.scale / unit.scale }, unit, "final demand: the chain's final_demand of \(year)")
        }
        let sys = try system(year, range)
        guard let x = sys.x, let z = sys.Z else {
            throw Diagnostic(.runtime, "extract needs the final demand of \(year): publish final_demand for every stage, or flows and outputs", at: range)
        }
        let unit = try balanceUnit(year, range)
        let rowSums = z.rowSums
        return (zip(x, rowSums).map { ($0 - $1) / unit.scale }, unit, "final demand: f = x − Z·1 from the flows and outputs of \(year)")
    }

    /// `extract(S3, 2020)`: a table of stages (and the total) × output, output without the
    /// stage, loss and loss in %.
    func extract(_ stageArgument: Argument, _ yearArgument: Argument) throws(Diagnostic) -> Value {
        let stage = try self.stage(stageArgument)
        let year = try checkYear(yearArgument.value, yearArgument.range)
        let f = try finalDemand(year, yearArgument.range)
        let r = try model(year, yearArgument.range) { (sys) throws(IOModelError) -> ExtractionResult in
            try sys.extraction(stage: stage.id, finalDemand: f.values)
        }
        let origins = modelOrigins(.backward, year)
        func share(_ loss: Double, _ of: Double) -> Quantity? { of == 0 ? nil : Quantity(loss / of * 100, Unit.percent, origins: origins) }
        var cells: [[Quantity?]] = []
        for i in r.stageIDs.indices {
            cells.append([Quantity(r.output[i], f.unit, origins: origins), Quantity(r.outputWithout[i], f.unit, origins: origins),
                          Quantity(r.loss[i], f.unit, origins: origins), share(r.loss[i], r.output[i])])
        }
        let total = r.output.reduce(0, +)
        cells.append([Quantity(total, f.unit, origins: origins), Quantity(r.outputWithout.reduce(0, +), f.unit, origins: origins),
                      Quantity(r.totalLoss, f.unit, origins: origins), share(r.totalLoss, total)])
        return .table(Table(title: "Hypothetical extraction of \(stage.id), \(year): output x = L f and x̄ without the stage",
                            rowKind: .stage, rowKeys: r.stageIDs + ["total"], columnKind: .column,
                            columnKeys: ["output", "without", "loss", "loss share"], cells: cells,
                            notes: [f.note, "total extraction: row and column \(stage.id) of A set to 0 and f_\(stage.id) = 0 (Miller & Lahr 2001; docs/model.md §9)"]))
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
