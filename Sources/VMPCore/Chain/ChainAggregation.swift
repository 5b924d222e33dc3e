import Foundation

/// Aggregation of stages (`aggregate mb2 (agri, manu) as econ`; docs/model.md §10): a new chain
/// in which the listed stages are one stage. Flows and additive quantities are summed; published
/// coefficients are recomputed where that is exact; anything else is NA and said so in a note.
/// The standard aggregation of an input-output table by a concordance: with S the merged-stages
/// × stages 0/1 matrix, Z* = S Z Sᵀ and x* = S x, so A* = Z* (x̂*)⁻¹ (as pymrio's
/// `IOSystem.aggregate`: `conc.dot(Z).dot(conc.T)`, `conc.dot(x)`).
extension Chain {
    /// The id of the stage that merges `ids`: the ids joined with `_` (`agri_manu`).
    public static func mergedID(_ ids: [String]) -> String { ids.joined(separator: "_") }

    /// The quantities whose values are summed when stages merge in a chain of these units:
    /// amounts (mass, money, CO2 mass, and their rates per time), never a share (`%`) or an
    /// amount per another amount (`million RMB/t`, an intensity); a plain number only for the
    /// accounts of a table in plain numbers (`output`, `final_demand`, `value_added` when the
    /// flows are plain numbers).
    func isAdditive(_ quantity: String, unit: Unit) -> Bool {
        if unit.isPercent { return false }
        if unit.isDimensionless {
            let plainFlows = flowUnit.flatMap { try? self.unit($0) }?.isDimensionless ?? false
            return plainFlows && ["output", "final_demand", "value_added"].contains(quantity)
        }
        return unit.dimensions.powers.allSatisfy { base, power in power >= 0 || base == "day" }
    }

    /// This chain with the stages `group` (ids of this chain, at least two, distinct) merged into
    /// one stage ``mergedID(_:)`` at the place of the first of them in chain order, named
    /// `newName`. Returns the chain and notes on what was left NA.
    ///
    /// * Flows z: summed over the merged rows and columns (the merged stage's own use holds the
    ///   flows among its parts).
    /// * Additive quantities (``isAdditive(_:unit:)``): summed, in the unit of the first part,
    ///   when every part has a value for the year; NA otherwise. Other quantities: NA.
    /// * Published coefficients: a_{P,j} = Σ_{i∈P} a_ij into an unmerged stage j and
    ///   b_{i,Q} = Σ_{j∈Q} b_ij from an unmerged stage i (exact); the others are weighted by the
    ///   parts' `output` (a: Σ a_ij x_j / Σ x_j over the merged columns; b: Σ b_ij x_i / Σ x_i
    ///   over the merged rows), NA without outputs. Coefficients of unmerged pairs are kept.
    func aggregated(_ group: [String], as newName: String) -> (chain: Chain, notes: [String]) {
        let merged = Chain.mergedID(group)
        let members = Set(group)
        func target(_ id: String) -> String { members.contains(id) ? merged : id }
        var notes: [String] = []
        let sourceName = name

        // Stages: the merged one where the first part stood.
        var newStages: [Stage] = []
        for stage in stages {
            if !members.contains(stage.id) { newStages.append(stage); continue }
            guard !newStages.contains(where: { $0.id == merged }) else { continue }
            let parts = group.compactMap { self.stage($0) }
            newStages.append(Stage(id: merged, name: parts.map(\.name).joined(separator: " + "),
                                   description: "stages \(group.joined(separator: ", ")) of chain \(sourceName), aggregated"))
        }

        // Quantities.
        var newQuantities: [QuantityKey: PublishedValue] = [:]
        for (key, p) in quantities where !members.contains(key.stage) { newQuantities[key] = p }
        var notAdditive: [String] = [], incomplete: [String] = []
        for quantity in quantityNames {
            for year in [nil] + years.map(Optional.some) {
                let keys = group.map { QuantityKey(stage: $0, quantity: quantity, year: year) }
                let parts = keys.compactMap { key in quantities[key].map { (key, $0) } }
                guard !parts.isEmpty else { continue }
                let units = parts.map { try? unit($0.1.unit) }
                guard let first = units.first ?? nil, units.allSatisfy({ $0.map { isAdditive(quantity, unit: $0) && $0.sameDimension(first) } ?? false }) else {
                    if !notAdditive.contains(quantity) { notAdditive.append(quantity) }
                    break
                }
                guard parts.count == group.count else {
                    incomplete.append(QuantityKey(stage: merged, quantity: quantity, year: year).label)
                    continue
                }
                var total = 0.0
                for (part, unit) in zip(parts, units) {
                    let factor = (unit?.scale ?? 1) / first.scale
                    total = Decimal64.add(total, factor == 1 ? part.1.value : Decimal64.multiply(part.1.value, factor))
                }
                let terms = parts.map { "\(sourceName).\($0.0.label)" }.joined(separator: " + ")
                newQuantities[QuantityKey(stage: merged, quantity: quantity, year: year)] =
                    Chain.computed(total, unit: parts[0].1.unit, source: "sum: \(terms)", from: parts.map(\.1))
            }
        }
        if !notAdditive.isEmpty {
            notes.append("not summed (a share, an intensity or a plain number): \(notAdditive.joined(separator: ", ")) — NA for \(merged)")
        }
        if !incomplete.isEmpty {
            notes.append("NA where a part has no value: \(incomplete.joined(separator: ", "))")
        }

        // Linkages: flows summed; coefficients as documented above.
        var newLinkages: [LinkageKey: PublishedValue] = [:]
        var groups: [LinkageKey: [(LinkageKey, PublishedValue)]] = [:]
        for (key, p) in linkages {
            let newKey = LinkageKey(from: target(key.from), to: target(key.to), kind: key.kind, year: key.year)
            if newKey.from != merged && newKey.to != merged { newLinkages[newKey] = p; continue }
            groups[newKey, default: []].append((key, p))
        }
        var unweighted: [String] = []
        for (newKey, parts) in groups.sorted(by: { $0.key.label < $1.key.label }) {
            let sorted = parts.sorted { $0.0.label < $1.0.label }
            let terms = sorted.map { "\(sourceName).\($0.0.label)" }
            // The stages whose outputs weigh the coefficients, if any: a's merged columns, b's merged rows.
            let weighted: Bool = switch newKey.kind {
            case .flow: false
            case .backward: newKey.to == merged
            case .forward: newKey.from == merged
            }
            if !weighted {
                var total = 0.0
                for (_, p) in sorted { total = Decimal64.add(total, p.value) }
                newLinkages[newKey] = Chain.computed(total, unit: sorted[0].1.unit, source: "sum: \(terms.joined(separator: " + "))", from: sorted.map(\.1))
                continue
            }
            guard let x = outputs(of: group, in: newKey.year) else {
                unweighted.append(newKey.label)
                continue
            }
            var numerator = 0.0
            for (key, p) in sorted {
                let weight = x[newKey.kind == .backward ? key.to : key.from] ?? 0
                numerator += p.value * weight
            }
            let value = numerator / x.values.reduce(0, +)
            let weights = group.map { "\(sourceName).\($0).output[\(newKey.year)]" }.joined(separator: ", ")
            newLinkages[newKey] = Chain.computed(value, unit: sorted[0].1.unit,
                                                 source: "output-weighted: \(terms.joined(separator: ", ")) weighted by \(weights)", from: sorted.map(\.1))
        }
        if !unweighted.isEmpty {
            notes.append("NA, no output of every merged stage to weigh them: \(unweighted.joined(separator: ", ")) (the model counts them as 0)")
        }

        var chain = Chain(name: newName, title: "\(title) — \(group.joined(separator: ", ")) aggregated into \(merged)",
                          stages: newStages, years: years, quantityNames: quantityNames, quantities: newQuantities,
                          linkages: newLinkages, units: units, flowUnit: flowUnit)
        chain.defaultShock = defaultShock
        chain.households = households
        chain.idsFromNames = idsFromNames
        return (chain, notes)
    }

    /// The output of each stage of `group` in `year` (or undated) in base units, when every one
    /// is published, positive and of one dimension; else `nil`.
    private func outputs(of group: [String], in year: Int) -> [String: Double]? {
        var x: [String: Double] = [:]
        var dimension: Unit?
        for id in group {
            guard let p = quantities[QuantityKey(stage: id, quantity: "output", year: year)]
                    ?? quantities[QuantityKey(stage: id, quantity: "output", year: nil)],
                  let unit = try? self.unit(p.unit), p.value > 0 else { return nil }
            if let dimension, !dimension.sameDimension(unit) { return nil }
            dimension = dimension ?? unit
            x[id] = p.value * unit.scale
        }
        return x
    }

    /// A value computed by aggregation: its digits as shown by default (12 significant), its
    /// source the expression it was computed from, the flags of its parts.
    static func computed(_ value: Double, unit: String, source: String, from parts: [PublishedValue]) -> PublishedValue {
        let text = Decimal64.shown(value).map { $0.text } ?? "\(value)"
        let flags = parts.reduce(into: Set<Provenance.Flag>()) { $0.formUnion($1.provenance.flags) }
        return PublishedValue(value: value, text: text, unit: unit, provenance: Provenance(source: source, flags: flags))
    }
}
