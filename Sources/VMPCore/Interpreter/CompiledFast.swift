/// The number lane of compiled function bodies: the spine of a body that computes with plain
/// whole numbers (`if n < 2 then n else fib(n-1) + fib(n-2)`) passes them between its nodes
/// as `Int64`s (``Fast/whole(_:)``) and its conditions as `Bool`s, and makes a ``Value`` only
/// where one is needed (a call's argument, an operation on anything else, the body's result
/// to a caller outside the lane).
///
/// `.whole(n)` stands for exactly the value ``PlainNumbers/number(_:)`` makes of `n` (a plain,
/// exact number without printed digits or origins, below 2^53 in magnitude), so making it a
/// value (``Fast/value``) gives what the value path (``Compiler/compile(_:)``) computes at the
/// same node: each node below takes the same ``PlainNumbers`` shortcut the value path takes and
/// otherwise the same operation on the same values, in the same order, with the same checks.
/// `EvaluatorFastPathTests` requires equal output, diagnostics, steps and interrupt polls.
enum Fast {
    /// A plain whole number below 2^53 in magnitude (see the type's notes).
    case whole(Int64)
    /// A comparison's result.
    case truth(Bool)
    /// Anything else.
    case value(Value)

    /// The value this stands for.
    @inline(__always)
    var value: Value {
        switch self {
        case .whole(let n): return .quantity(Quantity(Double(n), Unit.one, exact: true))
        case .truth(let b): return .bool(b)
        case .value(let v): return v
        }
    }

    /// The whole number ``PlainNumbers/whole(value:)`` finds in the value this stands for.
    @inline(__always)
    var wholeNumber: Int64? {
        switch self {
        case .whole(let n): return n
        case .truth: return nil
        case .value(let v): return PlainNumbers.whole(value: v)
        }
    }
}

typealias FastCode = (Evaluator, Frame) throws(Diagnostic) -> Fast

extension PlainNumbers {
    /// The whole number at `slot` when the slot holds exactly what ``number(_:)`` makes of it
    /// (exact, no printed digits, no origins, unit one, the same bits: not `-0`), else `nil`.
    @inline(__always)
    static func canonical(at slot: UnsafeMutablePointer<Value>) -> Int64? {
        switch slot.pointee {
        case .quantity(let q):
            guard q.exact, q.printed == nil, let n = whole(q), Double(n).bitPattern == q.value.bitPattern else { return nil }
            return n
        default:
            return nil
        }
    }

    /// ``scalar(_:_:_:)-(_,Int64,Int64)`` in the number lane: the same result, as `.whole`
    /// while it stays below 2^53 in magnitude (2^53 itself is a value, which ``whole(_:)``
    /// does not take back), or `nil` where that gives `nil`. (Not the other way round: the
    /// value path made from this, through `Fast`, ran the 10^6 loop twice as slowly.)
    @inline(__always)
    static func fast(_ op: BinaryOperator, _ x: Int64, _ y: Int64) -> Fast? {
        let r: Int64
        switch op {
        case .add:
            let (s, o) = x.addingReportingOverflow(y)
            if o { return nil }
            r = s
        case .subtract:
            let (s, o) = x.addingReportingOverflow(-y)   // |y| < 2^53: negating cannot overflow
            if o { return nil }
            r = s
        case .multiply:
            let (p, o) = x.multipliedReportingOverflow(by: y)
            if o { return nil }
            r = p
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
            return compare(op, x, y).map(Fast.truth)
        case .divide, .power, .and, .or:
            return nil
        }
        if Double(r).magnitude < Decimal64.exactLimit { return .whole(r) }
        return number(r).map(Fast.value)
    }
}

extension Compiler {
    /// `expr` compiled in the number lane (``Fast``): literals, locals, arithmetic and
    /// comparisons, conditions and calls of user functions by a session name; any other node
    /// is compiled as a value (``compile(_:)``).
    func compileFast(_ expr: Expr) -> FastCode {
        switch expr {
        case .number(let v, _, _):
            guard v.magnitude < Decimal64.exactLimit, let k = Int64(exactly: v), Double(k).bitPattern == v.bitPattern else { break }
            return { _, _ in .whole(k) }
        case .name(let name, _):
            guard let slot = slot(name) else { break }
            return { _, frame in
                if let n = PlainNumbers.canonical(at: frame.slots + slot) { return .whole(n) }
                return .value(frame.slots[slot])
            }
        case .binary(let op, let l, let r, let opRange, _) where !op.isLogical:
            if let fused = slotAndWholeNumberFast(op, l, r, opRange) { return fused }
            let a = compileFast(l), b = compileFast(r)
            return { ev, frame throws(Diagnostic) in
                let x = try a(ev, frame)
                let y = try b(ev, frame)
                if let m = x.wholeNumber, let n = y.wholeNumber, let plain = PlainNumbers.fast(op, m, n) { return plain }
                return .value(try ev.arithmetic(op, x.value, y.value, opRange))
            }
        case .conditional(let c, let yes, let no, _):
            let y = compileFast(yes), n = compileFast(no)
            let cRange = c.range
            if case .binary(let op, let l, let r, _, _) = c, op.isComparison, let operands = SlotAndLiteral(self, l, r) {
                let slot = operands.slot, k = operands.k
                let cc = compile(c)
                return { ev, frame throws(Diagnostic) in
                    if let m = PlainNumbers.whole(at: frame.slots + slot), let holds = PlainNumbers.compare(op, m, k) {
                        return holds ? try y(ev, frame) : try n(ev, frame)
                    }
                    return try ev.truth(try cc(ev, frame), cRange) ? try y(ev, frame) : try n(ev, frame)
                }
            }
            let cc = compileFast(c)
            return { ev, frame throws(Diagnostic) in
                let holds: Bool
                switch try cc(ev, frame) {
                case .truth(let b): holds = b
                case let other: holds = try ev.truth(other.value, cRange)
                }
                return holds ? try y(ev, frame) : try n(ev, frame)
            }
        case .call(let callee, let args, let range):
            return compileCall(callee, args, range)
        default:
            break
        }
        let code = compile(expr)
        return { ev, frame throws(Diagnostic) in .value(try code(ev, frame)) }
    }

    /// `n - 1`, `n < 2` in the number lane: what the value path's fused form does
    /// (``slotAndWholeNumber``), the plain case kept as `Int64`.
    private func slotAndWholeNumberFast(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ opRange: SourceRange) -> FastCode? {
        guard let operands = SlotAndLiteral(self, l, r) else { return nil }
        let slot = operands.slot, k = operands.k
        return { ev, frame throws(Diagnostic) in
            if let n = PlainNumbers.whole(at: frame.slots + slot), let plain = PlainNumbers.fast(op, n, k) { return plain }
            return .value(try operands.general(op, ev, frame, opRange))
        }
    }
}
