import Foundation

/// `audit`: consistency checks of the loaded data.
///
/// 1. Loops of published pairs: if forward b_ij = z_ij/x_i and backward a_ij = z_ij/x_j came
///    from one Z and one x, then a_ij/b_ij = x_i/x_j and the product of these ratios around
///    any loop of stages is exactly 1 (docs/model.md §6). The product is printed per year.
/// 2. Values whose provenance says the text gives more digits than the table.
/// 3. Values flagged as probable misprints or with implausible units (``Provenance/Flag``).
/// 4. Mass balances that miss (``ChainContext/balanceAuditSection(tolerance:number:)``).
/// 5. For input-output tables, the accounts x = Z·1 + f and x = Zᵀ·1 + v
///    (``ChainContext/accountsAuditSection(tolerance:number:)``).
extension Builtins {
    static let audit: [Builtin] = [
        Builtin("audit", .audit, .value, arity: 0...1, usage: "audit, or audit(5%) to set the tolerance of the mass balances (default 1%)",
                help: "audit, or audit(5%) — consistency checks of the chain's data: the product of backward/forward ratios around each loop of stages (1 if both tables came from one Z and one x; about 0.19 for vanadium), text-vs-table digits, values flagged as probable misprints, and stages whose mass balance misses by more than the tolerance (default 1%). See docs/model.md §6.") { call throws(Diagnostic) in
            guard let arg = call.args.first else { return call.chain.audit() }
            guard case .quantity(let q) = arg.value, q.unit.isDimensionless, q.value >= 0 else {
                throw Diagnostic(.runtime, "audit's tolerance is a percentage, like audit(5%)", at: arg.range)
            }
            return call.chain.audit(tolerance: q.value * q.unit.scale)
        },
    ]
}

extension ChainContext {
    /// - Parameter tolerance: the largest relative miss of a stage's mass balance that passes
    ///   (a fraction: 0.01 = 1 %).
    func audit(tolerance: Double = 0.01) -> Value {
        var sections: [String] = ["Audit of chain \(chain.name)"]
        sections.append(loopSection())
        sections.append(noteSection(number: 2, title: "Values whose text gives more digits than the table (the table value is used)",
                                    flag: .textDigits))
        sections.append(noteSection(number: 3, title: "Values flagged as probable misprints or implausible (kept as printed)",
                                    flag: .suspect))
        sections.append(balanceAuditSection(tolerance: tolerance))
        if let accounts = accountsAuditSection(tolerance: tolerance, number: 5) { sections.append(accounts) }
        return .string(sections.joined(separator: "\n\n"))
    }

    /// Simple cycles in the graph of pairs that have both a forward and a backward value.
    func loops() -> [[String]] {
        let both = Set(chain.linkagePairs(.forward).map { "\($0.from)\u{0}\($0.to)" })
            .intersection(chain.linkagePairs(.backward).map { "\($0.from)\u{0}\($0.to)" })
        let ids = chain.stages.map(\.id)
        var edges: [String: [String]] = [:]
        for pair in both {
            let parts = pair.split(separator: "\u{0}").map(String.init)
            if parts.count == 2 { edges[parts[0], default: []].append(parts[1]) }
        }
        var found: [[String]] = []
        // Each cycle is found from its smallest stage (in chain order), so it is listed once.
        for (startIndex, start) in ids.enumerated() {
            var stack: [(node: String, path: [String])] = [(start, [start])]
            while let (node, path) = stack.popLast() {
                for next in edges[node, default: []].sorted() {
                    if next == start { found.append(path + [start]); continue }
                    guard let k = ids.firstIndex(of: next), k > startIndex, !path.contains(next), path.count < ids.count else { continue }
                    stack.append((next, path + [next]))
                }
            }
        }
        return found
    }

    private func loopSection() -> String {
        let cycles = loops()
        var text = "1. Loops of stages with both a forward and a backward linkage.\n"
            + "   With one flow matrix Z and one output vector x, backward/forward = x_i/x_j for each pair,\n"
            + "   so the product around a loop must be 1 (docs/model.md §6)."
        guard !cycles.isEmpty else { return text + "\n   No loop: nothing to check." }
        for cycle in cycles {
            let pairs = zip(cycle, cycle.dropFirst()).map { ($0, $1) }
            var rows: [[String]] = []
            for year in chain.years {
                var product = 1.0
                var row = [String(year)]
                var complete = true
                for (i, j) in pairs {
                    guard let f = chain.linkages[LinkageKey(from: i, to: j, kind: .forward, year: year)],
                          let b = chain.linkages[LinkageKey(from: i, to: j, kind: .backward, year: year)], f.value != 0 else {
                        row.append("NA")
                        complete = false
                        continue
                    }
                    let ratio = b.value / f.value
                    product *= ratio
                    row.append(Formatter(precision: 3).number(ratio))
                }
                row.append(complete ? Formatter(precision: 3).number(product) : "NA")
                row.append(complete ? (abs(product - 1) < 0.05 ? "consistent" : "INCONSISTENT") : "")
                rows.append(row)
            }
            let header = ["year"] + pairs.map { "\($0.0)→\($0.1)" } + ["loop product", ""]
            text += "\n\n   Loop " + cycle.joined(separator: "→") + ": backward/forward per pair\n"
            text += formatter.grid(header: header, rows: rows, rightAligned: [false] + Array(repeating: true, count: pairs.count + 1) + [false])
                .split(separator: "\n").map { "   " + $0 }.joined(separator: "\n")
        }
        text += "\n   A product far from 1 means the forward and backward tables cannot both come from one Z and one x:"
        text += "\n   vmp keeps them apart (B from the forward table for push/G, A from the backward table for pull/L)."
        return text
    }

    private func noteSection(number: Int, title: String, flag: Provenance.Flag) -> String {
        var lines: [String] = []
        let quantityLines = chain.quantities.sorted { ($0.key.stage, $0.key.quantity, $0.key.year ?? 0) < ($1.key.stage, $1.key.quantity, $1.key.year ?? 0) }
            .compactMap { key, v -> String? in
                guard let note = v.provenance.note, v.provenance.flags.contains(flag) else { return nil }
                let label = key.label
                return "   \(label) = \(v.text) \(v.unit == "1" ? "" : v.unit) (\(v.provenance.source)): \(note)"
            }
        let linkageLines = chain.linkages.sorted { ($0.key.kind.rawValue, $0.key.from, $0.key.to, $0.key.year) < ($1.key.kind.rawValue, $1.key.from, $1.key.to, $1.key.year) }
            .compactMap { key, v -> String? in
                guard let note = v.provenance.note, v.provenance.flags.contains(flag) else { return nil }
                return "   \(key.label) = \(v.text) (\(v.provenance.source)): \(note)"
            }
        lines = linkageLines + quantityLines
        return "\(number). \(title):\n" + (lines.isEmpty ? "   none" : lines.joined(separator: "\n").replacingOccurrences(of: "  (", with: " ("))
    }
}
