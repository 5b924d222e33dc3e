/// The evaluator's fast path: a user function's body, and a top-level `for` loop, compiled once
/// into closures with their local names (parameters, loop variables) resolved to slots of a
/// ``Frame``, so a call or a loop round copies no scopes and hashes no local name.
///
/// Every closure does what ``Evaluator/evaluate(_:)`` and ``Evaluator/execute(_:)`` do for its
/// node, in the same order, with the same ``Operations`` and the same diagnostics; the step and
/// interrupt checks (``Evaluator/checkInterrupt(_:)``) stay at the same points. A node the
/// compiler does not know (a `shock`, `load`, `plot`, or any node added later) falls back to the
/// tree-walking evaluator, with the scopes that evaluator would have had rebuilt from the frame
/// (``Evaluator/materialised(_:_:_:)``). `EvaluatorFastPathTests` runs programs with the fast
/// path on and off and requires the same output and diagnostics. A function body is compiled
/// in the number lane (``Fast``, `CompiledFast.swift`), which passes plain whole numbers
/// between its nodes without making values; calls are in `Compiled+Calls.swift`.
typealias Code = (Evaluator, Frame) throws(Diagnostic) -> Value
typealias StatementCode = (Evaluator, Frame) throws(Diagnostic) -> Void

/// A user function's compiled body, made on its first call (``UserFunction/compiled``).
final class CompiledBody: @unchecked Sendable {
    /// The code, once compiled (``Evaluator/compiledBody(of:)``).
    var made: CompiledCode?
}

/// A compiled body's code, made once and never changed: its closures are `let`s, so a call
/// through a remembered ``CallSite`` borrows them without retaining their contexts.
final class CompiledCode {
    /// The body in the number lane (``Fast``).
    let fast: FastCode
    /// The same body giving a ``Value`` (``fast`` made into one), for the calls that need one.
    let code: Code

    init(fast: @escaping FastCode) {
        self.fast = fast
        code = { ev, frame throws(Diagnostic) in try fast(ev, frame).value }
    }
}

/// The local names in scope at a point of compilation: one level per function (its parameters)
/// or loop (its variable), innermost last, each name with its slot.
typealias LocalLevels = [[(name: String, slot: Int)]]

final class Compiler {
    private(set) var levels: LocalLevels
    /// Where the session-level names this code reads and rebinds sit (``GlobalSlot``).
    private let globals = GlobalSlots()
    private var next: Int
    /// The slots a frame for the compiled code needs.
    private(set) var slotCount: Int
    /// Refuses `let` of a stage or built-in name (``NameResolver/refusesBinding(_:at:)``): the
    /// session's chain does not change while a loop runs, so this is asked once per `let`.
    private let refusal: (String, SourceRange) -> Diagnostic?

    /// A compiler for a function body (`params`: one level, even when empty, as a call has one
    /// scope) or, with `nil`, for a top-level statement (no local level).
    init(params: [String]?, refusal: @escaping (String, SourceRange) -> Diagnostic? = { _, _ in nil }) {
        levels = params.map { [$0.enumerated().map { (name: $0.element, slot: $0.offset) }] } ?? []
        next = params?.count ?? 0
        slotCount = next
        self.refusal = refusal
    }

    /// The slot `name` is bound to: the innermost level's, and within a level the first (as a
    /// call binds `fn f(a, a)`'s first `a`).
    func slot(_ name: String) -> Int? {
        for level in levels.reversed() {
            if let entry = level.first(where: { $0.name == name }) { return entry.slot }
        }
        return nil
    }

    // MARK: - Expressions

    func compile(_ expr: Expr) -> Code {
        switch expr {
        case .number(let v, _, _):
            let value = Value.quantity(Quantity(v, exact: true))
            return { _, _ in value }
        case .quantity(let v, _, let unitExpr, _):
            // A unit word that does not resolve is an error each time it is evaluated.
            guard let unit = try? Operations.resolveUnit(unitExpr) else { return fallback(expr) }
            let value = Value.quantity(Quantity(v, unit, exact: true))
            return { _, _ in value }
        case .string(let parts, _):
            var text = ""
            for part in parts {
                guard case .text(let s) = part else { return fallback(expr) }
                text += s
            }
            let value = Value.string(text)
            return { _, _ in value }
        case .bool(let b, _):
            let value = Value.bool(b)
            return { _, _ in value }
        case .na:
            let value = Value.na("written as NA")
            return { _, _ in value }
        case .name(let name, let range):
            if let slot = slot(name) { return { _, frame in frame.slots[slot] } }
            let levels = self.levels
            let global = globals.slot(name)
            return { ev, frame throws(Diagnostic) in
                // A session binding, where it was found last time (else found once now).
                if let i = global.position(in: ev) { return ev.scopes[0].values[i] }
                return try ev.lookupPastSession(name, range, levels, frame)
            }
        case .unary(let op, let operand, let opRange, _):
            let x = compile(operand)
            return { ev, frame throws(Diagnostic) in try ev.ops.unary(op, try x(ev, frame), opRange) }
        case .binary(let op, let l, let r, let opRange, _):
            let a = compile(l), b = compile(r)
            if op.isLogical {
                let lRange = l.range, rRange = r.range
                return { ev, frame throws(Diagnostic) in
                    let left = try ev.ops.truth(try a(ev, frame), lRange)
                    if op == .and && !left { return .bool(false) }
                    if op == .or && left { return .bool(true) }
                    return .bool(try ev.ops.truth(try b(ev, frame), rRange))
                }
            }
            if let fused = slotAndWholeNumber(op, l, r, opRange) { return fused }
            if case .name(let name, _) = r, let rightSlot = slot(name) {
                // `s + i` with `i` local: the right operand looked at in place in its slot
                // (reading a local has no effect to order after the left operand).
                return { ev, frame throws(Diagnostic) in
                    let x = try a(ev, frame)
                    if let m = PlainNumbers.whole(value: x), let n = PlainNumbers.whole(at: frame.slots + rightSlot),
                       let plain = PlainNumbers.scalar(op, m, n) { return plain }
                    return try ev.arithmetic(op, x, frame.slots[rightSlot], opRange)
                }
            }
            return { ev, frame throws(Diagnostic) in
                let x = try a(ev, frame)
                let y = try b(ev, frame)
                // Two plain whole numbers without even the unit and exactness bookkeeping.
                if let m = PlainNumbers.whole(value: x), let n = PlainNumbers.whole(value: y),
                   let plain = PlainNumbers.scalar(op, m, n) { return plain }
                return try ev.arithmetic(op, x, y, opRange)
            }
        case .percent(let e, let range):
            let x = compile(e)
            return { ev, frame throws(Diagnostic) in try ev.ops.percent(try x(ev, frame), range) }
        case .range(let a, let b, let range):
            let lo = compile(a), hi = compile(b)
            let aRange = a.range, bRange = b.range
            return { ev, frame throws(Diagnostic) in
                let l = try ev.ops.integer(try lo(ev, frame), aRange, "a range bound")
                let h = try ev.ops.integer(try hi(ev, frame), bRange, "a range bound")
                guard l <= h else {
                    throw Diagnostic(.runtime, "empty range \(l)..\(h): the first bound must not exceed the second", at: range)
                }
                return .range(l, h)
            }
        case .member(let base, let name, let nameRange, _):
            let x = compile(base)
            return { ev, frame throws(Diagnostic) in try ev.member(try x(ev, frame), name, nameRange) }
        case .index(let base, let index, _):
            let x = compile(base), i = compile(index)
            let range = index.range
            return { ev, frame throws(Diagnostic) in
                let b = try x(ev, frame)
                return try ev.index(b, try i(ev, frame), range)
            }
        case .call(let callee, let args, let range):
            let call = compileCall(callee, args, range)
            return { ev, frame throws(Diagnostic) in try call(ev, frame).value }
        case .conditional(let c, let yes, let no, _):
            let cc = compile(c), y = compile(yes), n = compile(no)
            let cRange = c.range
            // `if n < 2`: a local compared with a whole-number literal is decided without making
            // a boolean value when the local is a plain whole number (else as below).
            if case .binary(let op, let l, let r, _, _) = c, op.isComparison, let operands = SlotAndLiteral(self, l, r) {
                let slot = operands.slot, k = operands.k
                return { ev, frame throws(Diagnostic) in
                    if let m = PlainNumbers.whole(at: frame.slots + slot), let holds = PlainNumbers.compare(op, m, k) {
                        return holds ? try y(ev, frame) : try n(ev, frame)
                    }
                    return try ev.truth(try cc(ev, frame), cRange) ? try y(ev, frame) : try n(ev, frame)
                }
            }
            return { ev, frame throws(Diagnostic) in
                try ev.truth(try cc(ev, frame), cRange) ? try y(ev, frame) : try n(ev, frame)
            }
        case .convert(let e, let unitExpr, _):
            guard let target = try? Operations.resolveUnit(unitExpr) else { return fallback(expr) }
            let x = compile(e)
            let range = unitExpr.range
            return { ev, frame throws(Diagnostic) in try ev.ops.convert(try x(ev, frame), to: target, range) }
        default:
            return fallback(expr)
        }
    }

    /// `n - 1`, `n < 2`: a local and a whole-number literal (below 2^53), read and computed
    /// in one closure; a local that is not a plain whole number takes the general operation,
    /// as the two-closure form does (reading a slot and a literal has no effect to order).
    private func slotAndWholeNumber(_ op: BinaryOperator, _ l: Expr, _ r: Expr, _ opRange: SourceRange) -> Code? {
        guard let operands = SlotAndLiteral(self, l, r) else { return nil }
        let slot = operands.slot, k = operands.k
        return { ev, frame throws(Diagnostic) in
            // Looked at in place first: the plain case copies nothing out of the slot.
            if let n = PlainNumbers.whole(at: frame.slots + slot), let plain = PlainNumbers.scalar(op, n, k) { return plain }
            return try operands.general(op, ev, frame, opRange)
        }
    }

    /// A local and a whole-number literal below 2^53 (`n - 1`): the slot, the literal, and
    /// the general operation on them.
    struct SlotAndLiteral {
        let slot: Int
        let k: Int64
        let literal: Quantity
        let literalValue: Value

        init?(_ compiler: Compiler, _ l: Expr, _ r: Expr) {
            guard case .name(let name, _) = l, let slot = compiler.slot(name), case .number(let v, _, _) = r,
                  v.magnitude < Decimal64.exactLimit, let k = Int64(exactly: v) else { return nil }
            self.slot = slot
            self.k = k
            literal = Quantity(v, exact: true)
            literalValue = .quantity(literal)
        }

        /// `slot op literal` by the general operation.
        func general(_ op: BinaryOperator, _ ev: Evaluator, _ frame: Frame, _ opRange: SourceRange) throws(Diagnostic) -> Value {
            let x = frame.slots[slot]
            if case .quantity(let p) = x { return try ev.ops.scalar(op, p, literal, opRange) }
            return try ev.ops.binary(op, x, literalValue, opRange)
        }
    }

    /// `let s = s op r` with `s` a session name (no local), `op` one of + - * and `r` a local
    /// or a whole-number literal below 2^53: the operator, and `r`'s whole number where it is a
    /// plain one (``PlainNumbers/whole(_:)``), else `nil`. Reading `r` first has no effect to
    /// order before reading `s`.
    private func plainOperand(ofRebinding name: String, _ e: Expr) -> (op: BinaryOperator, right: (Frame) -> Int64?)? {
        guard slot(name) == nil, case .binary(let op, .name(let left, _), let r, _, _) = e, left == name,
              op == .add || op == .subtract || op == .multiply else { return nil }
        if case .name(let local, _) = r, let rightSlot = slot(local) {
            return (op, { frame in PlainNumbers.whole(at: frame.slots + rightSlot) })
        }
        if case .number(let v, _, _) = r, v.magnitude < Decimal64.exactLimit, let k = Int64(exactly: v) {
            return (op, { _ in k })
        }
        return nil
    }

    /// The tree-walking evaluator on `expr`, with the scopes it would have had.
    func fallback(_ expr: Expr) -> Code {
        let levels = self.levels
        return { ev, frame throws(Diagnostic) in
            try ev.materialised(levels, frame) { () throws(Diagnostic) -> Value in try ev.evaluate(expr) }
        }
    }

    /// One closure that runs `statements` in order (a tree of halves, as ``filler(_:at:)``).
    private func sequence(_ statements: ArraySlice<Statement>) -> StatementCode {
        switch statements.count {
        case 0:
            return { _, _ in }
        case 1:
            return compile(statements[statements.startIndex])
        default:
            let mid = statements.startIndex + statements.count / 2
            let left = sequence(statements[..<mid]), right = sequence(statements[mid...])
            return { ev, frame throws(Diagnostic) in
                try left(ev, frame)
                try right(ev, frame)
            }
        }
    }

    // MARK: - Statements (loop bodies)

    func compile(_ statement: Statement) -> StatementCode {
        let range = statement.range
        switch statement {
        case .expression(let e):
            let x = compile(e)
            return { ev, frame throws(Diagnostic) in
                try ev.checkInterrupt(range)
                let value = try x(ev, frame)
                if case .nothing = value { return }
                ev.emit(ev.formatter.displayMarkup(value))
                ev.scopes[0]["ans"] = value
            }
        case .let(let name, let e, let nameRange, _):
            let refused = refusal(name, nameRange)
            let global = globals.slot(name)
            let x = compile(e)
            if let operand = plainOperand(ofRebinding: name, e) {
                let op = operand.op, right = operand.right
                // `let s = s + i`: a plain whole number updated where it sits, else as below.
                return { ev, frame throws(Diagnostic) in
                    try ev.checkInterrupt(range)
                    if let refused { throw refused }
                    if let i = global.position(in: ev), let n = right(frame), ev.updatePlain(at: i, op, n) { return }
                    ev.rebind(global, to: try x(ev, frame))
                }
            }
            return { ev, frame throws(Diagnostic) in
                try ev.checkInterrupt(range)
                if let refused { throw refused }
                let value = try x(ev, frame)
                ev.rebind(global, to: value)
            }
        case .print(let e, _):
            let x = compile(e)
            return { ev, frame throws(Diagnostic) in
                try ev.checkInterrupt(range)
                let value = try x(ev, frame)
                ev.emit(ev.formatter.displayMarkup(value))
            }
        case .for(let variable, let over, let body, _):
            return compileLoop(variable, over, body, range)
        default:
            let levels = self.levels
            return { ev, frame throws(Diagnostic) in
                try ev.materialised(levels, frame) { () throws(Diagnostic) in try ev.execute(statement) }
            }
        }
    }

    private func compileLoop(_ variable: String, _ over: Expr, _ body: [Statement], _ range: SourceRange) -> StatementCode {
        let items: (Evaluator, Frame) throws(Diagnostic) -> Evaluator.LoopItems
        if case .range(let a, let b, _) = over {
            let lo = compile(a), hi = compile(b)
            let aRange = a.range, bRange = b.range
            items = { ev, frame throws(Diagnostic) in
                let first = try ev.ops.integer(try lo(ev, frame), aRange, "a range bound")
                return .numbers(first, try ev.ops.integer(try hi(ev, frame), bRange, "a range bound"))
            }
        } else {
            let x = compile(over)
            let overRange = over.range
            items = { ev, frame throws(Diagnostic) in try Evaluator.loopItems(of: try x(ev, frame), overRange) }
        }
        let slot = next
        next += 1
        slotCount = Swift.max(slotCount, next)
        levels.append([(name: variable, slot: slot)])
        let statements = sequence(body[...])
        levels.removeLast()
        next -= 1
        return { ev, frame throws(Diagnostic) in
            try ev.checkInterrupt(range)
            func step(_ item: Value) throws(Diagnostic) {
                try ev.checkInterrupt(range)
                frame.slots[slot] = item
                try statements(ev, frame)
            }
            switch try items(ev, frame) {
            case .numbers(let first, let last):
                if first <= last { for y in first...last { try step(.quantity(Quantity(Double(y)))) } }
            case .items(let values):
                for item in values { try step(item) }
            }
        }
    }
}
