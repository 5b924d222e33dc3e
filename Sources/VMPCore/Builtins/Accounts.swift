/// The accounts of an input-output table (docs/model.md §1.2): with flows Z, outputs x, final
/// demand f (`final_demand`) and value added v (`value_added`) of a year, the row identity
/// x_i = Σ_j z_ij + f_i and the column identity x_j = Σ_i z_ij + v_j must hold. `audit` checks
/// both for every year with flows, to the same relative tolerance as the mass balances
/// (default 1% of x), and lists negative final demand.
extension ChainContext {
    /// The quantity names of the accounts.
    static let accountQuantities = (finalDemand: "final_demand", valueAdded: "value_added")

    /// The audit section of the accounts, `nil` when the chain publishes neither
    /// `final_demand` nor `value_added` (a material chain such as vanadium).
    /// - Parameter tolerance: the largest |x − (Z·1 + f)| / x (and |x − (Zᵀ·1 + v)| / x) that passes.
    func accountsAuditSection(tolerance: Double, number: Int) -> String? {
        let names = Self.accountQuantities
        let has = (f: chain.quantityNames.contains(names.finalDemand), v: chain.quantityNames.contains(names.valueAdded))
        guard has.f || has.v else { return nil }
        let percent = Formatter(precision: 3).number(tolerance * 100)
        var text = "\(number). Accounts that miss by more than \(percent)% of output x.\n"
            + "   Rows: x_i = Σ_j z_ij + f_i (final_demand); columns: x_j = Σ_i z_ij + v_j (value_added)."
        let ids = stageIDs
        var rows: [[String]] = []
        var notes: [String] = []
        var checked = 0
        for year in chain.years where chain.hasFlows(in: year) {
            var z: [[Double]] = Array(repeating: Array(repeating: 0, count: ids.count), count: ids.count)
            for (key, p) in chain.linkages where key.kind == .flow && key.year == year {
                guard let i = ids.firstIndex(of: key.from), let j = ids.firstIndex(of: key.to), let v = Chain.base(p) else { continue }
                z[i][j] = v
            }
            for (j, id) in ids.enumerated() {
                guard let x = Chain.base(chain.quantities[QuantityKey(stage: id, quantity: "output", year: year)]), x != 0 else { continue }
                for (which, name, present) in [("row", names.finalDemand, has.f), ("column", names.valueAdded, has.v)] where present {
                    guard let account = Chain.base(chain.quantities[QuantityKey(stage: id, quantity: name, year: year)]) else {
                        notes.append("   \(year) \(id): \(name) is not published")
                        continue
                    }
                    if name == names.finalDemand, account < 0 {
                        notes.append("   \(year) \(id): negative final demand \(formatter.number(account))")
                    }
                    let intermediate = which == "row" ? z[j].reduce(0, +) : z.reduce(0) { $0 + $1[j] }
                    let residual = x - intermediate - account
                    checked += 1
                    guard abs(residual / x) > tolerance else { continue }
                    rows.append([String(year), id, which, formatter.number(x), formatter.number(intermediate + account),
                                 formatter.number(residual), formatter.number(residual / x * 100) + "%"])
                }
            }
        }
        guard checked > 0 || !notes.isEmpty else { return text + "\n   No year has flows with outputs: nothing to check." }
        if rows.isEmpty {
            text += "\n   None: every identity holds within \(percent)% (\(checked) checked)."
        } else {
            text += "\n" + formatter.grid(header: ["year", "stage", "identity", "x", "Z + account", "residual", "relative"], rows: rows,
                                          rightAligned: [false, false, false, true, true, true, true])
                .split(separator: "\n").map { "   " + $0 }.joined(separator: "\n")
        }
        if !notes.isEmpty { text += "\n" + notes.joined(separator: "\n") }
        return text
    }
}
