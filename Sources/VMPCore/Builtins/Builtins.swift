import Foundation

/// The built-in functions. Their help text lives in ``Help``; a test checks every name here has one.
extension Evaluator {
    static let builtinNames: Set<String> = Set([
        "link", "pull", "responses", "present", "sum", "mean", "min", "max", "first", "last",
        "argmax", "argmin", "count", "growth", "abs", "round", "sqrt", "number", "length", "balance",
    ]).union(modelBuiltinNames)

    func callBuiltin(_ name: String, _ args: [(Value, SourceRange)], _ range: SourceRange) throws(Diagnostic) -> Value {
        func arity(_ n: ClosedRange<Int>, _ usage: String) throws(Diagnostic) {
            guard n.contains(args.count) else {
                throw Diagnostic(.runtime, "\(name) takes \(n.lowerBound == n.upperBound ? "\(n.lowerBound)" : "\(n.lowerBound) to \(n.upperBound)") argument\(n.upperBound == 1 ? "" : "s"), given \(args.count)", at: range, hint: "usage: \(usage)")
            }
        }
        switch name {
        case "link":
            try arity(0...3, "link(S2, S3), link(S2, S4, total), or link() for Table S1")
            return try linkage(.forward, args, range)
        case "balance":
            return try balance(args, range)
        case "pull":
            try arity(0...3, "pull(S3, S2), pull(S4, S2, total), or pull() for Table S2")
            return try linkage(.backward, args, range)
        case "A", "B", "L", "G":
            try arity(1...1, "\(name)(2020) or \(name)[2020]")
            return try matrix(name, args[0].0, args[0].1)
        case "forward_linkage", "backward_linkage":
            try arity(1...1, "\(name)(2020)")
            return try linkageSummary(name == "forward_linkage" ? .forward : .backward, args[0].0, args[0].1)
        case "key_stages":
            try arity(1...1, "key_stages(2020)")
            return try keyStages(args[0].0, args[0].1)
        case "trace":
            return try traceResponse(args, range)
        case "audit":
            try arity(0...1, "audit, or audit(5%) to set the tolerance of the mass balances (default 1%)")
            guard let arg = args.first else { return try audit() }
            guard case .quantity(let q) = arg.0, q.unit.isDimensionless, q.value >= 0 else {
                throw Diagnostic(.runtime, "audit's tolerance is a percentage, like audit(5%)", at: arg.1)
            }
            return try audit(tolerance: q.value * q.unit.scale)
        case "total", "direct":
            throw Diagnostic(.runtime, "'\(name)' is an option of link and pull, not a function", at: range, hint: "pull(S4, S3, \(name))")
        case "responses":
            try arity(0...0, "responses()")
            return try responses()
        case "present":
            try arity(1...1, "present(x)")
            switch args[0].0 {
            case .keyed(var k):
                let keep = k.items.indices.filter { k.items[$0] != nil }
                k.keys = keep.map { k.keys[$0] }
                k.items = keep.map { k.items[$0] }
                return .keyed(k)
            case .na, .quantity: return args[0].0
            default: throw Diagnostic(.runtime, "present needs a series or vector, found \(args[0].0.typeName)", at: args[0].1)
            }
        case "sum", "mean", "min", "max", "first", "last", "argmax", "argmin", "count":
            try arity(1...1, "\(name)(x) for a series or vector x")
            return try aggregate(name, args[0].0, args[0].1)
        case "growth":
            try arity(3...3, "growth(series, first_year, last_year)")
            guard case .keyed(let k) = args[0].0, k.keyKind == .year else {
                throw Diagnostic(.runtime, "growth needs a series, found \(args[0].0.typeName)", at: args[0].1)
            }
            let a = try index(args[0].0, args[1].0, args[1].1)
            let b = try index(args[0].0, args[2].0, args[2].1)
            if case .na(let why) = a { return .na("growth of \(k.label): \(why)") }
            if case .na(let why) = b { return .na("growth of \(k.label): \(why)") }
            let ratio = try binary(.divide, b, a, range)
            return try binary(.subtract, ratio, .quantity(Quantity(1)), range)
        case "number":
            try arity(1...1, "number(\"12.5\")")
            switch args[0].0 {
            case .quantity: return args[0].0
            case .string(let text):
                var trimmed = Substring(text.trimmingCharacters(in: .whitespaces))
                let negative = trimmed.hasPrefix("-")
                if negative || trimmed.hasPrefix("+") { trimmed = trimmed.dropFirst() }
                guard let tokens = try? Lexer.tokenize(String(trimmed)), tokens.count == 2, tokens[0].kind == .number, let v = tokens[0].number else {
                    throw Diagnostic(.runtime, "\"\(text)\" is not a number", at: args[0].1)
                }
                return .quantity(Quantity(negative ? -v : v, exact: true))
            default:
                throw Diagnostic(.runtime, "number needs a string, found \(args[0].0.typeName)", at: args[0].1)
            }
        case "length":
            try arity(1...1, "length(x)")
            switch args[0].0 {
            case .list(let items): return .quantity(Quantity(Double(items.count)))
            case .string(let s): return .quantity(Quantity(Double(s.count)))
            case .keyed(let k): return .quantity(Quantity(Double(k.items.count)))
            default: throw Diagnostic(.runtime, "length needs a list, string, series or vector, found \(args[0].0.typeName)", at: args[0].1)
            }
        case "abs":
            try arity(1...1, "abs(x)")
            return try map(args[0].0, args[0].1) { q throws(Diagnostic) in q.value < 0 ? q.computed(-q.value, q.unit, exact: q.isExactDecimal) : q }
        case "sqrt":
            try arity(1...1, "sqrt(x)")
            return try map(args[0].0, args[0].1) { q throws(Diagnostic) in
                guard q.unit.isDimensionless else { throw Diagnostic(.runtime, "sqrt needs a plain number, found \(formatter.quantity(q))", at: args[0].1) }
                guard q.value >= 0 else { throw Diagnostic(.runtime, "sqrt of a negative number", at: args[0].1) }
                return q.computed(Foundation.sqrt(q.value * q.unit.scale), Unit.one)
            }
        case "round":
            try arity(1...2, "round(x) or round(x, digits)")
            let digits = args.count == 2 ? try integer(args[1].0, args[1].1, "the number of digits") : 0
            guard (-15...15).contains(digits) else { throw Diagnostic(.runtime, "round: digits must be between -15 and 15", at: args[1].1) }
            // Half away from zero on the decimal value, as numbers print (round(1.005, 2) is 1.01).
            return try map(args[0].0, args[0].1) { q throws(Diagnostic) in
                guard let rounded = DecimalDigits(q.value)?.rounded(decimals: digits).double else {
                    throw Diagnostic(.runtime, "round: the result is out of range", at: range)
                }
                return q.computed(rounded, q.unit, exact: true)
            }
        default:
            throw Diagnostic(.runtime, "unknown function '\(name)'", at: range)
        }
    }

    private func stageArgument(_ arg: (Value, SourceRange)) throws(Diagnostic) -> Stage {
        guard case .stage(let s) = arg.0 else {
            throw Diagnostic(.runtime, "expected a stage (\(chain.stages.map(\.id).joined(separator: ", "))), found \(describe(arg.0))", at: arg.1)
        }
        return s
    }

    /// `link(Si, Sj)`: Si drives Sj, the forward coefficient at (i, j).
    /// `pull(Sj, Si)`: Sj pulls Si, the backward coefficient at (i, j).
    /// With no arguments: the whole published table (Table S1 / Table S2 for vanadium).
    func linkage(_ kind: LinkageKind, _ args: [(Value, SourceRange)], _ range: SourceRange) throws(Diagnostic) -> Value {
        let pairs = linkagePairsWithFlows(kind)
        let verb = kind == .forward ? "drives" : "pulls"
        func title(_ p: (from: String, to: String)) -> String {
            kind == .forward ? "\(p.from) drives \(p.to)" : "\(p.to) pulls \(p.from)"
        }
        if args.isEmpty {
            var cells: [[Quantity?]] = []
            var sources: [String] = []
            for y in chain.years {
                var row: [Quantity?] = []
                for p in pairs {
                    let label = "\(kind == .forward ? "link(\(p.from), \(p.to))" : "pull(\(p.to), \(p.from))")[\(y)]"
                    let q = try linkageQuantity(kind, from: p.from, to: p.to, year: y, label: label)
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
        guard args.count >= 2 else {
            throw Diagnostic(.runtime, "\(kind == .forward ? "link" : "pull") takes two stages", at: range)
        }
        let a = try stageArgument(args[0]), b = try stageArgument(args[1])
        if args.count == 3 {
            guard case .builtin(let option) = args[2].0, option == "total" || option == "direct" else {
                throw Diagnostic(.runtime, "the third argument is 'total' (an element of \(kind == .forward ? "G" : "L")) or 'direct'", at: args[2].1)
            }
            if option == "total" { return try totalLinkage(kind, a, b, range) }
        }
        let (from, to) = kind == .forward ? (a.id, b.id) : (b.id, a.id)
        guard pairs.contains(where: { $0.from == from && $0.to == to }) else {
            let list = pairs.map { kind == .forward ? "link(\($0.from), \($0.to))" : "pull(\($0.to), \($0.from))" }.joined(separator: ", ")
            throw Diagnostic(.runtime, "no published \(kind == .forward ? "forward" : "backward") linkage '\(a.id) \(verb) \(b.id)'", at: range,
                             hint: "published: \(list)")
        }
        let label = kind == .forward ? "link(\(a.id), \(b.id))" : "pull(\(a.id), \(b.id))"
        var items: [Quantity?] = []
        for y in chain.years {
            items.append(try linkageQuantity(kind, from: from, to: to, year: y, label: "\(label)[\(y)]"))
        }
        return .keyed(Keyed(label: label, keyKind: .year, keys: yearKeys, items: items))
    }

    /// Table S3 in the paper's layout: stages × the three unnamed response columns.
    func responses() throws(Diagnostic) -> Value {
        let columns = ["response_output", "response_cost", "response_intensity"]
        let ids = chain.stages.map(\.id)
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

    /// Aggregates refuse to guess around NA: they say how many values are missing.
    func aggregate(_ name: String, _ v: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        guard case .keyed(let k) = v else {
            if case .na = v { return v }
            throw Diagnostic(.runtime, "\(name) needs a series or vector, found \(v.typeName)", at: range)
        }
        let missing = k.missing
        if !missing.isEmpty {
            let list = missing.count > 6 ? missing.prefix(6).joined(separator: ", ") + ", …" : missing.joined(separator: ", ")
            throw Diagnostic(.runtime, "\(name): \(missing.count) of \(k.items.count) values of \(k.label) are NA (\(list))", at: range,
                             hint: "use \(name)(present(x)) to aggregate the published values only")
        }
        let items = k.items.compactMap { $0 }
        guard let first = items.first else {
            if name == "count" { return .quantity(Quantity(0)) }
            if name == "sum" { return .quantity(Quantity(0)) }
            throw Diagnostic(.runtime, "\(name) of an empty \(k.keyKind == .year ? "series" : "vector")", at: range)
        }
        switch name {
        case "count":
            return .quantity(Quantity(Double(items.count)))
        case "first":
            return .quantity(first)
        case "last":
            return .quantity(items[items.count - 1])
        case "sum", "mean":
            var total: Value = .quantity(first)
            for q in items.dropFirst() { total = try binary(.add, total, .quantity(q), range) }
            if name == "sum" { return total }
            return try binary(.divide, total, .quantity(Quantity(Double(items.count))), range)
        default:
            for q in items where !q.unit.sameDimension(first.unit) {
                throw Diagnostic(.runtime, "\(name): \(k.label) mixes \(first.unit.dimensionDescription) and \(q.unit.dimensionDescription)", at: range)
            }
            let base = items.map { $0.value * $0.unit.scale }
            var best = 0
            for i in base.indices.dropFirst() {
                if name.hasSuffix("max") ? base[i] > base[best] : base[i] < base[best] { best = i }
            }
            if name == "min" || name == "max" { return .quantity(items[best]) }
            let key = k.keys[best]
            if k.keyKind == .year, let y = Double(key) { return .quantity(Quantity(y)) }
            if let s = chain.stage(key) { return .stage(s) }
            return .string(key)
        }
    }
}
