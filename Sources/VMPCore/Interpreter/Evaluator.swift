import Foundation

/// Walks the AST: ``execute(_:)`` runs a statement, ``evaluate(_:)`` computes an expression.
///
/// Names resolve through ``NameResolver`` (innermost binding, stage, quantity, built-in,
/// chain). Arithmetic and indexing are ``Operations``; the chain's data and model are a
/// ``ChainContext``, one per chain, built when a value of that chain is read; built-ins get a
/// ``BuiltinCall``. Anything computed from `NA` is `NA`. Every error is a ``Diagnostic`` at
/// the operator or name that caused it.
final class Evaluator {
    /// How deeply user functions may call each other.
    static let maxCallDepth = 200

    /// The session's own chain.
    let chain: Chain
    /// Every chain of the session by name, the session's own included.
    var chains: [String: Chain] {
        didSet { formatter.stageNames = StageLabels.names(chains.values) }
    }
    /// The session's formatter, with the names of the loaded chains' stages (``StageLabels``).
    private(set) var formatter: Formatter {
        didSet { ops = Operations(formatter: formatter) }
    }
    /// The session's bindings (``scopes``) and the counters of calls, steps and binding
    /// changes, each in memory of its own (`Evaluator+State.swift`).
    let scopeStorage: UnsafeMutablePointer<[[String: Value]]> = .allocate(capacity: 1)
    let counters: UnsafeMutablePointer<EvaluatorCounters> = {
        let p = UnsafeMutablePointer<EvaluatorCounters>.allocate(capacity: 1)
        p.initialize(to: EvaluatorCounters())
        return p
    }()
    /// This evaluator among all (a ``CallSite`` remembers for one evaluator).
    let serial = EvaluatorSerials.next()
    /// The slots of the compiled calls in progress.
    let frames = FrameStack()
    /// Whether `load` and `export` may touch files (``Session/allowsFileAccess``).
    var allowsFileAccess = true
    /// Where relative `load` paths resolve (the running script's directory), if not the current one.
    var baseDirectory: String?
    /// Where results go, one value at a time, with their parts marked.
    let emit: (Markup) -> Void
    let isInterrupted: () -> Bool
    let models: ModelCache
    /// Whether user functions and top-level `for` loops run compiled (``Compiler``); off, every
    /// node is walked as written (the tests compare the two).
    var usesCompiledCode = true
    /// Arithmetic and indexing with the current ``formatter`` (kept in step with it).
    private(set) var ops: Operations

    init(chain: Chain, chains: [String: Chain] = [:], globals: [String: Value], formatter: Formatter, models: ModelCache = ModelCache(),
         emit: @escaping (Markup) -> Void, isInterrupted: @escaping () -> Bool) {
        self.chain = chain
        var all = chains
        all[chain.name] = chain
        self.chains = all
        self.models = models
        scopeStorage.initialize(to: [globals])
        var labelled = formatter
        labelled.stageNames = StageLabels.names(all.values)
        self.formatter = labelled
        self.ops = Operations(formatter: labelled)
        self.emit = emit
        self.isInterrupted = isInterrupted
    }

    deinit {
        counters.deinitialize(count: 1)
        counters.deallocate()
        scopeStorage.deinitialize(count: 1)
        scopeStorage.deallocate()
    }

    var globals: [String: Value] { scopes[0] }

    /// The data and model of the chain called `name` (the session's own for `nil` or an unknown name).
    func context(_ name: String?) -> ChainContext {
        ChainContext(chain: name.flatMap { chains[$0] } ?? chain, models: models, formatter: formatter, isInterrupted: isInterrupted)
    }

    /// Names as they resolve here past the bindings in scope (which the callers look up
    /// first): stages, quantities, built-ins and chains. Built without the scopes' names, so a
    /// lookup in a hot loop does not copy them.
    var resolver: NameResolver {
        NameResolver(chain: chain, otherChains: chains.keys.filter { $0 != chain.name })
    }

    /// ``resolver`` with the bindings in scope too: for "did you mean" among all names.
    private var resolverWithBindings: NameResolver {
        NameResolver(chain: chain, otherChains: chains.keys.filter { $0 != chain.name }, bound: scopes.map { Array($0.keys) })
    }

    // MARK: - Statements

    /// Runs one statement; expression statements print their value.
    func execute(_ statement: Statement) throws(Diagnostic) {
        if usesCompiledCode, scopes.count == 1, case .for = statement { return try executeCompiled(statement) }
        try checkInterrupt(statement.range)
        switch statement {
        case .expression(let e):
            let value = try evaluate(e)
            if case .nothing = value { return }
            emit(formatter.displayMarkup(value))
            scopes[0]["ans"] = value
        case .let(let name, let e, let nameRange, _):
            // `let` binds in the session, also inside a loop (so a loop can accumulate);
            // only a loop's own variable is local to it.
            if let refusal = resolver.refusesBinding(name, at: nameRange) { throw refusal }
            let value = try evaluate(e)
            scopes[0][name] = value
        case .function(let name, let params, let body, let nameRange, let range):
            if let refusal = resolver.refusesBinding(name, at: nameRange) { throw refusal }
            // A parameter may not hide a stage or a built-in either (as `let` may not).
            for param in params {
                if let refusal = resolver.refusesBinding(param, at: range) { throw refusal }
            }
            scopes[0][name] = .function(UserFunction(name: name, params: params, body: body))
        case .for(let variable, let over, let body, _):
            func step(_ item: Value) throws(Diagnostic) {
                try checkInterrupt(statement.range)
                scopes.append([variable: item])
                defer { scopes.removeLast() }
                for s in body { try execute(s) }
            }
            switch try loopItems(over) {
            case .numbers(let first, let last):
                // A loop over an empty range (1..0) runs zero times.
                if first <= last { for y in first...last { try step(.quantity(Quantity(Double(y)))) } }
            case .items(let items):
                for item in items { try step(item) }
            }
        case .print(let e, _):
            let value = try evaluate(e)
            emit(formatter.displayMarkup(value))
        case .source(let e, _):
            let value = try evaluate(e)
            emit(formatter.commandText(formatter.sources(value), command: "source"))
        case .explain(let e, _):
            emit(formatter.commandText(try explain(e), command: "explain"))
        case .help(let topic, let range):
            switch Help.lookup(topic ?? "") {
            case .text(let text): emit(formatter.commandText(Help.wrap(text, width: formatter.plotWidth), command: "help"))
            case .notFound(let message): throw Diagnostic(.runtime, message, at: range)
            }
        case .load(let pathExpr, let name, let nameRange, let yearExpr, _):
            guard case .string(let path) = try evaluate(pathExpr) else {
                throw Diagnostic(.runtime, "load needs a file name in quotes", at: pathExpr.range)
            }
            if let refusal = resolver.refusesBinding(name, at: nameRange) { throw refusal }
            if chain.quantityNames.contains(name) {
                // A chain named like a quantity could not be reached: `cost` would mean the quantity.
                throw Diagnostic(.runtime, "'\(name)' is a quantity of chain \(chain.name): load the chain under another name", at: nameRange,
                                 hint: "load … as \(name)_chain")
            }
            var year: Int?
            if let yearExpr {
                let given = try ops.integer(try evaluate(yearExpr), yearExpr.range, "the table's year")
                guard (1...9999).contains(given) else { throw Diagnostic(.runtime, "year \(given) is not a year (1 to 9999)", at: yearExpr.range) }
                year = given
            }
            guard allowsFileAccess else { throw Diagnostic.noFileAccess("load", at: pathExpr.range) }
            chains[name] = try ChainFiles.load(path: path, as: name, year: year, sessionChain: chain.name, base: baseDirectory, pathExpr.range)
        case .aggregate(let request, let range):
            try aggregate(request, range)
        case .export(let e, let pathExpr, let overwrite, _):
            let value = try evaluate(e)
            guard case .string(let path) = try evaluate(pathExpr) else {
                throw Diagnostic(.runtime, "export needs a file name in quotes", at: pathExpr.range)
            }
            guard allowsFileAccess else { throw Diagnostic.noFileAccess("export", at: pathExpr.range) }
            let exported: Chain?
            if case .chain(let name) = value { exported = chains[name] } else { exported = nil }
            try ChainFiles.export(value, chain: exported, to: ChainFiles.resolved(path, base: baseDirectory), overwrite: overwrite,
                                  formatter: formatter, pathExpr.range)
        case .plot(let request, let range):
            try plot(request, range)
        }
    }

    /// What a `for` loop runs over: the whole numbers of a range, or the items of a list.
    enum LoopItems {
        case numbers(Int, Int)
        case items([Value])
    }

    /// The range (`2015..2022`, possibly empty: `1..0`) or list (`for s in stages`) of a loop.
    private func loopItems(_ over: Expr) throws(Diagnostic) -> LoopItems {
        if case .range(let a, let b, _) = over {
            return .numbers(try ops.integer(try evaluate(a), a.range, "a range bound"), try ops.integer(try evaluate(b), b.range, "a range bound"))
        }
        return try Evaluator.loopItems(of: try evaluate(over), over.range)
    }

    /// The items of a loop over `value` (not written as a range): a range value or a list.
    static func loopItems(of value: Value, _ range: SourceRange) throws(Diagnostic) -> LoopItems {
        switch value {
        case .range(let a, let b): return .numbers(a, b)
        case .list(let items): return .items(items)
        case let value:
            throw Diagnostic(.runtime, "'for' needs a range like 2015..2022 or a list, found \(value.typeName)", at: range)
        }
    }

    /// Polled at statement, loop-round and call boundaries: Ctrl-C, and each one is a step.
    /// The common case (not interrupted, no step budget) inline; the rest out of line.
    @inline(__always)
    func checkInterrupt(_ range: SourceRange) throws(Diagnostic) {
        if isInterrupted() { throw Evaluator.interruptedError(range) }
        if maxSteps != nil { try countStep(range) }
    }

    /// One step against ``maxSteps``: "step budget exhausted" once it is spent.
    @inline(never)
    private func countStep(_ range: SourceRange) throws(Diagnostic) {
        if let maxSteps {
            guard steps < maxSteps else { throw Diagnostic.stepBudgetExhausted(maxSteps, at: range) }
            steps += 1
        }
    }

    /// "interrupted" at `range` (out of line: rare).
    @inline(never)
    static func interruptedError(_ range: SourceRange) -> Diagnostic {
        Diagnostic(.interrupted, "interrupted", at: range)
    }

    // MARK: - Expressions

    func evaluate(_ expr: Expr) throws(Diagnostic) -> Value {
        switch expr {
        case .number(let v, _, _):
            return .quantity(Quantity(v, exact: true))
        case .quantity(let v, _, let unitExpr, _):
            let unit = try resolveUnit(unitExpr)
            return .quantity(Quantity(v, unit, exact: true))
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
            return .na("written as NA")
        case .name(let name, let range):
            return try lookup(name, range)
        case .unary(let op, let operand, let opRange, _):
            return try ops.unary(op, try evaluate(operand), opRange)
        case .binary(let op, let l, let r, let opRange, _):
            if op.isLogical {
                let left = try ops.truth(try evaluate(l), l.range)
                if op == .and && !left { return .bool(false) }
                if op == .or && left { return .bool(true) }
                return .bool(try ops.truth(try evaluate(r), r.range))
            }
            return try ops.binary(op, try evaluate(l), try evaluate(r), opRange)
        case .percent(let e, let range):
            return try ops.percent(try evaluate(e), range)
        case .range(let a, let b, _):
            let lo = try ops.integer(try evaluate(a), a.range, "a range bound")
            let hi = try ops.integer(try evaluate(b), b.range, "a range bound")
            guard lo <= hi else {
                throw Diagnostic(.runtime, "empty range \(lo)..\(hi): the first bound must not exceed the second", at: expr.range)
            }
            return .range(lo, hi)
        case .member(let base, let name, let nameRange, _):
            return try member(try evaluate(base), name, nameRange)
        case .index(let base, let index, _):
            return try self.index(try evaluate(base), try evaluate(index), index.range)
        case .call(let callee, let args, let range):
            return try call(callee, args, range)
        case .conditional(let c, let yes, let no, _):
            return try ops.truth(try evaluate(c), c.range) ? try evaluate(yes) : try evaluate(no)
        case .convert(let e, let unitExpr, _):
            let target = try resolveUnit(unitExpr)
            return try ops.convert(try evaluate(e), to: target, unitExpr.range)
        case .shock(let stage, let size, let years, let mode, let range):
            guard case .stage(let s) = try evaluate(stage) else {
                throw Diagnostic(.runtime, "a shock needs a stage (\(chain.stages.map(\.id).joined(separator: ", ")))", at: stage.range)
            }
            let sizeValue = try evaluate(size)
            let yearsValue = try evaluate(years)
            return try context(s.chain).shock(s, sizeValue, size, yearsValue, years.range, mode, range)
        case .vectorShock(let size, let years, let mode, let range):
            return try vectorShock(size, years, mode, range)
        case .record(let fields, let range):
            return try record(fields, range).vector
        }
    }

    func resolveUnit(_ u: UnitExpr) throws(Diagnostic) -> Unit {
        try Operations.resolveUnit(u)
    }

    // MARK: - Names

    func lookup(_ name: String, _ range: SourceRange) throws(Diagnostic) -> Value {
        for scope in scopes.reversed() {
            if let v = scope[name] { return v }
        }
        if let v = try resolvedPastScopes(name, range) { return v }
        throw resolverWithBindings.unknown(name, at: range)
    }

    /// What `name` is past the bindings in scope (a stage, quantity, built-in or chain), or
    /// `nil` if it is unknown there.
    func resolvedPastScopes(_ name: String, _ range: SourceRange) throws(Diagnostic) -> Value? {
        switch resolver.resolve(name) {
        case .stage(let stage): return .stage(stage)
        case .quantity: return try context(nil).panel(name)
        case .builtin(let builtin): return try named(builtin, of: nil, range)
        case .chain: return .chain(name)
        case .binding, .unit, nil: return nil
        }
    }

    /// A built-in as a value where it is named: a `.value` built-in (`audit`, `stages`) is
    /// computed, an option is its word, any other is a function to call or index.
    private func named(_ builtin: Builtin, of chainName: String?, _ range: SourceRange) throws(Diagnostic) -> Value {
        switch builtin.form {
        case .value:
            return try builtin(BuiltinCall(name: builtin.name, args: [], range: range, chain: context(chainName)))
        case .option:
            if let option = LinkageOption(rawValue: builtin.name) { return .option(option) }
            return .builtin(builtin, chain: chainName)
        case .function, .matrix:
            return .builtin(builtin, chain: chainName)
        }
    }

    // MARK: - Member access and indexing

    func member(_ base: Value, _ name: String, _ nameRange: SourceRange) throws(Diagnostic) -> Value {
        switch base {
        case .stage(let stage):
            return try context(stage.chain).stageMember(stage, name, nameRange)
        case .chain(let chainName):
            let other = context(chainName)
            let resolver = NameResolver(chain: other.chain)
            switch resolver.resolve(name) {
            case .stage(let stage): return .stage(stage)
            case .quantity: return try other.panel(name)
            case .builtin(let builtin): return try named(builtin, of: chainName, nameRange)
            default: break
            }
            if name == "name" { return .string(other.chain.name) }
            if name == "title" { return .string(other.chain.title) }
            throw Diagnostic(.runtime, "chain \(other.chain.name) has no stage or quantity '\(name)'", at: nameRange,
                             hint: Suggest.didYouMean(name, among: other.stageIDs + other.chain.quantityNames))
        case .keyed(let k):
            if let i = k.keys.firstIndex(of: name) { return k.items[i].map(Value.quantity) ?? .na("\(k.label) has no value for \(name)") }
            throw Diagnostic(.runtime, "\(k.label) has no entry '\(name)'", at: nameRange, hint: "entries: \(k.keys.joined(separator: ", "))")
        case .response(let r):
            return try r.row(name, nameRange)
        case .table(let t):
            // A stage × stage matrix is read row first, as M[Si][Sj]: M.Si.Sj is m_ij.
            if t.rowKind == .supplier, let i = t.rowKeys.firstIndex(of: name) { return .keyed(t.row(i, label: "\(t.label ?? t.title).\(name)")) }
            if let j = t.columnKeys.firstIndex(of: name) { return .keyed(t.column(j, label: "\(t.label ?? t.title).\(name)")) }
            throw Diagnostic(.runtime, "\(t.title) has no column '\(name)'", at: nameRange, hint: "columns: \(t.columnKeys.joined(separator: ", "))")
        default:
            throw Diagnostic(.runtime, "\(base.typeName) has no member '\(name)'", at: nameRange,
                             hint: "'.' reads a stage's quantity (S3.cost) or a column (cost.S3)")
        }
    }

    /// `x[i]`: a matrix of a year (`A[2020]`), else ``Operations/index(_:_:_:)``.
    func index(_ base: Value, _ index: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        if case .builtin(let builtin, let chainName) = base, builtin.form == .matrix {
            return try builtin(BuiltinCall(name: builtin.name, args: [Argument(value: index, range: range)], range: range, chain: context(chainName)))
        }
        return try ops.index(base, index, range)
    }
}
