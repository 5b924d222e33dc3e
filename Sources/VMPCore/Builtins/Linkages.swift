/// Linkages between stages: `link` (forward, "Si drives Sj", Table S1 for vanadium), `pull`
/// (backward, "Sj pulls Si", Table S2), their options `total` and `direct`, and `responses`
/// (Table S3). Definitions: docs/model.md §2–3.
extension Builtins {
    static let linkages: [Builtin] = [
        Builtin("link", .linkages, arity: 0...3, usage: "link(S2, S3), link(S2, S4, total), or link() for Table S1",
                help: "link(Si, Sj) — forward linkage 'Si drives Sj': the published allocation coefficient b_ij = z_ij/x_i by year (Table S1). link() prints Table S1. Errors: a pair that is not published (the message lists the published pairs).") { call throws(Diagnostic) in
            try call.chain.linkage(.forward, call)
        },
        Builtin("pull", .linkages, arity: 0...3, usage: "pull(S3, S2), pull(S4, S2, total), or pull() for Table S2",
                help: "pull(Sj, Si) — backward linkage 'Sj pulls Si': the published technical coefficient a_ij = z_ij/x_j by year (Table S2). pull() prints Table S2.") { call throws(Diagnostic) in
            try call.chain.linkage(.backward, call)
        },
        .option(.total, .linkages,
                help: "total — third argument of link/pull: the element of G (link) or L (pull) instead of the direct coefficient: pull(S4, S3, total)."),
        .option(.direct, .linkages, help: "direct — third argument of link/pull: the direct coefficient (the default)."),
        Builtin("responses", .linkages, arity: 0...0, usage: "responses()",
                help: "responses() — Table S3, stage responses to unit-time production shocks, as printed. The source prints no column headers; the meanings shown are implied by its text.") { call throws(Diagnostic) in
            try call.chain.responses()
        },
    ]
}

/// The option words of built-ins: `total` and `direct` (link, pull), `total`, `backward` and
/// `forward` (extract), `type2` (output_multipliers).
public enum LinkageOption: String, Sendable, CaseIterable {
    /// The element of G (forward) or L (backward); total hypothetical extraction.
    case total
    /// The direct coefficient (the default).
    case direct
    /// Backward hypothetical extraction (extract).
    case backward
    /// Forward hypothetical extraction (extract).
    case forward
    /// Type II multipliers, the model closed with respect to households (output_multipliers).
    case type2

    /// The built-ins that take this option, and a call that uses it (the usage and the hint).
    var takenBy: (names: String, example: String) {
        switch self {
        case .total, .direct: ("link and pull", "pull(S4, S3, \(rawValue))")
        case .backward, .forward: ("extract", "extract(S3, 2020, \(rawValue))")
        case .type2: ("output_multipliers", "output_multipliers(2009, type2)")
        }
    }

    /// The error for calling an option word as if it were a function (`total()`, or a
    /// binding of one called).
    func notAFunction(at range: SourceRange) -> Diagnostic {
        Diagnostic(.runtime, "'\(rawValue)' is an option of \(takenBy.names), not a function", at: range, hint: takenBy.example)
    }
}

extension Builtin {
    /// The registry entry of an option word: a value where it is an argument, an error
    /// (``LinkageOption/notAFunction(at:)``) when called.
    static func option(_ option: LinkageOption, _ family: Family, help: String) -> Builtin {
        Builtin(option.rawValue, family, .option, arity: 0...0, usage: option.takenBy.example, help: help) { call throws(Diagnostic) in
            throw option.notAFunction(at: call.range)
        }
    }
}

extension ChainContext {
    /// `link(Si, Sj)`: Si drives Sj, the forward coefficient at (i, j).
    /// `pull(Sj, Si)`: Sj pulls Si, the backward coefficient at (i, j).
    /// With no arguments: the whole published table (Table S1 / Table S2 for vanadium).
    func linkage(_ kind: LinkageKind, _ call: BuiltinCall) throws(Diagnostic) -> Value {
        let pairs = linkagePairsWithFlows(kind)
        let verb = kind == .forward ? "drives" : "pulls"
        func title(_ p: (from: String, to: String)) -> String {
            kind == .forward ? "\(p.from) drives \(p.to)" : "\(p.to) pulls \(p.from)"
        }
        if call.args.isEmpty {
            var cells: [[Quantity?]] = []
            var sources: [String] = []
            for y in chain.years {
                var row: [Quantity?] = []
                for p in pairs {
                    let key = LinkageKey(from: p.from, to: p.to, kind: kind, year: y)
                    let q = try linkageQuantity(key)
                    row.append(q)
                    if let source = q?.origins.first?.published.provenance.source, !sources.contains(source) { sources.append(source) }
                }
                cells.append(row)
            }
            let what = kind == .forward ? "Forward linkages: Si drives Sj (allocation coefficients b_ij, dimensionless)"
                                        : "Backward linkages: Sj pulls Si (technical coefficients a_ij, dimensionless)"
            let name = sources.count == 1 ? "\(sources[0]). " : ""
            return .table(Table(title: name + what, rowKind: .year, rowKeys: yearKeys, columnKind: .pair,
                                columnKeys: pairs.map { "\($0.from)-\($0.to)" }, columnTitles: pairs.map(title), cells: cells,
                                notes: derivedNote(kind).map { [$0] } ?? []))
        }
        guard call.args.count >= 2 else {
            throw Diagnostic(.runtime, "\(call.name) takes two stages", at: call.range)
        }
        let a = try stage(call[0]), b = try stage(call[1])
        if call.args.count == 3 {
            guard case .option(let option) = call[2].value, option == .total || option == .direct else {
                throw Diagnostic(.runtime, "the third argument is 'total' (an element of \(kind == .forward ? "G" : "L")) or 'direct'", at: call[2].range)
            }
            if option == .total { return try totalLinkage(kind, a, b, call.range) }
        }
        let (from, to) = kind == .forward ? (a.id, b.id) : (b.id, a.id)
        guard pairs.contains(where: { $0.from == from && $0.to == to }) else {
            let list = pairs.map { kind == .forward ? "link(\($0.from), \($0.to))" : "pull(\($0.to), \($0.from))" }.joined(separator: ", ")
            throw Diagnostic(.runtime, "no published \(kind == .forward ? "forward" : "backward") linkage '\(a.id) \(verb) \(b.id)'", at: call.range,
                             hint: "published: \(list)")
        }
        var items: [Quantity?] = []
        for y in chain.years {
            items.append(try linkageQuantity(LinkageKey(from: from, to: to, kind: kind, year: y)))
        }
        return .keyed(Keyed(label: "\(call.name)(\(a.id), \(b.id))", keyKind: .year, keys: yearKeys, items: items))
    }

    /// `link(S2, S4, total)`: g_ij by year; `pull(S4, S3, total)`: l_ij by year.
    func totalLinkage(_ kind: LinkageKind, _ a: Stage, _ b: Stage, _ range: SourceRange) throws(Diagnostic) -> Value {
        let ids = stageIDs
        let (from, to) = kind == .forward ? (a.id, b.id) : (b.id, a.id)
        guard let i = ids.firstIndex(of: from), let j = ids.firstIndex(of: to) else {
            throw Diagnostic(.runtime, "unknown stage", at: range)
        }
        var items: [Quantity?] = []
        for year in chain.years {
            let m: Matrix = try model(year, range) { (sys) throws(IOModelError) -> Matrix in
                kind == .forward ? try sys.G : try sys.L
            }
            items.append(Quantity(m[i, j], origins: modelOrigins(kind, year)))
        }
        let label = kind == .forward ? "link(\(a.id), \(b.id), total)" : "pull(\(a.id), \(b.id), total)"
        return .keyed(Keyed(label: label, keyKind: .year, keys: yearKeys, items: items))
    }

    /// Table S3 in the paper's layout: stages × the three unnamed response columns.
    func responses() throws(Diagnostic) -> Value {
        let columns = ["response_output", "response_cost", "response_intensity"]
        let ids = stageIDs
        var cells: [[Quantity?]] = []
        for id in ids {
            var row: [Quantity?] = []
            for c in columns { row.append(try published(QuantityKey(stage: id, quantity: c, year: nil))) }
            cells.append(row)
        }
        guard cells.joined().contains(where: { $0 != nil }) else {
            return .na("chain \(chain.name) publishes no stage responses")
        }
        let sources = Set(cells.joined().compactMap { $0?.origins.first?.published.provenance.source })
        let name = sources.count == 1 ? "\(sources.first ?? ""). " : ""
        return .table(Table(title: name + "Stage responses to unit-time production shocks", rowKind: .stage, rowKeys: ids,
                            columnKind: .column, columnKeys: columns,
                            columnTitles: ["unit-time production*", "cost*", "carbon intensity*"], cells: cells,
                            notes: ["* the source prints no column headers; these meanings are implied by its text (see :source)"]))
    }
}
