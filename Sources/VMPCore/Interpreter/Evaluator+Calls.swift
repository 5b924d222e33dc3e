import CLargeStack

// The calls of the tree-walking evaluator: callees (names, members, values), built-ins, and
// user functions run one call deeper with their checks (arity, interrupt, depth and stack).
// The compiled fast path shares these checks (Compiled+Evaluator.swift).

extension Evaluator {
    func call(_ callee: Expr, _ argExprs: [Expr], _ range: SourceRange) throws(Diagnostic) -> Value {
        let f = try function(callee)
        var args: [Argument] = []
        for a in argExprs { args.append(Argument(value: try evaluate(a), range: a.range)) }
        return try call(f, args, callee.range, range)
    }

    /// Calls `f` (a built-in or a user function) with the evaluated arguments.
    func call(_ f: Value, _ args: [Argument], _ calleeRange: SourceRange, _ range: SourceRange) throws(Diagnostic) -> Value {
        switch f {
        case .builtin(let builtin, let chainName):
            // A built-in works on its bound chain (li.link), else on the chain of its first stage argument.
            var chainName = chainName
            if chainName == nil, let first = args.first, case .stage(let s) = first.value { chainName = s.chain }
            return try builtin(BuiltinCall(name: builtin.name, args: args, range: range, chain: context(chainName)))
        case .function(let fn):
            return try call(fn, args.map(\.value), range)
        case .option(let option):
            throw option.notAFunction(at: range)
        default:
            throw Diagnostic(.runtime, "\(f.typeName) cannot be called", at: calleeRange)
        }
    }

    /// What a call calls: a built-in named directly (`audit(5%)`, `li.stages()`: a `.value`
    /// built-in is called, not computed first), else the callee's value.
    private func function(_ callee: Expr) throws(Diagnostic) -> Value {
        switch callee {
        case .name(let name, _) where !scopes.contains(where: { $0[name] != nil }):
            if case .builtin(let builtin) = resolver.resolve(name) { return .builtin(builtin, chain: nil) }
        case .member(let base, let name, let nameRange, _):
            return try memberCallee(try evaluate(base), name, nameRange)
        default:
            break
        }
        return try evaluate(callee)
    }

    /// The callee `base.name`: a built-in bound to the chain `base` (`li.link`), else the member.
    func memberCallee(_ baseValue: Value, _ name: String, _ nameRange: SourceRange) throws(Diagnostic) -> Value {
        if case .chain(let chainName) = baseValue, let other = chains[chainName],
           case .builtin(let builtin) = NameResolver(chain: other).resolve(name) {
            return .builtin(builtin, chain: chainName)
        }
        return try member(baseValue, name, nameRange)
    }

    /// A user function's body evaluated with its parameters bound to `args` (and the session's
    /// names): an error inside it is reported at this call, naming the function.
    func call(_ fn: UserFunction, _ args: [Value], _ range: SourceRange) throws(Diagnostic) -> Value {
        if usesCompiledCode {
            return try frames.with(args) { (frame) throws(Diagnostic) -> Value in try callCompiled(fn, frame, range) }
        }
        return try inScope(of: fn, args, range) { () throws(Diagnostic) -> Value in try evaluateBody(of: fn, range) }
    }

    /// The depth checks of a call to a user function: at most ``maxCallDepth`` nested calls, and
    /// enough stack left for one more (`vmp_stack_is_low` in `Sources/CLargeStack`: 160 MiB of
    /// the 512 MiB stack a session runs on). 200 calls each evaluating an expression of 10,000
    /// operators need more stack than that; they end in this diagnostic, not a crash.
    /// - Throws: a ``Diagnostic`` of kind `.limit` at `range`.
    @inline(__always)
    func checkCallDepth(_ range: SourceRange) throws(Diagnostic) {
        guard callDepth < Evaluator.maxCallDepth else { throw Evaluator.depthError(range) }
        guard vmp_stack_is_low() == 0 else { throw stackError(range) }
    }

    /// "recursion is too deep for the stack" at `range` (out of line, as ``depthError(_:)``).
    @inline(never)
    func stackError(_ range: SourceRange) -> Diagnostic {
        Diagnostic(.limit, "recursion is too deep for the stack (\(callDepth) nested calls, each evaluating a long expression)", at: range)
    }

    /// Runs `body` one call deeper, with `fn`'s parameters bound to `args` (and the session's names).
    /// - Throws: for a wrong number of arguments, an interrupt, or recursion too deep (``checkCallDepth(_:)``).
    func inScope<T>(of fn: UserFunction, _ args: [Value], _ range: SourceRange, _ body: () throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        guard args.count == fn.params.count else {
            throw Diagnostic(.runtime, "\(fn.name) takes \(fn.params.count) argument\(fn.params.count == 1 ? "" : "s"), given \(args.count)", at: range)
        }
        try checkInterrupt(range)
        try checkCallDepth(range)
        callDepth += 1
        let saved = scopes
        scopes = [scopes[0], Dictionary(zip(fn.params, args), uniquingKeysWith: { first, _ in first })]
        defer {
            scopes = saved
            callDepth -= 1
        }
        return try body()
    }

    private func evaluateBody(of fn: UserFunction, _ range: SourceRange) throws(Diagnostic) -> Value {
        do throws(Diagnostic) {
            return try evaluate(fn.body)
        } catch {
            throw bodyError(error, named: fn.name, range)
        }
    }

    /// An error from `fn`'s body as its call reports it: the body may come from an earlier
    /// input, so it points at this call (the outermost one) and names the function.
    func bodyError(_ error: Diagnostic, named name: String, _ range: SourceRange) -> Diagnostic {
        var d = error
        if d.kind != .interrupted, d.kind != .limit {
            if d.function == nil { d.function = name }
            if callDepth == 1 { d.range = range }
        } else if callDepth == 1 {
            d.range = range
        }
        return d
    }
}
