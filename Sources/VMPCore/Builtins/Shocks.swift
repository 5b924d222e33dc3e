import Foundation

/// Shocks in the language: `shock S2 by +10% in 2020 [push|pull]`, their composition, and
/// round-by-round traces. The propagation is ``IOSystem/response(stage:size:mode:normaliseOutput:)``
/// (one LU solve); the conversion to absolute output, cost and emissions uses the chain's
/// `unit_output`, `unit_cost` and `intensity` of the shocked year, or their undated values with a note.
extension Builtins {
    static let shocks: [Builtin] = [
        Builtin("trace", .shocks, arity: 2...2, usage: "trace(shock S2 by +10% in 2020, 6)",
                help: "trace(r, rounds) — the shock r round by round: Δx(0) = s e_k, then Δx(r) = A Δx(r−1) (pull) or Δx(r−1) B (push); each row with the residual to the exact response (Miller & Blair 2009 §2.4; docs/model.md §4).") { call throws(Diagnostic) in
            try call.chain.trace(call)
        },
    ]
}

extension Unit {
    /// `%`: the plain number 0.01, kept as a percentage for display.
    static let percent = Unit(scale: 0.01, dimensions: .none, name: "%")
    /// The dimensions of a unit-time output (mass per time: t/day).
    static let rateDimensions = Dimensions.massRate
}

extension ChainContext {

    /// The response of the chain to `sizeValue` at `stage` in a year (a ``Response``) or a range
    /// of years (a table of total Δx by year). `sizeExpr` tells `10%` from a bare `0.1`.
    func shock(_ stage: Stage, _ sizeValue: Value, _ sizeExpr: Expr, _ yearsValue: Value, _ yearsRange: SourceRange,
                       _ modeName: ShockMode?, _ range: SourceRange) throws(Diagnostic) -> Value {
        let sizeRange = sizeExpr.range
        guard case .quantity(let size) = sizeValue else {
            throw Diagnostic(.runtime, "a shock size is a percentage (+10%) or \(shockUnitWords)", at: sizeRange)
        }
        let basis: Response.Basis
        let amount: Double
        if size.unit.isDimensionless {
            basis = .relative(stage.id)
            amount = size.value * size.unit.scale
            if abs(amount) >= 1, size.unit.name != "%", !ChainContext.isPercentage(sizeExpr) {
                throw Diagnostic(.runtime, "a shock size of \(formatter.number(amount)) is \(formatter.number(amount * 100))% of \(stage.id)'s unit-time output", at: sizeRange,
                                 hint: "write \(formatter.number(amount))% for a percentage, or give \(monetaryFlowUnit.map { "an amount such as \(formatter.number(amount)) \($0.name)" } ?? "a rate such as \(formatter.number(amount)) t/day")")
            }
        } else if isShockUnit(size.unit) {
            basis = .absolute(size.unit)
            amount = size.value
        } else {
            throw Diagnostic(.runtime, "a shock size is a percentage (+10%) or \(shockUnitWords), found \(formatter.quantity(size))", at: sizeRange,
                             hint: monetaryFlowUnit.map { "the chain's flows are in \($0.name) (flow_unit): shocks are amounts in it" }
                                ?? "shocks change a stage's unit-time production: t/day, 10^4 t/day, t/year")
        }
        let mode: ShockMode = modeName ?? chain.defaultShock
        let label = "\(stage.id) by \(amount >= 0 ? "+" : "")\(formatter.quantity(basis == .relative(stage.id) ? Quantity(amount / 0.01, Unit.percent) : size))"
        return try responses(yearsValue, yearsRange, label: label, mode: mode, range) { (year) throws(Diagnostic) -> Response in
            try self.response(stage, amount, basis, mode, year, label, range)
        }
    }

    /// A shock's result: the response of one year, or for a range of years a table of the
    /// total Δx by year (on the responses' basis).
    func responses(_ yearsValue: Value, _ yearsRange: SourceRange, label: String, mode: ShockMode, _ range: SourceRange,
                   _ compute: (Int) throws(Diagnostic) -> Response) throws(Diagnostic) -> Value {
        switch yearsValue {
        case .range(let first, let last):
            for y in [first, last] where !chain.years.contains(y) {
                throw Diagnostic(.runtime, "year \(y) is outside the chain's years \(chain.years.lowerBound)..\(chain.years.upperBound)", at: yearsRange)
            }
            var cells: [[Quantity?]] = []
            var suffix = ""
            for year in first...last {
                try checkInterrupt(range)
                let r = try compute(year)
                suffix = r.basis.suffix
                cells.append(r.total.map { x -> Quantity? in
                    var q = r.basis.quantity(x)
                    q.origins = r.sources
                    return q
                })
            }
            let what = monetaryFlowUnit == nil ? "total Δ unit-time output" : "total Δ output"
            return .table(Table(title: "\(mode == .push ? "Push" : "Pull") shock \(label), \(first)..\(last): \(what)\(suffix)",
                                rowKind: .year, rowKeys: (first...last).map(String.init), columnKind: .stage,
                                columnKeys: chain.stages.map(\.id), cells: cells))
        case let other:
            let year = try checkYear(other, yearsRange)
            return .response(try compute(year))
        }
    }

    /// `10%`, `-5%`, `+2.5%`: a size written as a percentage.
    static func isPercentage(_ e: Expr) -> Bool {
        switch e {
        case .percent: return true
        case .unary(let op, let inner, _, _) where op != .not: return isPercentage(inner)
        default: return false
        }
    }


    func response(_ stage: Stage, _ amount: Double, _ basis: Response.Basis, _ mode: ShockMode, _ year: Int,
                  _ label: String, _ range: SourceRange) throws(Diagnostic) -> Response {
        try response((stage.id, amount), basis, mode, year, label, range) { (sys) throws(IOModelError) -> ShockResponse in
            try sys.response(stage: stage.id, size: amount, mode: mode)
        }
    }

    /// The response `solve` computes on the year's system, with its absolute values, cost and
    /// emissions where the data allow; `single`: the one shocked stage and size (for `trace`).
    func response(_ single: (stage: String, size: Double)?, _ basis: Response.Basis, _ mode: ShockMode, _ year: Int,
                  _ label: String, _ range: SourceRange,
                  _ solve: (IOSystem) throws(IOModelError) -> ShockResponse) throws(Diagnostic) -> Response {
        let r = try model(year, range, solve)
        var out = Response(mode: mode, year: year, label: label, stageIDs: r.stageIDs, single: single, basis: basis,
                           total: r.total, direct: r.direct, firstRound: r.firstRound, indirect: r.indirect,
                           absolute: [], cost: [], emissions: [], notes: [])
        guard (r.total + r.firstRound + r.indirect).allSatisfy(\.isFinite), out.fitsItsBasis else {
            throw Diagnostic(.runtime, "the shock is too large: the response overflows", at: range)
        }
        out.sources = modelOrigins(mode == .pull ? .backward : .forward, year)
        try fillAbsolute(&out, range)
        return out
    }

    /// The value of a stage quantity for a year: the dated one, else the undated one with a note.
    func stageValue(_ stage: String, _ quantity: String, _ year: Int, notes: inout [String]) throws(Diagnostic) -> Quantity? {
        if let q = try published(QuantityKey(stage: stage, quantity: quantity, year: year)) { return q }
        if let q = try published(QuantityKey(stage: stage, quantity: quantity, year: nil)) {
            let note = "\(stage).\(quantity) = \(formatter.quantity(q)) has no stated year; used for \(year)"
            if !notes.contains(note) { notes.append(note) }
            return q
        }
        return nil
    }

    /// Absolute Δ unit-time output, Δ cost and Δ emissions where the data allow.
    func fillAbsolute(_ r: inout Response, _ range: SourceRange) throws(Diagnostic) {
        var notes: [String] = []
        var scale: Quantity?
        switch r.basis {
        case .absolute(let unit):
            scale = Quantity(1, unit)
        case .relative(let id):
            if let x = try stageValue(id, "unit_output", r.year, notes: &notes), x.unit.dimensions == Unit.rateDimensions {
                scale = x
            } else {
                notes.append("Δ unit-time output (absolute): NA, \(id).unit_output is not published for \(r.year)")
            }
        }
        r.absolute = r.total.map { t in scale.map { s in s.computed(t * s.value, s.unit) } }
        guard r.absolute.allSatisfy({ $0?.value.isFinite ?? true }) else {
            throw Diagnostic(.runtime, "the shock is too large: the change of unit-time output overflows", at: range)
        }
        let target = Unit(scale: 1e6, dimensions: Dimensions(["CNY": 1, "day": -1]), name: "million RMB/day")
        let carbon = Unit(scale: 1, dimensions: Dimensions(["t CO2": 1, "day": -1]), name: "t CO2/day")
        var missingCost: [String] = [], missingCarbon: [String] = []
        r.cost = []
        r.emissions = []
        if monetaryFlowUnit != nil {
            // A monetary table: unit costs and carbon intensities (per tonne) do not apply.
            r.cost = r.absolute.map { _ in nil }
            r.emissions = r.cost
            r.notes = notes
            return
        }
        for (i, id) in r.stageIDs.enumerated() {
            let dx = r.absolute[i]
            var costNotes = notes, carbonNotes = notes
            let unitCost = try stageValue(id, "unit_cost", r.year, notes: &costNotes)
            let intensity = try stageValue(id, "intensity", r.year, notes: &carbonNotes)
            let cost = perUnit(unitCost, times: dx, in: target)
            r.cost.append(cost)
            if cost != nil { notes = costNotes }
            else if dx != nil { missingCost.append(unitCost == nil ? "\(id): no unit cost" : "\(id): unit cost in \(unitCost?.unit.name ?? "") is not per tonne") }
            let emissions = perUnit(intensity, times: dx, in: carbon)
            r.emissions.append(emissions)
            if emissions != nil { notes = carbonNotes }
            else if dx != nil { missingCarbon.append(intensity == nil ? "\(id): no carbon intensity" : "\(id): intensity has no unit (t CO2/t)") }
        }
        if !missingCost.isEmpty { notes.append("Δ cost NA for " + missingCost.joined(separator: "; ")) }
        if !missingCarbon.isEmpty { notes.append("Δ emissions NA for " + missingCarbon.joined(separator: "; ")) }
        guard (r.cost + r.emissions).allSatisfy({ $0?.value.isFinite ?? true }) else {
            throw Diagnostic(.runtime, "the shock is too large: its cost or emissions overflow", at: range)
        }
        r.notes = notes
    }

    /// `rate × Δx` expressed in `target` (unit cost × Δ output = Δ cost), or `nil` when either is
    /// missing or their units do not multiply to the target's dimension.
    private func perUnit(_ rate: Quantity?, times dx: Quantity?, in target: Unit) -> Quantity? {
        guard let rate, let dx else { return nil }
        let unit = rate.unit * dx.unit
        guard unit.dimensions == target.dimensions else { return nil }
        return rate.computed(rate.value * dx.value * unit.scale / target.scale, target, with: dx)
    }

    /// `trace(r, rounds)`: Δx(0) = s e_k, Δx(r) = A Δx(r−1) (pull) or Δx(r−1)ᵀ B (push), with the
    /// residual to the exact solve after each round (docs/model.md §4; Miller & Blair 2009 §2.4).
    func trace(_ call: BuiltinCall) throws(Diagnostic) -> Value {
        let range = call.range
        guard case .response(let r) = call[0].value else {
            throw Diagnostic(.runtime, "trace takes a shock response and a number of rounds", at: range, hint: "trace(shock S2 by +10% in 2020, 6)")
        }
        guard let single = r.single else {
            throw Diagnostic(.runtime, "trace needs the response to a single shock, not a combination", at: call[0].range)
        }
        let rounds = try ops.integer(call[1].value, call[1].range, "the number of rounds")
        guard (0...1000).contains(rounds) else { throw Diagnostic(.runtime, "the number of rounds must be between 0 and 1000", at: call[1].range) }
        let t = try model(r.year, range) { (sys) throws(IOModelError) -> ShockTrace in
            try sys.trace(stage: single.stage, size: single.size, mode: r.mode, rounds: rounds)
        }
        var cells: [[Quantity?]] = []
        for k in 0...rounds {
            cells.append(t.rounds[k].map { Optional(r.basis.quantity($0)) } + [r.basis.quantity(t.residualNorms[k])])
        }
        cells.append(t.exact.map { Optional(r.basis.quantity($0)) } + [nil])
        cells = cells.map { row in row.map { cell in cell.map { q in var q = q; q.origins = r.sources; return q } } }
        let step = r.mode == .pull ? "Δx(r) = A Δx(r−1)" : "Δx(r) = Δx(r−1) B"
        return .table(Table(title: "Trace of the \(r.mode.rawValue) shock \(r.label) in \(r.year), round by round\(r.basis.suffix)",
                            rowKind: .round, rowKeys: (0...rounds).map(String.init) + ["exact"], columnKind: .stage,
                            columnKeys: r.stageIDs + ["residual"], cells: cells,
                            notes: ["Δx(0) = s e_k, \(step); residual: the largest gap between the exact response and the sum of rounds 0..r"]))
    }
}

extension Response {
    /// One stage's row of a response: `r.S4`.
    func row(_ id: String, _ range: SourceRange) throws(Diagnostic) -> Value {
        guard let i = stageIDs.firstIndex(of: id) else {
            throw Diagnostic(.runtime, "the response has no stage '\(id)'", at: range, hint: "stages: \(stageIDs.joined(separator: ", "))")
        }
        return .keyed(Keyed(label: "response of \(id)", keyKind: .column,
                            keys: ["total", "direct", "first_round", "indirect", "unit_output", "cost", "emissions"],
                            items: [basis.quantity(total[i]), basis.quantity(direct[i]), basis.quantity(firstRound[i]),
                                    basis.quantity(indirect[i]), absolute[i], cost[i], emissions[i]]))
    }

}

extension Response.Basis {
    /// A change on this basis as a quantity: relative fractions print as percentages.
    func quantity(_ x: Double) -> Quantity {
        switch self {
        case .relative: return Quantity(x / 0.01, Unit.percent)
        case .absolute(let unit): return Quantity(x, unit)
        }
    }
}
