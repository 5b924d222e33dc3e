import Foundation

/// Shocks in the language: `shock S2 by +10% in 2020 [push|pull]`, their composition, and
/// round-by-round traces. The propagation is ``IOSystem/response(stage:size:mode:normaliseOutput:)``
/// (one LU solve); the conversion to absolute output, cost and emissions uses the chain's
/// `unit_output`, `unit_cost` and `intensity` of the shocked year, or their undated values with a note.
extension Evaluator {
    static let percent = Unit(scale: 0.01, dimensions: [0, 0, 0, 0], name: "%")
    static let rateDimensions = [1, -1, 0, 0]

    func evaluateShock(_ stageExpr: Expr, _ sizeExpr: Expr, _ yearsExpr: Expr, _ modeName: ShockMode?, _ range: SourceRange) throws(Diagnostic) -> Value {
        guard case .stage(let stage) = try evaluate(stageExpr) else {
            throw Diagnostic(.runtime, "a shock needs a stage (\(chain.stages.map(\.id).joined(separator: ", ")))", at: stageExpr.range)
        }
        let sizeValue = try evaluate(sizeExpr)
        let yearsValue = try evaluate(yearsExpr)
        return try within(stage.chain) { () throws(Diagnostic) -> Value in
            try shock(stage, sizeValue, sizeExpr, yearsValue, yearsExpr.range, modeName, range)
        }
    }

    private func shock(_ stage: Stage, _ sizeValue: Value, _ sizeExpr: Expr, _ yearsValue: Value, _ yearsRange: SourceRange,
                       _ modeName: ShockMode?, _ range: SourceRange) throws(Diagnostic) -> Value {
        let sizeRange = sizeExpr.range
        guard case .quantity(let size) = sizeValue else {
            throw Diagnostic(.runtime, "a shock size is a percentage (+10%) or a unit-time output (+50 t/day)", at: sizeRange)
        }
        let basis: Response.Basis
        let amount: Double
        if size.unit.isDimensionless {
            basis = .relative(stage.id)
            amount = size.value * size.unit.scale
            if abs(amount) >= 1, size.unit.name != "%", !Evaluator.isPercentage(sizeExpr) {
                throw Diagnostic(.runtime, "a shock size of \(formatter.number(amount)) is \(formatter.number(amount * 100))% of \(stage.id)'s unit-time output", at: sizeRange,
                                 hint: "write \(formatter.number(amount))% for a percentage, or give a rate such as \(formatter.number(amount)) t/day")
            }
        } else if size.unit.dimensions == Evaluator.rateDimensions {
            basis = .absolute(size.unit)
            amount = size.value
        } else {
            throw Diagnostic(.runtime, "a shock size is a percentage (+10%) or a unit-time output (+50 t/day), found \(formatter.quantity(size))", at: sizeRange,
                             hint: "shocks change a stage's unit-time production: t/day, 10^4 t/day, t/year")
        }
        let mode: ShockMode = modeName ?? .push
        let label = "\(stage.id) by \(amount >= 0 ? "+" : "")\(formatter.quantity(basis == .relative(stage.id) ? Quantity(amount / 0.01, Evaluator.percent) : size))"
        switch yearsValue {
        case .range(let first, let last):
            for y in [first, last] where !chain.years.contains(y) {
                throw Diagnostic(.runtime, "year \(y) is outside the chain's years \(chain.years.lowerBound)..\(chain.years.upperBound)", at: yearsRange)
            }
            var cells: [[Quantity?]] = []
            for year in first...last {
                try checkInterrupt(range)
                let r = try response(stage, amount, basis, mode, year, label, range)
                cells.append(r.total.map { x -> Quantity? in
                    var q = onBasis(x, basis)
                    q.origins = r.sources
                    return q
                })
            }
            return .table(Table(title: "\(mode == .push ? "Push" : "Pull") shock \(label), \(first)..\(last): total Δ unit-time output\(basisSuffix(basis))",
                                rowKind: .year, rowKeys: (first...last).map(String.init), columnKind: .stage,
                                columnKeys: chain.stages.map(\.id), cells: cells))
        case let other:
            let year = try checkYear(other, yearsRange)
            return .response(try response(stage, amount, basis, mode, year, label, range))
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

    func basisSuffix(_ basis: Response.Basis) -> String {
        switch basis {
        case .relative(let id): return " (% of \(id)'s unit-time output)"
        case .absolute(let unit): return " (\(unit.name))"
        }
    }

    /// A value on the response's basis: relative fractions print as percentages.
    func onBasis(_ x: Double, _ basis: Response.Basis) -> Quantity {
        switch basis {
        case .relative: return Quantity(x / 0.01, Evaluator.percent)
        case .absolute(let unit): return Quantity(x, unit)
        }
    }

    func response(_ stage: Stage, _ amount: Double, _ basis: Response.Basis, _ mode: ShockMode, _ year: Int,
                  _ label: String, _ range: SourceRange) throws(Diagnostic) -> Response {
        let r = try model(year, range) { (sys) throws(IOModelError) -> ShockResponse in
            try sys.response(stage: stage.id, size: amount, mode: mode)
        }
        var out = Response(mode: mode, year: year, label: label, stageIDs: r.stageIDs, single: (stage.id, amount), basis: basis,
                           total: r.total, direct: r.direct, firstRound: r.firstRound, indirect: r.indirect,
                           absolute: [], cost: [], emissions: [], notes: [])
        guard (r.total + r.firstRound + r.indirect).allSatisfy(\.isFinite) else {
            throw Diagnostic(.runtime, "the shock is too large: the response overflows", at: range)
        }
        out.sources = try modelOrigins(mode == .pull ? .backward : .forward, year)
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
            if let x = try stageValue(id, "unit_output", r.year, notes: &notes), x.unit.dimensions == Evaluator.rateDimensions {
                scale = x
            } else {
                notes.append("Δ unit-time output (absolute): NA, \(id).unit_output is not published for \(r.year)")
            }
        }
        r.absolute = r.total.map { t in scale.map { s in s.computed(t * s.value, s.unit) } }
        guard r.absolute.allSatisfy({ $0?.value.isFinite ?? true }) else {
            throw Diagnostic(.runtime, "the shock is too large: the change of unit-time output overflows", at: range)
        }
        let target = Unit(scale: 1e6, dimensions: [0, -1, 1, 0], name: "million RMB/day")
        let carbon = Unit(scale: 1, dimensions: [0, -1, 0, 1], name: "t CO2/day")
        var missingCost: [String] = [], missingCarbon: [String] = []
        r.cost = []
        r.emissions = []
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

    /// `r1 + r2`, `r1 - r2`: responses add (the model is linear) when they share year, direction and basis.
    func combine(_ a: Response, _ b: Response, _ op: BinaryOperator, _ range: SourceRange) throws(Diagnostic) -> Value {
        guard a.year == b.year, a.mode == b.mode else {
            throw Diagnostic(.runtime, "responses combine only for the same year and direction (here \(a.year) \(a.mode.rawValue) and \(b.year) \(b.mode.rawValue))", at: range)
        }
        var factor = op == .subtract ? -1.0 : 1.0
        switch (a.basis, b.basis) {
        case (.relative(let x), .relative(let y)) where x == y:
            break
        case (.absolute(let u), .absolute(let v)) where u.sameDimension(v):
            factor *= v.scale / u.scale
        default:
            throw Diagnostic(.runtime, "cannot add responses measured on different bases (\(basisSuffix(a.basis).trimmingCharacters(in: .whitespaces)) and \(basisSuffix(b.basis).trimmingCharacters(in: .whitespaces)))", at: range,
                             hint: "give both shocks as rates (t/day) so they share a unit, or shock the same stage")
        }
        func add(_ x: [Double], _ y: [Double]) -> [Double] { zip(x, y).map { $0 + factor * $1 } }
        func addQ(_ x: [Quantity?], _ y: [Quantity?]) throws(Diagnostic) -> [Quantity?] {
            var out: [Quantity?] = []
            for (p, q) in zip(x, y) {
                guard let p, let q, case .quantity(let sum) = try scalar(op, p, q, range) else { out.append(nil); continue }
                out.append(sum)
            }
            return out
        }
        var r = a
        r.label = "\(a.label) \(op == .subtract ? "−" : "+") \(b.label)"
        r.single = nil
        r.total = add(a.total, b.total)
        r.direct = add(a.direct, b.direct)
        r.firstRound = add(a.firstRound, b.firstRound)
        r.indirect = add(a.indirect, b.indirect)
        r.absolute = try addQ(a.absolute, b.absolute)
        r.cost = try addQ(a.cost, b.cost)
        r.emissions = try addQ(a.emissions, b.emissions)
        r.notes = a.notes + b.notes.filter { !a.notes.contains($0) }
        r.sources = a.sources + b.sources.filter { !a.sources.contains($0) }
        guard (r.total + r.direct + r.firstRound + r.indirect).allSatisfy(\.isFinite) else {
            throw Diagnostic(.runtime, "\(op.operationName ?? op.symbol) of the responses overflows", at: range)
        }
        return .response(r)
    }

    /// One stage's row of a response: `r.S4`.
    func responseRow(_ r: Response, _ id: String, _ range: SourceRange) throws(Diagnostic) -> Value {
        guard let i = r.stageIDs.firstIndex(of: id) else {
            throw Diagnostic(.runtime, "the response has no stage '\(id)'", at: range, hint: "stages: \(r.stageIDs.joined(separator: ", "))")
        }
        return .keyed(Keyed(label: "response of \(id)", keyKind: .column,
                            keys: ["total", "direct", "first_round", "indirect", "unit_output", "cost", "emissions"],
                            items: [onBasis(r.total[i], r.basis), onBasis(r.direct[i], r.basis), onBasis(r.firstRound[i], r.basis),
                                    onBasis(r.indirect[i], r.basis), r.absolute[i], r.cost[i], r.emissions[i]]))
    }

    /// `trace(r, rounds)`: Δx(0) = s e_k, Δx(r) = A Δx(r−1) (pull) or Δx(r−1)ᵀ B (push), with the
    /// residual to the exact solve after each round (model.md §1.7; Miller & Blair 2009 §2.4).
    func traceResponse(_ args: [(Value, SourceRange)], _ range: SourceRange) throws(Diagnostic) -> Value {
        guard args.count == 2, case .response(let r) = args[0].0 else {
            throw Diagnostic(.runtime, "trace takes a shock response and a number of rounds", at: range, hint: "trace(shock S2 by +10% in 2020, 6)")
        }
        guard let single = r.single else {
            throw Diagnostic(.runtime, "trace needs the response to a single shock, not a combination", at: args[0].1)
        }
        let rounds = try integer(args[1].0, args[1].1, "the number of rounds")
        guard (0...1000).contains(rounds) else { throw Diagnostic(.runtime, "the number of rounds must be between 0 and 1000", at: args[1].1) }
        let t = try model(r.year, range) { (sys) throws(IOModelError) -> ShockTrace in
            try sys.trace(stage: single.stage, size: single.size, mode: r.mode, rounds: rounds)
        }
        var cells: [[Quantity?]] = []
        for k in 0...rounds {
            cells.append(t.rounds[k].map { Optional(onBasis($0, r.basis)) } + [onBasis(t.residualNorms[k], r.basis)])
        }
        cells.append(t.exact.map { Optional(onBasis($0, r.basis)) } + [nil])
        cells = cells.map { row in row.map { cell in cell.map { q in var q = q; q.origins = r.sources; return q } } }
        let step = r.mode == .pull ? "Δx(r) = A Δx(r−1)" : "Δx(r) = Δx(r−1) B"
        return .table(Table(title: "Trace of the \(r.mode.rawValue) shock \(r.label) in \(r.year), round by round\(basisSuffix(r.basis))",
                            rowKind: .round, rowKeys: (0...rounds).map(String.init) + ["exact"], columnKind: .stage,
                            columnKeys: r.stageIDs + ["residual"], cells: cells,
                            notes: ["Δx(0) = s e_k, \(step); residual: the largest gap between the exact response and the sum of rounds 0..r"]))
    }
}
