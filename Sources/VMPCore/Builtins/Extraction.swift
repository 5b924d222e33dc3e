/// Hypothetical extraction (docs/model.md §9): `extract(S3, 2020)` (total), `extract(S3, 2020,
/// backward)`, `extract(S3, 2020, forward)`. The math is in ``IOSystem/extraction(stage:finalDemand:)``,
/// ``IOSystem/backwardExtraction(stage:finalDemand:)`` and ``IOSystem/forwardExtraction(stage:valueAdded:)``.
extension ChainContext {
    /// The final demand f of `year` for the model: the chain's `final_demand` of every stage
    /// when published, else f = x − Z·1 = (I − A) x from the flows and outputs.
    /// - Throws: when neither is available.
    func finalDemand(_ year: Int, _ range: SourceRange) throws(Diagnostic) -> (values: [Double], unit: Unit, note: String) {
        try account("final_demand", year, range)
    }

    /// The value added v of `year` for the supply-side model: the chain's `value_added` of every
    /// stage when published, else v = x − Zᵀ·1 from the flows and outputs.
    /// - Throws: when neither is available.
    func valueAdded(_ year: Int, _ range: SourceRange) throws(Diagnostic) -> (values: [Double], unit: Unit, note: String) {
        try account("value_added", year, range)
    }

    /// `final_demand` (f = x − Z·1) or `value_added` (v = x − Zᵀ·1) of every stage in `year`.
    private func account(_ name: String, _ year: Int, _ range: SourceRange) throws(Diagnostic) -> (values: [Double], unit: Unit, note: String) {
        var notes: [String] = []
        var published: [Quantity] = []
        for id in stageIDs {
            if let q = try stageValue(id, name, year, notes: &notes) { published.append(q) }
        }
        if published.count == stageIDs.count, let unit = published.first?.unit, published.allSatisfy({ $0.unit.sameDimension(unit) }) {
            return (published.map { $0.value * $0.unit.scale / unit.scale }, unit, "\(name == "final_demand" ? "final demand" : "value added"): the chain's \(name) of \(year)")
        }
        let sys = try system(year, range)
        guard let x = sys.x, let z = sys.Z else {
            throw Diagnostic(.runtime, "extract needs the \(name == "final_demand" ? "final demand" : "value added") of \(year): publish \(name) for every stage, or flows and outputs", at: range)
        }
        let unit = try balanceUnit(year, range)
        if name == "final_demand" {
            return (zip(x, z.rowSums).map { ($0 - $1) / unit.scale }, unit, "final demand: f = x − Z·1 from the flows and outputs of \(year)")
        }
        return (zip(x, z.columnSums).map { ($0 - $1) / unit.scale }, unit, "value added: v = x − Zᵀ·1 from the flows and outputs of \(year)")
    }

    /// `extract(S3, 2020[, total | backward | forward])`: a table of stages (and the total) ×
    /// output, output without the stage's links, loss and loss in %.
    /// - Throws: for a third argument that is not one of the three options, as the model and
    ///   ``finalDemand(_:_:)`` / ``valueAdded(_:_:)``.
    func extract(_ call: BuiltinCall) throws(Diagnostic) -> Value {
        let stage = try self.stage(call[0])
        let year = try checkYear(call[1].value, call[1].range)
        var kind = ExtractionKind.total
        if call.args.count == 3 {
            switch call[2].value {
            case .option(.total): kind = .total
            case .option(.backward): kind = .backward
            case .option(.forward): kind = .forward
            default:
                throw Diagnostic(.runtime, "the third argument of extract is total, backward or forward, found \(ops.describe(call[2].value))",
                                 at: call[2].range, hint: "extract(\(stage.id), \(year), backward)")
            }
        }
        let account = kind == .forward ? try valueAdded(year, call[1].range) : try finalDemand(year, call[1].range)
        let r = try model(year, call[1].range) { (sys) throws(IOModelError) -> ExtractionResult in
            switch kind {
            case .total: try sys.extraction(stage: stage.id, finalDemand: account.values)
            case .backward: try sys.backwardExtraction(stage: stage.id, finalDemand: account.values)
            case .forward: try sys.forwardExtraction(stage: stage.id, valueAdded: account.values)
            }
        }
        let origins = modelOrigins(kind == .forward ? .forward : .backward, year)
        let unit = account.unit
        func share(_ loss: Double, _ of: Double) -> Quantity? { of == 0 ? nil : Quantity(loss / of * 100, Unit.percent, origins: origins) }
        var cells: [[Quantity?]] = []
        for i in r.stageIDs.indices {
            cells.append([Quantity(r.output[i], unit, origins: origins), Quantity(r.outputWithout[i], unit, origins: origins),
                          Quantity(r.loss[i], unit, origins: origins), share(r.loss[i], r.output[i])])
        }
        let total = r.output.reduce(0, +)
        cells.append([Quantity(total, unit, origins: origins), Quantity(r.outputWithout.reduce(0, +), unit, origins: origins),
                      Quantity(r.totalLoss, unit, origins: origins), share(r.totalLoss, total)])
        let id = stage.id
        let (title, note): (String, String) = switch kind {
        case .total: ("Hypothetical extraction of \(id), \(year): output x = L f and x̄ without the stage",
                      "total extraction: row and column \(id) of A set to 0 and f_\(id) = 0 (Miller & Lahr 2001; docs/model.md §9)")
        case .backward: ("Backward extraction of \(id), \(year): output x = L f and x̄ when \(id) buys nothing from the chain",
                         "backward extraction: column \(id) of A set to 0, f kept (Dietzenbacher & van der Linden 1997; docs/model.md §9)")
        case .forward: ("Forward extraction of \(id), \(year): output xᵀ = vᵀ G and x̄ when \(id) sells nothing to the chain",
                        "forward extraction: row \(id) of B set to 0, v kept (supply-side model; Dietzenbacher & van der Linden 1997; docs/model.md §9)")
        }
        return .table(Table(title: title, rowKind: .stage, rowKeys: r.stageIDs + ["total"], columnKind: .column,
                            columnKeys: ["output", "without", "loss", "loss share"], cells: cells,
                            notes: [account.note, note]))
    }
}

extension ChainContext {
    /// `income_multipliers(2009)`: a table of the producing stages × labour coefficient, Type I
    /// income effect and multiplier, Type II income effect and multiplier, and Type II / Type I.
    /// - Throws: without a household stage, as the model.
    func incomeMultipliers(_ yearArgument: Argument) throws(Diagnostic) -> Value {
        let year = try checkYear(yearArgument.value, yearArgument.range)
        guard let households = chain.households, let h = stageIDs.firstIndex(of: households) else {
            throw Diagnostic(.runtime, "chain \(chain.name) has no household stage: income multipliers need one", at: yearArgument.range,
                             hint: "name it in the chain's manifest: households = \"hh\" under [chain] (docs/model.md §8.1)")
        }
        let closed = try system(year, yearArgument.range, closed: true)
        let open = try system(year, yearArgument.range)
        let r: IncomeMultipliers
        do throws(IOModelError) {
            r = try closed.incomeMultipliers(households: h, open: open)
        } catch {
            throw diagnostic(error, year: year, yearArgument.range)
        }
        let origins = modelOrigins(.backward, year)
        func q(_ v: Double?) -> Quantity? { v.map { Quantity($0, origins: origins) } }
        var rows: [String] = []
        var cells: [[Quantity?]] = []
        for j in stageIDs.indices where j != h {
            rows.append(stageIDs[j])
            cells.append([q(r.labour[j]), q(r.typeIEffect[j]), q(r.typeI[j]), q(r.typeIIEffect[j]), q(r.typeII[j]), q(r.ratio[j])])
        }
        return .table(Table(title: "Household income multipliers, \(year) (households: \(households))", rowKind: .stage, rowKeys: rows,
                            columnKind: .column, columnKeys: ["labour", "type1_effect", "type1", "type2_effect", "type2", "type2/type1"],
                            cells: cells,
                            notes: ["labour a_hj; type1_effect Σ_i a_hi l_ij (open model); type2_effect l̄_hj (closed); type1, type2: effect / a_hj, NA where a_hj = 0 (Miller & Blair 2009 §6.2.2; docs/model.md §8.1)"]))
    }
}
