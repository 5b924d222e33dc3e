/// Aggregates of a series (by year) or a vector (by stage): `sum mean min max first last
/// argmax argmin count`, `present` (drop NA) and `growth`. Aggregates refuse to guess around
/// NA: they say how many values are missing.
extension Builtins {
    static let aggregates: [Builtin] = [
        Builtin("present", .aggregates, arity: 1...1, usage: "present(x)",
                help: "present(x) — x without its NA entries (a series keeps the years that are published).") { call throws(Diagnostic) in
            switch call[0].value {
            case .keyed(var k):
                let keep = k.items.indices.filter { k.items[$0] != nil }
                k.keys = keep.map { k.keys[$0] }
                k.items = keep.map { k.items[$0] }
                return .keyed(k)
            case .na, .quantity: return call[0].value
            default: throw Diagnostic(.runtime, "present needs a series or vector, found \(call[0].value.typeName)", at: call[0].range)
            }
        },
        aggregate(.sum, "sum(x) — the sum of a series or vector, or of every cell of a stage × stage matrix (sum(A[2020])). If any entry is NA it says how many are missing; use sum(present(x))."),
        aggregate(.mean, "mean(x) — the arithmetic mean of a series or vector (NA entries are an error: use present())."),
        aggregate(.min, "min(x) — the smallest entry of a series or vector (NA entries are an error: use present())."),
        aggregate(.max, "max(x) — the largest entry of a series or vector (NA entries are an error: use present())."),
        aggregate(.first, "first(x) — the first entry of a series or vector (NA entries are an error: use present())."),
        aggregate(.last, "last(x) — the last entry of a series or vector (NA entries are an error: use present())."),
        aggregate(.argmax, "argmax(x) — the year (or stage) of the largest entry."),
        aggregate(.argmin, "argmin(x) — the year (or stage) of the smallest entry."),
        aggregate(.count, "count(x) — the number of entries of a series or vector (NA entries are an error: use count(present(x))), or of items of a list."),
        Builtin("growth", .aggregates, arity: 3...3, usage: "growth(series, first_year, last_year)",
                help: "growth(series, y1, y2) — series[y2] / series[y1] - 1, a plain number; NA if either is unpublished.") { call throws(Diagnostic) in
            guard case .keyed(let k) = call[0].value, k.keyKind == .year else {
                throw Diagnostic(.runtime, "growth needs a series, found \(call[0].value.typeName)", at: call[0].range)
            }
            let a = try call.ops.index(call[0].value, call[1].value, call[1].range)
            let b = try call.ops.index(call[0].value, call[2].value, call[2].range)
            if case .na(let why) = a { return .na("growth of \(k.label): \(why)") }
            if case .na(let why) = b { return .na("growth of \(k.label): \(why)") }
            do throws(Diagnostic) {
                let ratio = try call.ops.binary(.divide, b, a, call.range)
                return try call.ops.binary(.subtract, ratio, .quantity(Quantity(1)), call.range)
            } catch {
                var d = error
                d.message += " (growth of \(k.label) from \(call.ops.describe(call[1].value)) to \(call.ops.describe(call[2].value)))"
                throw d
            }
        },
    ]

    /// The aggregates that reduce a series or vector to one value.
    enum Aggregate: String, CaseIterable {
        case sum, mean, min, max, first, last, argmax, argmin, count
    }

    private static func aggregate(_ kind: Aggregate, _ help: String) -> Builtin {
        Builtin(kind.rawValue, .aggregates, arity: 1...1, usage: "\(kind.rawValue)(x) for a series or vector x", help: help) { call throws(Diagnostic) in
            try call.chain.aggregate(kind, call[0].value, call.range)
        }
    }
}

extension ChainContext {
    /// `sum(x)`, `argmax(x)`, …: one value from a series or vector.
    /// - Throws: when `v` is not a series or vector, has NA entries, is empty (but for `sum`
    ///   and `count`), or mixes dimensions.
    func aggregate(_ kind: Builtins.Aggregate, _ v: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        let name = kind.rawValue
        if kind == .count, case .list(let items) = v { return .quantity(Quantity(Double(items.count))) }
        if kind == .sum, case .table(let t) = v, t.isStageMatrix { return try aggregate(.sum, .keyed(t.allCells), range) }
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
            if kind == .count { return .quantity(Quantity(0)) }
            // The sum of nothing is 0 in the series' unit (an empty series keeps its unit).
            if kind == .sum { return .quantity(Quantity(0, k.unit ?? Unit.one)) }
            throw Diagnostic(.runtime, "\(name) of an empty \(k.keyKind == .year ? "series" : "vector")", at: range)
        }
        switch kind {
        case .count:
            return .quantity(Quantity(Double(items.count)))
        case .first:
            return .quantity(first)
        case .last:
            return .quantity(items[items.count - 1])
        case .sum, .mean:
            var total: Value = .quantity(first)
            for q in items.dropFirst() { total = try ops.binary(.add, total, .quantity(q), range) }
            if kind == .sum { return total }
            return try ops.binary(.divide, total, .quantity(Quantity(Double(items.count))), range)
        case .min, .max, .argmin, .argmax:
            for q in items where !q.unit.sameDimension(first.unit) {
                throw Diagnostic(.runtime, "\(name): \(k.label) mixes \(first.unit.dimensionDescription) and \(q.unit.dimensionDescription)", at: range)
            }
            let base = items.map { $0.value * $0.unit.scale }
            let largest = kind == .max || kind == .argmax
            var best = 0
            for i in base.indices.dropFirst() where largest ? base[i] > base[best] : base[i] < base[best] { best = i }
            if kind == .min || kind == .max { return .quantity(items[best]) }
            let key = k.keys[best]
            if k.keyKind == .year, let y = Double(key) { return .quantity(Quantity(y)) }
            if let s = chain.stage(key) { return .stage(s) }
            return .string(key)
        }
    }
}
