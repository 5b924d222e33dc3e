/// What compiled code (``Compiler``) asks of the evaluator: the tree walker's scopes rebuilt
/// for a fallback, names past the locals, session-level `let`, and calls of compiled bodies.
extension Evaluator {
    /// `scopes` as the tree-walking evaluator has them at a compiled point: the session's
    /// bindings, then one scope per local level. `body` runs with them; the session's bindings
    /// it makes are kept.
    func materialised<T>(_ levels: LocalLevels, _ frame: Frame, _ body: () throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        let saved = scopes
        var rebuilt = [scopes[0]]
        for level in levels {
            rebuilt.append(Dictionary(level.map { ($0.name, frame.slots[$0.slot]) }, uniquingKeysWith: { first, _ in first }))
        }
        scopes = rebuilt
        defer {
            let session = scopes[0]
            scopes = saved
            scopes[0] = session
        }
        return try body()
    }

    /// `let name = value` at the session level (`scopes[0]`), `name` being `global`'s: in
    /// place where the name already is (no hash, the bindings' layout unchanged), else added.
    func rebind(_ global: GlobalSlot, to value: Value) {
        if let i = global.position(in: self) {
            // A value replaced in place moves no name: positions stay valid (only the values'
            // version, which compiled calls check, moves on).
            let layout = layoutVersion
            scopes[0].values[i] = value
            layoutVersion = layout
        } else {
            scopes[0][global.name] = value
        }
    }

    /// `let s = s op n` for the session binding at `i` when it holds a plain whole number
    /// (``PlainNumbers``): the result written where the old value sits, with what ``rebind(_:to:)``
    /// moves on (``bindingsVersion``, not the layout). `false`, changing nothing, when the value
    /// or the result is not a plain whole number (then the general path runs).
    @inline(__always)
    func updatePlain(at i: Dictionary<String, Value>.Index, _ op: BinaryOperator, _ n: Int64) -> Bool {
        guard let m = PlainNumbers.whole(value: scopeStorage.pointee[0].values[i]),
              let result = PlainNumbers.scalar(op, m, n) else { return false }
        scopeStorage.pointee[0].values[i] = result
        bindingsVersion += 1
        return true
    }

    /// ``Operations/truth(_:_:)`` of a condition: a boolean is its own truth (the operation
    /// words the other cases).
    @inline(__always)
    func truth(_ condition: Value, _ range: SourceRange) throws(Diagnostic) -> Bool {
        if case .bool(let b) = condition { return b }
        return try ops.truth(condition, range)
    }

    /// `x op y` for a non-logical operator: what ``Operations/binary(_:_:_:_:)`` does, two
    /// numbers going straight to ``Operations/scalar(_:_:_:_:)``.
    func arithmetic(_ op: BinaryOperator, _ x: Value, _ y: Value, _ range: SourceRange) throws(Diagnostic) -> Value {
        if case .quantity(let p) = x, case .quantity(let q) = y { return try ops.scalar(op, p, q, range) }
        return try ops.binary(op, x, y, range)
    }

    /// A name that is no local of compiled code: as ``lookup(_:_:)`` finds it past the locals.
    func lookupPastLocals(_ name: String, _ range: SourceRange, _ levels: LocalLevels, _ frame: Frame) throws(Diagnostic) -> Value {
        if let v = scopes[0][name] { return v }
        return try lookupPastSession(name, range, levels, frame)
    }

    /// A name that is neither a local of compiled code nor a session binding: as
    /// ``lookup(_:_:)`` finds it past those.
    func lookupPastSession(_ name: String, _ range: SourceRange, _ levels: LocalLevels, _ frame: Frame) throws(Diagnostic) -> Value {
        if let v = try resolvedPastScopes(name, range) { return v }
        return try materialised(levels, frame) { () throws(Diagnostic) -> Value in try lookup(name, range) }
    }

    /// A callee named by a name that is no local of compiled code: as ``function(_:)`` finds it.
    func calleePastLocals(_ name: String, _ range: SourceRange, _ levels: LocalLevels, _ frame: Frame) throws(Diagnostic) -> Value {
        if let v = scopes[0][name] { return v }
        if case .builtin(let builtin) = resolver.resolve(name) { return .builtin(builtin, chain: nil) }
        return try lookupPastLocals(name, range, levels, frame)
    }

    /// A user function's body compiled (``Compiler``), made on its first call: in the number
    /// lane (``CompiledCode/fast``) and, from it, giving a value (``CompiledCode/code``).
    func compiledBody(of fn: UserFunction) -> Code {
        compiledCode(of: fn).code
    }

    /// ``compiledBody(of:)``, both forms.
    func compiledCode(of fn: UserFunction) -> CompiledCode {
        if let made = fn.compiled.made { return made }
        let made = CompiledCode(fast: Compiler(params: fn.params).compileFast(fn.body))
        fn.compiled.made = made
        return made
    }

    /// A user function called with its arguments in `frame`: what ``call(_:_:_:)-(UserFunction,_,_)``
    /// does (the same checks, steps and diagnostics), running the body compiled.
    func callCompiled(_ fn: UserFunction, _ frame: Frame, _ range: SourceRange) throws(Diagnostic) -> Value {
        try runCompiled(compiledBody(of: fn), arity: fn.params.count, frame, range) { fn.name }
    }

    /// `code`, the compiled body of a function of `arity` parameters called `name`, on the
    /// arguments in `frame` (``runCall(arity:_:_:name:_:)``).
    @inline(__always)
    func runCompiled(_ code: Code, arity: Int, _ frame: Frame, _ range: SourceRange, name: () -> String) throws(Diagnostic) -> Value {
        try runCall(arity: arity, frame, range, name: name) { () throws(Diagnostic) -> Value in try code(self, frame) }
    }

    /// ``runCompiled(_:arity:_:_:name:)`` for the user function `site` remembers, its body
    /// run in the number lane (``Fast``).
    @inline(__always)
    func runCompiledFast(_ site: CallSite, _ frame: Frame, _ range: SourceRange) throws(Diagnostic) -> Fast {
        try runCall(arity: site.arity, frame, range, name: { site.name }) { () throws(Diagnostic) -> Fast in try site.runFast(self, frame) }
    }

    /// `body`, a compiled call of a function of `arity` parameters called `name` on the
    /// arguments in `frame`: the arity, interrupt and depth checks of a call, then the body one
    /// call deeper; an error inside it is reported at this call (``bodyError(_:named:_:)``).
    @inline(__always)
    private func runCall<R>(arity: Int, _ frame: Frame, _ range: SourceRange, name: () -> String,
                            _ body: () throws(Diagnostic) -> R) throws(Diagnostic) -> R {
        guard frame.count == arity else { throw Evaluator.arityError(name(), arity, given: frame.count, range) }
        try checkInterrupt(range)
        try checkCallDepth(range)
        callDepth += 1
        defer { callDepth -= 1 }
        do throws(Diagnostic) {
            return try body()
        } catch {
            throw bodyError(error, named: name(), range)
        }
    }

    /// "`name` takes `arity` argument(s), given `given`" at `range` (out of line: it is rare,
    /// and its text would widen every compiled call's frame).
    @inline(never)
    static func arityError(_ name: String, _ arity: Int, given: Int, _ range: SourceRange) -> Diagnostic {
        Diagnostic(.runtime, "\(name) takes \(arity) argument\(arity == 1 ? "" : "s"), given \(given)", at: range)
    }

    /// "recursion is too deep" at `range` (out of line, as ``arityError(_:_:given:_:)``).
    @inline(never)
    static func depthError(_ range: SourceRange) -> Diagnostic {
        Diagnostic(.limit, "recursion is too deep (more than \(Evaluator.maxCallDepth) nested calls)", at: range)
    }

    /// Runs a top-level `for` statement compiled (``Compiler``).
    func executeCompiled(_ statement: Statement) throws(Diagnostic) {
        let resolver = self.resolver
        let compiler = Compiler(params: nil, refusal: { name, range in resolver.refusesBinding(name, at: range) })
        let code = compiler.compile(statement)
        let frame = frames.push(compiler.slotCount)
        defer { frames.pop(frame) }
        try code(self, frame)
    }
}
