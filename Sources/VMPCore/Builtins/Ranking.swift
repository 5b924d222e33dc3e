/// Ordering a series or vector: `sort(v)` (ascending, keys kept with their values) and
/// `top(v, k)` (the k largest, largest first), so that a long vector of stages — multipliers,
/// linkages, extraction losses — can be read as a ranking. NA entries are an error (use
/// `present(v)` first), as for the aggregates.
extension Builtins {
    static let ranking: [Builtin] = [
        Builtin("sort", .aggregates, arity: 1...1, usage: "sort(output_multipliers(2009))",
                help: "sort(v) — the series or vector v in ascending order of its values, each with its key (stage or year). NA entries are an error: use sort(present(v)).") { call throws(Diagnostic) in
            try call.chain.ranked(call[0], descending: false, limit: nil, name: "sort")
        },
        Builtin("top", .aggregates, arity: 2...2, usage: "top(output_multipliers(2009), 3)",
                help: "top(v, k) — the k largest entries of the series or vector v, largest first, each with its key (all of them when v has fewer). NA entries are an error: use top(present(v), k).") { call throws(Diagnostic) in
            let k = try call.ops.integer(call[1].value, call[1].range, "a count")
            guard k >= 1 else { throw Diagnostic(.runtime, "top needs a count of at least 1, found \(k)", at: call[1].range) }
            return try call.chain.ranked(call[0], descending: true, limit: k, name: "top")
        },
    ]
}

extension ChainContext {
    /// `v` reordered by value (ties keep their order), at most `limit` entries.
    /// - Throws: when `v` is not a series or vector, has NA entries or mixes dimensions.
    func ranked(_ arg: Argument, descending: Bool, limit: Int?, name: String) throws(Diagnostic) -> Value {
        guard case .keyed(var k) = arg.value else {
            throw Diagnostic(.runtime, "\(name) needs a series or vector, found \(ops.describe(arg.value))", at: arg.range)
        }
        let missing = k.missing
        guard missing.isEmpty else {
            throw Diagnostic(.runtime, "\(k.label) is NA for \(missing.joined(separator: ", "))", at: arg.range, hint: "\(name)(present(…)) leaves them out")
        }
        let items = k.items.compactMap { $0 }
        if let first = items.first, let other = items.first(where: { !$0.unit.sameDimension(first.unit) }) {
            throw Diagnostic(.runtime, "\(k.label) mixes \(first.unit.name) and \(other.unit.name)", at: arg.range)
        }
        let order = items.indices.sorted { a, b in
            let x = items[a].value * items[a].unit.scale, y = items[b].value * items[b].unit.scale
            return x == y ? a < b : (descending ? x > y : x < y)
        }
        let kept = limit.map { Array(order.prefix($0)) } ?? order
        k.keys = kept.map { k.keys[$0] }
        k.items = kept.map { items[$0] }
        return .keyed(k)
    }
}
