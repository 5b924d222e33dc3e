import Foundation

/// The unit of an absolute shock, and shocks of several stages at once (docs/model.md §4.7):
/// a final-demand change Δf propagated by Δx = L Δf (`pull`, Miller & Blair 2009 §2.3), or a
/// primary-input change Δv by Δxᵀ = Δvᵀ G (`push`, §12.1), each one LU solve
/// (``IOSystem/pullResponse(finalDemand:)``, ``IOSystem/pushResponse(primaryInput:)``).
extension ChainContext {
    /// The chain's flow unit when it is not a mass (money, a declared unit): a monetary table's
    /// shocks are amounts in it (`+600 USD`); `nil` for a physical chain, whose shocks are
    /// unit-time outputs (`+50 t/day`).
    var monetaryFlowUnit: Unit? {
        guard let text = chain.flowUnit, let unit = try? chain.unit(text), !unit.isDimensionless, unit.dimensions != .mass else { return nil }
        return unit
    }

    /// Whether `unit` measures an absolute shock of this chain: the flow unit (or it per
    /// time) for a monetary table, else a unit-time output (mass/time).
    func isShockUnit(_ unit: Unit) -> Bool {
        guard let flow = monetaryFlowUnit else { return unit.dimensions == Unit.rateDimensions }
        return unit.dimensions == flow.dimensions || unit.dimensions == flow.dimensions.adding(.base("day"), times: -1)
    }

    /// Checks the unit of a final-demand change for `demand_pull`: plain numbers, or the
    /// chain's flow unit (or it per day) when the chain has one that is not plain.
    /// - Throws: for another dimension (EUR or t in a USD table), at `range`.
    func checkFinalDemandUnit(_ unit: Unit, _ range: SourceRange) throws(Diagnostic) {
        guard !unit.isDimensionless, let text = chain.flowUnit, let flow = try? chain.unit(text), !flow.isDimensionless,
              unit.dimensions != flow.dimensions, unit.dimensions != flow.dimensions.adding(.base("day"), times: -1) else { return }
        throw Diagnostic(.runtime, "the final-demand change is in \(unit.name) (\(unit.dimensionDescription)), not in the chain's flow unit \(flow.name)", at: range,
                         hint: "write it in \(flow.name) or as plain numbers; vmp has no exchange rates or prices between units of different dimensions")
    }

    /// What an absolute shock is, with an example: `an amount in USD (+600 USD)`.
    var shockUnitWords: String {
        guard let flow = monetaryFlowUnit else { return "a unit-time output (+50 t/day)" }
        return "an amount in the chain's flow unit \(flow.name) (+600 \(flow.name))"
    }

    /// Checks one size of a shock's record: an amount in the chain's shock unit.
    /// - Throws: for a percentage or plain number, or another dimension, at `range`.
    func checkVectorShockUnit(_ q: Quantity, of stage: String, _ range: SourceRange) throws(Diagnostic) {
        if q.unit.isDimensionless {
            throw Diagnostic(.runtime, "the size of \(stage) is \(formatter.quantity(q)): a shock of several stages takes \(shockUnitWords) for each", at: range,
                             hint: "a percentage shocks one stage: shock \(stage) by +10% in \(chain.years.upperBound)")
        }
        guard isShockUnit(q.unit) else {
            throw Diagnostic(.runtime, "the size of \(stage) is \(formatter.quantity(q)) (\(q.unit.dimensionDescription)), not \(shockUnitWords)", at: range,
                             hint: monetaryFlowUnit.map { "\($0.name) is the chain's flow_unit; vmp has no exchange rates or prices between units of different dimensions" })
        }
    }

    /// `shock {agri: +600 USD, manu: +1500 USD} in 2009 pull`: the response to a vector of
    /// sizes, one per stage, in one year (a ``Response`` on the vector's unit) or a range of
    /// years (a table of total Δx by year). `label` is how the size was written.
    /// - Throws: for a vector of another shape or with NA entries, sizes outside the chain's
    ///   shock unit, an all-zero vector, a year outside the chain, or a model that fails.
    func vectorShock(_ size: Argument, _ label: String, _ yearsValue: Value, _ yearsRange: SourceRange,
                     _ modeName: ShockMode?, _ range: SourceRange) throws(Diagnostic) -> Value {
        let mode: ShockMode = modeName ?? chain.defaultShock
        let compute = { (year: Int) throws(Diagnostic) -> Response in
            let (values, unit, origins) = try self.stageVector(size, year: year, what: "the shock's vector")
            guard self.isShockUnit(unit) else {
                throw Diagnostic(.runtime, "the shock's vector is in \(unit.name.isEmpty ? "plain numbers" : unit.name) (\(unit.dimensionDescription)), not \(self.shockUnitWords)", at: size.range)
            }
            guard values.contains(where: { $0 != 0 }) else {
                throw Diagnostic(.runtime, "the shock's vector is 0 for every stage: nothing to propagate", at: size.range)
            }
            var r = try self.response(nil, .absolute(unit), mode, year, label, range) { (sys) throws(IOModelError) -> ShockResponse in
                mode == .pull ? try sys.pullResponse(finalDemand: values) : try sys.pushResponse(primaryInput: values)
            }
            r.sources = origins + r.sources
            return r
        }
        return try responses(yearsValue, yearsRange, label: label, mode: mode, range, compute)
    }
}
