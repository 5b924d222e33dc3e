import Foundation

/// Walks the AST: `evaluate(statement)` runs it, `evaluate(expr) -> Value` computes it.
///
/// Names resolve innermost scope first, then the session's bindings, the chain's stages
/// (`S3`), its quantities (`cost`), the built-in functions, and the chain itself
/// (`vanadium`). Arithmetic follows the unit rules of ``Unit``; anything computed from an
/// `NA` is `NA`. Every error is a ``Diagnostic`` at the operator or name that caused it.
public final class Evaluator {
    /// How deeply user functions may call each other.
    public static let maxCallDepth = 200

    /// The chain names resolve in: the session's chain, or another one while a value of that
    /// chain is being read (see ``within(_:_:)``).
    public private(set) var chain: Chain
    /// Every loaded chain by name, the session's own included.
    var chains: [String: Chain]
    public var formatter: Formatter
    /// Innermost last; `scopes[0]` is the session's top level.
    var scopes: [[String: Value]]
    var callDepth = 0
    /// The session's step budget for one input (``Session/maxSteps``), and the steps taken so far.
    var maxSteps: Int?
    var steps = 0
    /// Whether `load` and `export` may touch files (``Session/allowsFileAccess``).
    var allowsFileAccess = true
    /// Where relative `load` paths resolve (the running script's directory), if not the current one.
    var baseDirectory: String?
    let emit: (String) -> Void
    let isInterrupted: () -> Bool
    let models: ModelCache

    init(chain: Chain, chains: [String: Chain] = [:], globals: [String: Value], formatter: Formatter, models: ModelCache = ModelCache(),
         emit: @escaping (String) -> Void, isInterrupted: @escaping () -> Bool) {
        self.chain = chain
        var all = chains
        all[chain.name] = chain
        self.chains = all
        self.models = models
        self.scopes = [globals]
        self.formatter = formatter
        self.emit = emit
        self.isInterrupted = isInterrupted
    }

    var globals: [String: Value] { scopes[0] }

    /// Runs `body` with names and data resolving in `chainName` (a stage's or a bound built-in's chain).
    func within<T>(_ chainName: String, _ body: () throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        guard let other = chains[chainName], other.name != chain.name else { return try body() }
        let saved = chain
        chain = other
        defer { chain = saved }
        return try body()
    }

    // MARK: - Statements

    /// Runs one statement; expression statements print their value.
    func execute(_ statement: Statement) throws(Diagnostic) {
        try checkInterrupt(statement.range)
        switch statement {
        case .expression(let e):
            let value = try evaluate(e)
            if case .nothing = value { return }
            emit(formatter.display(value))
            scopes[0]["ans"] = value
        case .let(let name, let e, let nameRange, _):
            // `let` binds in the session, also inside a loop (so a loop can accumulate);
            // only a loop's own variable is local to it.
            try checkBindable(name, nameRange)
            let value = try evaluate(e)
            scopes[0][name] = value
        case .function(let name, let params, let body, let nameRange, _):
            try checkBindable(name, nameRange)
            scopes[0][name] = .function(UserFunction(name: name, params: params, body: body))
        case .for(let variable, let over, let body, _):
            let bounds: (Int, Int)
            if case .range(let a, let b, _) = over {
                // A loop over an empty range (1..0) runs zero times.
                bounds = (try integer(try evaluate(a), a.range, "a range bound"), try integer(try evaluate(b), b.range, "a range bound"))
            } else {
                let value = try evaluate(over)
                guard case .range(let a, let b) = value else {
                    throw Diagnostic(.runtime, "'for' needs a range like 2015..2022, found \(value.typeName)", at: over.range)
                }
                bounds = (a, b)
            }
            for y in stride(from: bounds.0, through: bounds.1, by: 1) {
                try checkInterrupt(statement.range)
                scopes.append([variable: .quantity(Quantity(Double(y)))])
                defer { scopes.removeLast() }
                for s in body { try execute(s) }
            }
        case .print(let e, _):
            let value = try evaluate(e)
            emit(formatter.display(value))
        case .source(let e, _):
            let value = try evaluate(e)
            emit(formatter.sources(value))
        case .explain(let e, _):
            emit(try explain(e))
        case .load(let pathExpr, let name, let nameRange, _):
            guard case .string(let path) = try evaluate(pathExpr) else {
                throw Diagnostic(.runtime, "load needs a file name in quotes", at: pathExpr.range)
            }
            try checkBindable(name, nameRange)
            chains[name] = try loadChain(path: path, as: name, pathExpr.range)
        case .export(let e, let pathExpr, let overwrite, _):
            let value = try evaluate(e)
            guard case .string(let path) = try evaluate(pathExpr) else {
                throw Diagnostic(.runtime, "export needs a file name in quotes", at: pathExpr.range)
            }
            try export(value, to: path, overwrite: overwrite, pathExpr.range)
        }
    }

    private func checkBindable(_ name: String, _ range: SourceRange) throws(Diagnostic) {
        if chain.stage(name) != nil {
            throw Diagnostic(.runtime, "'\(name)' is a stage of the chain and cannot be rebound", at: range)
        }
        if Evaluator.builtinNames.contains(name) {
            throw Diagnostic(.runtime, "'\(name)' is a built-in function and cannot be rebound", at: range)
        }
    }

    /// Polled at statement, loop-round and call boundaries: Ctrl-C, and each one is a step.
    func checkInterrupt(_ range: SourceRange) throws(Diagnostic) {
        if isInterrupted() { throw Diagnostic(.interrupted, "interrupted", at: range) }
        if let maxSteps {
            guard steps < maxSteps else { throw Diagnostic.stepBudgetExhausted(maxSteps, at: range) }
            steps += 1
        }
    }

    // MARK: - Expressions

    func evaluate(_ expr: Expr) throws(Diagnostic) -> Value {
        switch expr {
        case .number(let v, _, _):
            return .quantity(Quantity(v))
        case .quantity(let v, _, let unitExpr, _):
            let unit = try resolveUnit(unitExpr)
            return .quantity(Quantity(v, unit))
        case .string(let parts, _):
            var text = ""
            for part in parts {
                switch part {
                case .text(let s): text += s
                case .expr(let e): text += formatter.inline(try evaluate(e))
                }
            }
            return .string(text)
        case .bool(let b, _):
            return .bool(b)
        case .na:
            return .na("NA typed")
        case .name(let name, let range):
            return try lookup(name, range)
        case .unary(let op, let operand, let opRange, _):
            return try unary(op, try evaluate(operand), opRange)
        case .binary(let op, let l, let r, let opRange, _):
            if op.isLogical {
                let left = try truth(try evaluate(l), l.range)
                if op == .and && !left { return .bool(false) }
                if op == .or && left { return .bool(true) }
                return .bool(try truth(try evaluate(r), r.range))
            }
            return try binary(op, try evaluate(l), try evaluate(r), opRange)
        case .percent(let e, let range):
            return try map(try evaluate(e), range) { q throws(Diagnostic) in q.computed(q.value * 0.01, q.unit) }
        case .range(let a, let b, _):
            let lo = try integer(try evaluate(a), a.range, "a range bound")
            let hi = try integer(try evaluate(b), b.range, "a range bound")
            guard lo <= hi else {
                throw Diagnostic(.runtime, "empty range \(lo)..\(hi): the first bound must not exceed the second", at: expr.range)
            }
            return .range(lo, hi)
        case .member(let base, let name, let nameRange, _):
            return try member(try evaluate(base), name, nameRange, base.range)
        case .index(let base, let index, _):
            return try self.index(try evaluate(base), try evaluate(index), index.range)
        case .call(let callee, let args, let range):
            return try call(callee, args, range)
        case .conditional(let c, let yes, let no, _):
            return try truth(try evaluate(c), c.range) ? try evaluate(yes) : try evaluate(no)
        case .convert(let e, let unitExpr, _):
            let target = try resolveUnit(unitExpr)
            return try convert(try evaluate(e), to: target, unitExpr.range)
        case .shock(let stage, let size, let years, let mode, let range):
            return try evaluateShock(stage, size, years, mode, range)
        }
    }

    func resolveUnit(_ u: UnitExpr) throws(Diagnostic) -> Unit {
        do {
            return try UnitRegistry.resolve(u)
        } catch {
            if case .unknownWord(let w) = error {
                throw Diagnostic(.runtime, "unknown unit '\(w)'", at: u.range, hint: "units: \(UnitRegistry.wordsList)")
            }
            throw Diagnostic(.runtime, "unknown unit", at: u.range)
        }
    }

    func truth(_ v: Value, _ range: SourceRange) throws(Diagnostic) -> Bool {
        switch v {
        case .bool(let b): return b
        case .na(let why): throw Diagnostic(.runtime, "condition is NA (\(why))", at: range, hint: "test for a published value first, or use present()")
        default: throw Diagnostic(.runtime, "a condition must be true or false, found \(v.typeName)", at: range)
        }
    }

    func integer(_ v: Value, _ range: SourceRange, _ what: String) throws(Diagnostic) -> Int {
        guard case .quantity(let q) = v, q.unit.isDimensionless, q.value == q.value.rounded() else {
            throw Diagnostic(.runtime, "\(what) must be a whole number, found \(describe(v))", at: range)
        }
        guard abs(q.value) < 1e9 else {
            throw Diagnostic(.runtime, "\(what) is too large: \(describe(v)) (whole numbers here stay below 10^9)", at: range)
        }
        return Int(q.value)
    }

    func describe(_ v: Value) -> String {
        switch v {
        case .quantity(let q): return formatter.quantity(q)
        case .string(let s): return "\"\(s)\""
        case .stage(let s): return "stage \(s.id)"
        default: return v.typeName
        }
    }

    // MARK: - Names

    func lookup(_ name: String, _ range: SourceRange) throws(Diagnostic) -> Value {
        for scope in scopes.reversed() {
            if let v = scope[name] { return v }
        }
        if let stage = chain.stage(name) { return .stage(stage) }
        if chain.quantityNames.contains(name) { return try panel(name) }
        if name == "audit" { return try audit() }
        if Evaluator.builtinNames.contains(name) { return .builtin(name) }
        if chains[name] != nil { return .chain(name) }
        if UnitRegistry.isWord(name) {
            throw Diagnostic(.runtime, "'\(name)' is a unit, not a value", at: range, hint: "write a number before it: 1 \(name)")
        }
        throw Diagnostic(.runtime, "unknown name '\(name)'", at: range, hint: suggestion(for: name))
    }

    var allNames: [String] {
        var names = scopes.reversed().flatMap { $0.keys.sorted() } + chain.stages.map(\.id) + chain.quantityNames + Evaluator.builtinNames.sorted()
        names.append(chain.name)
        return names
    }

    func suggestion(for name: String) -> String? {
        Suggest.name(name, stages: chain.stages.map(\.id), among: allNames)
    }

    // MARK: - The chain's data

    func published(_ key: QuantityKey) throws(Diagnostic) -> Quantity? {
        guard let p = chain.quantities[key] else { return nil }
        let label = key.year.map { "\(key.stage).\(key.quantity)[\($0)]" } ?? "\(key.stage).\(key.quantity)"
        return try quantity(from: p, label: label)
    }

    func quantity(from p: PublishedValue, label: String) throws(Diagnostic) -> Quantity {
        let unit: Unit
        do {
            unit = try UnitRegistry.resolve(p.unit)
        } catch {
            throw Diagnostic(.runtime, "the dataset gives \(label) the unknown unit '\(p.unit)'", at: nil)
        }
        return Quantity(p.value, unit, printed: p.text, origins: [Origin(label: label, published: p)])
    }

    var yearKeys: [String] { chain.years.map(String.init) }

    /// `S3.cost`: the series over the chain's years if any year is published, else the undated value.
    func stageQuantity(_ stage: Stage, _ name: String, _ range: SourceRange) throws(Diagnostic) -> Value {
        guard chain.quantityNames.contains(name) else {
            if let field = stageField(stage, name) { return field }
            let hint = Suggest.didYouMean(name, among: chain.quantityNames + ["name", "description"])
                ?? "quantities: \(chain.quantityNames.joined(separator: ", "))"
            throw Diagnostic(.runtime, "stage \(stage.id) has no quantity '\(name)'", at: range, hint: hint)
        }
        var items: [Quantity?] = []
        for y in chain.years { items.append(try published(QuantityKey(stage: stage.id, quantity: name, year: y))) }
        if items.contains(where: { $0 != nil }) {
            return .keyed(Keyed(label: "\(stage.id).\(name)", keyKind: .year, keys: yearKeys, items: items))
        }
        if let undated = try published(QuantityKey(stage: stage.id, quantity: name, year: nil)) {
            return .quantity(undated)
        }
        return .na("\(stage.id).\(name) is not published")
    }

    func stageField(_ stage: Stage, _ name: String) -> Value? {
        switch name {
        case "name": return .string(stage.name)
        case "description": return .string(stage.description)
        case "id": return .string(stage.id)
        default: return nil
        }
    }

    /// `cost`: a years × stages table if any year is published, else a vector of undated values by stage.
    func panel(_ name: String) throws(Diagnostic) -> Value {
        let ids = chain.stages.map(\.id)
        var cells: [[Quantity?]] = []
        for y in chain.years {
            var row: [Quantity?] = []
            for id in ids { row.append(try published(QuantityKey(stage: id, quantity: name, year: y))) }
            cells.append(row)
        }
        if cells.joined().contains(where: { $0 != nil }) {
            return .table(Table(title: name, rowKind: .year, rowKeys: yearKeys, columnKind: .stage, columnKeys: ids, cells: cells))
        }
        var items: [Quantity?] = []
        for id in ids { items.append(try published(QuantityKey(stage: id, quantity: name, year: nil))) }
        return .keyed(Keyed(label: name, keyKind: .stage, keys: ids, items: items))
    }

    // MARK: - Member access and indexing

    func member(_ base: Value, _ name: String, _ nameRange: SourceRange, _ baseRange: SourceRange) throws(Diagnostic) -> Value {
        switch base {
        case .stage(let stage):
            return try within(stage.chain) { () throws(Diagnostic) -> Value in try stageQuantity(stage, name, nameRange) }
        case .chain(let chainName):
            return try within(chainName) { () throws(Diagnostic) -> Value in
                if let stage = chain.stage(name) { return .stage(stage) }
                if chain.quantityNames.contains(name) { return try panel(name) }
                if name == "name" { return .string(chain.name) }
                if name == "title" { return .string(chain.title) }
                if name == "audit" { return try audit() }
                if Evaluator.builtinNames.contains(name) { return .bound(name, chain: chainName) }
                throw Diagnostic(.runtime, "chain \(chain.name) has no stage or quantity '\(name)'", at: nameRange,
                                 hint: Suggest.didYouMean(name, among: chain.stages.map(\.id) + chain.quantityNames))
            }
        case .keyed(let k):
            if let i = k.keys.firstIndex(of: name) { return k.items[i].map(Value.quantity) ?? .na("\(k.label) has no value for \(name)") }
            throw Diagnostic(.runtime, "\(k.label) has no entry '\(name)'", at: nameRange, hint: "entries: \(k.keys.joined(separator: ", "))")
        case .response(let r):
            return try responseRow(r, name, nameRange)
        case .table(let t):
            if let j = t.columnKeys.firstIndex(of: name) { return .keyed(t.column(j, label: "\(t.label ?? t.title).\(name)")) }
            throw Diagnostic(.runtime, "\(t.title) has no column '\(name)'", at: nameRange, hint: "columns: \(t.columnKeys.joined(separator: ", "))")
        default:
            throw Diagnostic(.runtime, "\(base.typeName) has no member '\(name)'", at: nameRange,
                             hint: "'.' reads a stage's quantity (S3.cost) or a column (cost.S3)")
        }
    }

    func index(_ base: Value, _ index: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        switch (base, index) {
        case (.na, _):
            return base
        case (.builtin(let name), _) where Evaluator.matrixTitles[name] != nil:
            return try matrix(name, index, range)
        case (.bound(let name, let chainName), _) where Evaluator.matrixTitles[name] != nil:
            return try within(chainName) { () throws(Diagnostic) -> Value in try matrix(name, index, range) }
        case (.keyed(let k), .range(let a, let b)):
            guard k.keyKind == .year else {
                throw Diagnostic(.runtime, "\(k.label) is indexed by \(k.keyKind.rawValue), not by a range of years", at: range)
            }
            let keys = try years(a, b, in: k.keys, label: k.label, range)
            let items = keys.compactMap { key in k.keys.firstIndex(of: key).map { k.items[$0] } }
            return .keyed(Keyed(label: k.label, keyKind: .year, keys: keys, items: items))
        case (.table(let t), .range(let a, let b)):
            guard t.rowKind == .year else { throw Diagnostic(.runtime, "\(t.title) has no rows by year", at: range) }
            let keys = try years(a, b, in: t.rowKeys, label: t.title, range)
            var sub = t
            sub.rowKeys = keys
            sub.cells = keys.compactMap { key in t.rowKeys.firstIndex(of: key).map { t.cells[$0] } }
            return .table(sub)
        case (.keyed(let k), _):
            let key = try keyText(index, kind: k.keyKind, range)
            guard let i = k.keys.firstIndex(of: key) else {
                throw outOfRange(key, keys: k.keys, kind: k.keyKind, label: k.label, range)
            }
            if let q = k.items[i] { return .quantity(q) }
            return .na("\(k.label)[\(key)] is not published")
        case (.table(let t), _):
            let name = t.label ?? t.title
            // A stage picks a row where rows are stages (a stage × stage matrix: M[Si][Sj] = m_ij),
            // else a column (cost[S3] is S3's series).
            if case .stage(let s) = index, t.rowKind == .stage || t.rowKind == .supplier, let i = t.rowKeys.firstIndex(of: s.id) {
                return .keyed(t.row(i, label: "\(name)[\(s.id)]"))
            }
            if case .stage(let s) = index, let j = t.columnKeys.firstIndex(of: s.id) {
                return .keyed(t.column(j, label: "\(name)[\(s.id)]"))
            }
            let key = try keyText(index, kind: t.rowKind, range)
            guard let i = t.rowKeys.firstIndex(of: key) else {
                throw outOfRange(key, keys: t.rowKeys, kind: t.rowKind, label: name, range)
            }
            return .keyed(t.row(i, label: "\(name)[\(key)]"))
        case (.list(let items), _):
            let i = try integer(index, range, "a position in the list")
            guard i >= 1, i <= items.count else {
                throw Diagnostic(.runtime, "position \(i) is outside the list (1..\(items.count))", at: range,
                                 hint: items.isEmpty ? "the list is empty" : nil)
            }
            return items[i - 1]
        case (.quantity, _):
            throw Diagnostic(.runtime, "a single value cannot be indexed", at: range,
                             hint: "index a series: S3.cost[2019]")
        default:
            throw Diagnostic(.runtime, "\(base.typeName) cannot be indexed", at: range)
        }
    }

    /// The years `a...b` if every one of them is in `have` (checked on the bounds first, so a
    /// range like 1..999999999 is refused without being built).
    private func years(_ a: Int, _ b: Int, in have: [String], label: String, _ range: SourceRange) throws(Diagnostic) -> [String] {
        for bound in [a, b] where !have.contains(String(bound)) {
            throw outOfRange(String(bound), keys: have, kind: .year, label: label, range)
        }
        let keys = (a...b).map(String.init)
        if let missing = keys.first(where: { !have.contains($0) }) {
            throw outOfRange(missing, keys: have, kind: .year, label: label, range)
        }
        return keys
    }

    private func outOfRange(_ key: String, keys: [String], kind: Keyed.KeyKind, label: String, _ range: SourceRange) -> Diagnostic {
        let span = kind == .year && keys.count > 1 ? "\(keys[0])..\(keys[keys.count - 1])" : keys.joined(separator: ", ")
        return Diagnostic(.runtime, "\(kind.rawValue) \(key) is not in \(label) (\(kind.rawValue)s: \(span))", at: range)
    }

    private func keyText(_ index: Value, kind: Keyed.KeyKind, _ range: SourceRange) throws(Diagnostic) -> String {
        switch (kind, index) {
        case (.year, _):
            return String(try integer(index, range, "a year"))
        case (_, .stage(let s)):
            return s.id
        case (_, .string(let s)):
            return s
        default:
            throw Diagnostic(.runtime, "this is indexed by \(kind.rawValue), found \(index.typeName)", at: range)
        }
    }

    // MARK: - Calls

    func call(_ callee: Expr, _ argExprs: [Expr], _ range: SourceRange) throws(Diagnostic) -> Value {
        let f = try evaluate(callee)
        var args: [(Value, SourceRange)] = []
        for a in argExprs { args.append((try evaluate(a), a.range)) }
        switch f {
        case .builtin(let name):
            // Built-ins that take stages read the chain of their first stage.
            if let first = args.first, case .stage(let s) = first.0 {
                return try within(s.chain) { () throws(Diagnostic) -> Value in try callBuiltin(name, args, range) }
            }
            return try callBuiltin(name, args, range)
        case .bound(let name, let chainName):
            return try within(chainName) { () throws(Diagnostic) -> Value in try callBuiltin(name, args, range) }
        case .function(let fn):
            guard args.count == fn.params.count else {
                throw Diagnostic(.runtime, "\(fn.name) takes \(fn.params.count) argument\(fn.params.count == 1 ? "" : "s"), given \(args.count)", at: range)
            }
            try checkInterrupt(range)
            guard callDepth < Evaluator.maxCallDepth else {
                throw Diagnostic(.limit, "recursion is too deep (more than \(Evaluator.maxCallDepth) nested calls)", at: range)
            }
            callDepth += 1
            let saved = scopes
            scopes = [scopes[0], Dictionary(uniqueKeysWithValues: zip(fn.params, args.map(\.0)))]
            defer {
                scopes = saved
                callDepth -= 1
            }
            do throws(Diagnostic) {
                return try evaluate(fn.body)
            } catch {
                // The body may come from an earlier input: point at this call, name the function.
                var d = error
                if d.kind != .interrupted, d.kind != .limit {
                    if d.function == nil { d.function = fn.name }
                    if callDepth == 1 { d.range = range }
                } else if callDepth == 1 {
                    d.range = range
                }
                throw d
            }
        default:
            throw Diagnostic(.runtime, "\(f.typeName) cannot be called", at: callee.range)
        }
    }
}

/// "Did you mean" by edit distance.
enum Suggest {
    /// A hint for an unknown name: the list of stages for a stage-like name (`S9`), else the
    /// closest of `candidates` (earlier ones win ties).
    static func name(_ name: String, stages: [String], among candidates: [String]) -> String? {
        if let first = name.first, stages.contains(where: { $0.first == first }), name.count > 1,
           name.dropFirst().allSatisfy(\.isNumber) {
            return "the stages are \(stages.joined(separator: ", "))"
        }
        return didYouMean(name, among: candidates)
    }

    static func didYouMean(_ name: String, among candidates: [String]) -> String? {
        // Short names match almost anything at distance 1; very long ones match nothing.
        guard (3...64).contains(name.count) else { return nil }
        let limit = max(1, name.count / 3)
        // Earlier candidates win ties: the caller lists the user's own names first.
        var best: (name: String, distance: Int)?
        for candidate in candidates where abs(candidate.count - name.count) <= limit {
            let d = distance(name.lowercased(), candidate.lowercased())
            if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best.map { "did you mean '\($0.name)'?" }
    }

    /// Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = Array(repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { row[j] = min(row[j], before[j - 2] + 1) }
            }
            before = previous
            previous = row
        }
        return previous[b.count]
    }
}
