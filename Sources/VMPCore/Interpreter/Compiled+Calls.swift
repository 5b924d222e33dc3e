// Calls in compiled code: the callee found as the evaluator finds it, the arguments
// evaluated left to right into a frame, and a user function remembered at its call site.

extension Compiler {
    /// A call: the callee as ``Evaluator`` finds it, the arguments left to right, then a user
    /// function runs compiled in a new frame and anything else as the evaluator calls it. A
    /// user function remembered at the call site runs its body in the number lane, so a plain
    /// whole result comes back as an `Int64` (``Fast``); the value path makes it a value.
    func compileCall(_ callee: Expr, _ argExprs: [Expr], _ range: SourceRange) -> FastCode {
        let function: Code
        switch callee {
        case .name(let name, let nameRange) where slot(name) == nil:
            let levels = self.levels
            function = { ev, frame throws(Diagnostic) in try ev.calleePastLocals(name, nameRange, levels, frame) }
        case .member(let base, let name, let nameRange, _):
            let b = compile(base)
            function = { ev, frame throws(Diagnostic) in try ev.memberCallee(try b(ev, frame), name, nameRange) }
        default:
            function = compile(callee)
        }
        let count = argExprs.count
        let ranges = argExprs.map(\.range)
        let calleeRange = callee.range
        // One argument (the commonest call): evaluated first, then the frame is made holding it
        // (making a frame has no effect to order), so its slot is not set twice.
        let single: Code = count == 1 ? compile(argExprs[0]) : { _, _ in .nothing }
        let fill = count == 1 ? { ev, frame, callFrame throws(Diagnostic) in callFrame.slots[0] = try single(ev, frame) }
                              : filler(argExprs[...], at: 0)
        // A callee named by a session binding: the user function it meant last time, while the
        // bindings are unchanged (finding it has no effect to repeat: no step, no poll).
        var site: CallSite?
        if case .name(let name, _) = callee, slot(name) == nil { site = CallSite() }
        // The hot path (a remembered user function) stays small; anything else (another
        // callee, the first call, a changed binding) runs out of line in `general`.
        let general = GeneralCall(function: function, callee: callee, site: site, count: count,
                                  fill: fill, ranges: ranges, calleeRange: calleeRange, range: range)
        guard let site else {
            return { ev, frame throws(Diagnostic) in .value(try general.run(ev, frame)) }
        }
        if count == 1 {
            return { ev, frame throws(Diagnostic) in
                if site.holds(in: ev) {
                    let callFrame = ev.frames.push(holding: try single(ev, frame))
                    defer { ev.frames.pop(callFrame) }
                    return try ev.runCompiledFast(site, callFrame, range)
                }
                return .value(try general.run(ev, frame))
            }
        }
        return { ev, frame throws(Diagnostic) in
            if site.holds(in: ev) {
                let callFrame = ev.frames.push(count)
                defer { ev.frames.pop(callFrame) }
                try fill(ev, frame, callFrame)
                return try ev.runCompiledFast(site, callFrame, range)
            }
            return .value(try general.run(ev, frame))
        }
    }

    /// One closure that evaluates `exprs` left to right into a call's frame from slot `first`
    /// on: a tree of halves (its depth grows with the log of the count), so a call runs its
    /// argument closures directly, never through an array of closures (whose elements are
    /// called through reabstraction thunks).
    func filler(_ exprs: ArraySlice<Expr>, at first: Int) -> (Evaluator, Frame, Frame) throws(Diagnostic) -> Void {
        switch exprs.count {
        case 0:
            return { _, _, _ in }
        case 1:
            let code = compile(exprs[exprs.startIndex])
            return { ev, frame, callFrame throws(Diagnostic) in callFrame.slots[first] = try code(ev, frame) }
        default:
            let mid = exprs.startIndex + exprs.count / 2
            let left = filler(exprs[..<mid], at: first)
            let right = filler(exprs[mid...], at: first + (mid - exprs.startIndex))
            return { ev, frame, callFrame throws(Diagnostic) in
                try left(ev, frame, callFrame)
                try right(ev, frame, callFrame)
            }
        }
    }
}
