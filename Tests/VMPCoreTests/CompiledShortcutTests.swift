import Foundation
import Testing
@testable import VMPCore

/// The compiled code's shortcuts give what the general path gives at their edges: plain whole
/// numbers (``PlainNumbers``) against ``Operations/scalar(_:_:_:_:)`` operand by operand, and
/// remembered callees (``CallSite``), session-name positions (``GlobalSlot``) and the frame
/// stack (``FrameStack``) against the tree-walking evaluator, program by program.
@Suite struct CompiledShortcutTests {
    static let ops = Operations(formatter: Formatter())
    static let here = SourceRange(start: 0, end: 0, line: 1, column: 1)
    static let published = Origin(label: "S3.cost[2019]",
                                  published: PublishedValue(value: 3, text: "3", unit: "1", provenance: Provenance(source: "test")))

    /// Numbers at the shortcut's edges: zero of both signs, 2^53 and around it, the 10^11
    /// comparison limit and around it, fractions, and magnitudes past both.
    static let edges: [Double] = {
        let limit = Decimal64.exactLimit
        var xs: [Double] = [0, -0.0, 1, -1, 2, 7, -13, 0.5, -0.25, 1.1, 1e-7,
                            limit - 2, limit - 1, limit, limit + 2, -(limit - 1), -limit,
                            1e11 - 1, 1e11, 1e11 + 1, -(1e11 - 1), 99_999_999_999.5, 3e15, -3e15, 1e300, 123_456_789,
                            94_906_265, 94_906_266, 4_294_967_296]
        var random = SplitMix64(state: 14)
        for _ in 0..<20 { xs.append((random.uniform() * 2e6 - 1e6).rounded()) }
        return xs
    }()

    static let operators: [BinaryOperator] = [.add, .subtract, .multiply, .divide, .power, .less, .lessOrEqual,
                                              .greater, .greaterOrEqual, .equal, .notEqual]

    /// A value as a test compares it: every field of a number (the value to the bit), or a boolean.
    static func fields(_ v: Value) -> String {
        switch v {
        case .quantity(let q):
            return "q \(q.value.bitPattern) [\(q.unit.name)] \(q.unit == Unit.one) exact \(q.exact) printed \(q.printed ?? "-") origins \(q.origins.map(\.label))"
        case .bool(let b):
            return "b \(b)"
        default:
            return "other \(v.typeName)"
        }
    }

    /// Every operator on every pair of edge numbers: where the shortcut answers, its answer
    /// is the general one to the bit (value, unit, exactness, printed digits, origins); where
    /// the general operation throws (overflow), the shortcut does not answer.
    @Test(arguments: operators)
    func plainNumbersAgreeWithScalar(op: BinaryOperator) throws {
        var answered = 0
        for x in Self.edges {
            for y in Self.edges {
                let a = Quantity(x, exact: true), b = Quantity(y, exact: true)
                guard let fast = PlainNumbers.scalar(op, a, b) else { continue }
                answered += 1
                let general = try Self.ops.scalar(op, a, b, Self.here)
                #expect(Self.fields(fast) == Self.fields(general), "\(x) \(op.symbol) \(y)")
            }
        }
        // + - * and the comparisons answer for the whole numbers; / and ^ never.
        #expect((answered > 0) == (op != .divide && op != .power))
    }

    /// The number lane (``Fast``) answers exactly where ``PlainNumbers/scalar(_:_:_:)-(_,Int64,Int64)``
    /// does, with the same value once made one, keeping `.whole` only below 2^53.
    @Test(arguments: operators)
    func numberLaneAgreesWithScalar(op: BinaryOperator) throws {
        for x in Self.edges {
            for y in Self.edges {
                guard let m = PlainNumbers.whole(Quantity(x, exact: true)), let n = PlainNumbers.whole(Quantity(y, exact: true)) else { continue }
                let plain = PlainNumbers.scalar(op, m, n)
                let lane = PlainNumbers.fast(op, m, n)
                #expect(plain.map(Self.fields) == lane.map { Self.fields($0.value) }, "\(x) \(op.symbol) \(y)")
                if case .whole(let w) = lane { #expect(Double(w).magnitude < Decimal64.exactLimit) }
            }
        }
    }

    /// A body in the lane hands plain whole numbers on as `Int64`s (no value made between its
    /// nodes), and a slot that is not exactly what ``PlainNumbers/number(_:)`` makes (a
    /// published value, -0, a number that is not exact) stays a value.
    @Test func numberLaneCarriesWholeNumbers() throws {
        var result: Fast?
        var inner: Fast?
        guard case .expression(let body)? = Parser.parse("if n < 2 then n else n * 3 + 1").statements.first else {
            Issue.record("no expression"); return
        }
        let code = Compiler(params: ["n"]).compileFast(body)
        let ev = Evaluator(chain: try Chain.vanadium(), globals: [:], formatter: Formatter(), emit: { _ in }, isInterrupted: { false })
        try ev.frames.with([.quantity(Quantity(5, exact: true))]) { (frame) throws(Diagnostic) in result = try code(ev, frame) }
        guard case .whole(16) = result else { Issue.record("\(String(describing: result))"); return }
        try ev.frames.with([.quantity(Quantity(1, exact: true))]) { (frame) throws(Diagnostic) in inner = try code(ev, frame) }
        guard case .whole(1) = inner else { Issue.record("\(String(describing: inner))"); return }
        for odd in [Quantity(-0.0, exact: true), Quantity(1, exact: false), Quantity(1, printed: "1.0", exact: true),
                    Quantity(1, origins: [Self.published], exact: true)] {
            var kept: Fast?
            try ev.frames.with([.quantity(odd)]) { (frame) throws(Diagnostic) in kept = try code(ev, frame) }
            guard case .value(let v) = kept else { Issue.record("\(odd) became \(String(describing: kept))"); continue }
            #expect(Self.fields(v) == Self.fields(.quantity(odd)))
        }
    }

    /// ``PlainNumbers/whole(_:)`` (a conversion there and back, no `trunc`) is `Int64(exactly:)`
    /// below 2^53 and `nil` from there on, for every edge number, its neighbours one ulp away,
    /// NaN and the infinities.
    @Test func wholeIsIntExactlyBelowTheLimit() {
        var xs = Self.edges + [.nan, -.nan, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 0.9999999999999999, -1.0000000000000002]
        xs += Self.edges.flatMap { [$0.nextUp, $0.nextDown] }
        for x in xs {
            let expected = x.magnitude < Decimal64.exactLimit ? Int64(exactly: x) : nil
            #expect(PlainNumbers.whole(Quantity(x)) == expected, "\(x)")
            #expect(PlainNumbers.whole(value: .quantity(Quantity(x, exact: true))) == expected, "\(x)")
        }
    }

    /// Operands the shortcut must leave alone: a unit, an origin, a fraction, a value past 2^53.
    @Test func plainNumbersDeclineOthers() throws {
        let t = try UnitRegistry.resolve("t")
        var withOrigin = Quantity(3)
        withOrigin.origins = [Self.published]
        var printed = Quantity(3)
        printed.printed = "3.0"
        let plain = Quantity(2)
        for op in Self.operators {
            #expect(PlainNumbers.scalar(op, Quantity(3, t), plain) == nil)
            #expect(PlainNumbers.scalar(op, plain, Quantity(3, t)) == nil)
            #expect(PlainNumbers.scalar(op, withOrigin, plain) == nil)
            #expect(PlainNumbers.scalar(op, plain, withOrigin) == nil)
            #expect(PlainNumbers.scalar(op, Quantity(2.5), plain) == nil)
            #expect(PlainNumbers.scalar(op, Quantity(Decimal64.exactLimit), plain) == nil)
        }
        // Printed digits of a whole number change nothing the result keeps (computed drops them).
        let fast = try #require(PlainNumbers.scalar(.add, printed, plain))
        #expect(Self.fields(fast) == Self.fields(try Self.ops.scalar(.add, printed, plain, Self.here)))
        // A sum past 2^53 is left to the general path (2^53 + 1 rounds to 2^53 and is kept,
        // as Decimal64.sum keeps it).
        #expect(PlainNumbers.scalar(.add, Quantity(Decimal64.exactLimit - 1), Quantity(3)) == nil)
        #expect(PlainNumbers.scalar(.subtract, Quantity(-(Decimal64.exactLimit - 1)), Quantity(3)) == nil)
    }

    /// The plain unit has no box, yet is every bit the unit it was: equal to a built plain
    /// unit (`t/t`), dimensionless, named ``, scale 1.
    @Test func plainUnitIsTheOldOne() throws {
        let t = try UnitRegistry.resolve("t")
        let built = try t.dividedBy(t)
        #expect(built == Unit.one && Unit.one == built)
        #expect(built.hashValue == Unit.one.hashValue)
        #expect(Unit.one.isDimensionless && Unit.one.name.isEmpty && Unit.one.scale == 1 && Unit.one.factors.isEmpty)
        #expect(Unit.one.dimensions == Dimensions.none && Unit.one.sameDimension(built))
        #expect(Unit.one.isOne && !built.isOne && !t.isOne)
        #expect(Unit.one.simplified().unit == Unit.one && built.simplified().unit.isOne)
    }

    /// Programs at the edges of the remembered callees, session-name positions and the frame
    /// stack, each run compiled and tree-walked (``EvaluatorFastPathTests/Run``).
    static let programs: [String] = [
        // Sums, products and comparisons across 2^53 and 10^11, signed zeros, fractions.
        "let s = 9007199254740988\nfor i in 1..3 { let s = s + i }\ns\ns - 9007199254740990\nlet p = 94906265\np * p\np * (p + 1)",
        "fn lt(a, b) = a < b\nlt(99999999999, 100000000000)\nlt(100000000000, 100000000001)\nlt(1e15, 1e15 + 1)\nlt(2, 2.0000000000001)",
        "fn eq(a, b) = a == b\neq(3, 3)\neq(1e15, 1e15 + 1)\neq(0.1 * 3, 0.3)\neq(-0, 0)",
        "fn m(a, b) = a + b\nm(-0, -0)\nm(0 - 0, -0)\nm(0.1, 0.2)\nm(1, 1 t)\nm(1 t, 1)",
        // A parameter with a whole-number literal (one fused closure) on every kind of value.
        "fn d(n) = n - 1\nfn c(n) = n < 2\nfn t(n) = n * 3\nd(5)\nd(1 t)\nd(NA)\nd(0.5)\nd(S3.cost[2019])\n:source d(S3.cost[2019])\nd(9007199254740992)\nd(-9007199254740991)",
        "fn c(n) = n < 2\nfn t(n) = n * 3\nc(1)\nc(2)\nc(100000000000)\nc(1 t)\nc(NA)\nc(\"a\")\nc(S3.cost[2019])\nt(3002399751580331)\nt(3002399751580330)\nt(1e300)\nt(2 t)",
        // A condition comparing a parameter with a whole-number literal (decided without a boolean value).
        "fn c(n) = if n < 2 then 1 else 0\nfn e(n) = if n == 3 then \"three\" else n\nc(1)\nc(5)\nc(-3)\nc(1.5)\nc(100000000000)\nc(1 t)\nc(NA)\nc(\"a\")\nc(S3.cost[2019])\ne(3)\ne(3 t)\ne(2.9999999999999)\ne(NA)",
        // A loop variable on the right of an operator (looked at in its slot) with every kind of left operand.
        "let s = NA\nfor i in 1..3 { let s = s + i }\ns",
        "let s = 0 t\nfor i in 1..3 { let s = s + i }\ns",
        "let s = \"a\"\nfor i in 1..3 { let s = s + i }\ns",
        "let s = S3.cost[2019]\nfor i in 1..3 { let s = s * i }\ns\n:source s",
        "let s = 0.5\nfor i in 1..3 { let s = s - i }\ns\nfor i in 1..3 { let s = s / i }\ns",
        "let x = 0\nfor s in stages { let x = 1 + s }",
        "let s = 9007199254740990\nfor i in 1..3 { let s = s + i }\ns",
        // `let s = s op r` updated in place (Evaluator.updatePlain): a local or a literal on the right,
        // every operator, the 2^53 edge, a left operand that stops being plain, a right one that is not.
        "let s = 9007199254740985\nfor i in 1..5 { let s = s + 1 }\ns\nlet t = 5\nfor i in 1..3 { let t = t - 7\nlet t = t * i }\nt",
        "let s = 3\nfor i in 1..4 { let s = s * 94906265 }\ns\nlet u = -9007199254740990\nfor i in 1..3 { let u = u - i }\nu",
        "let s = 0\nfor x in [1, 2.5, 3 t, NA, 4] { let s = s + x }\ns",
        "let s = 0\nfor i in 1..4 { let s = s + i\nlet s = s / 2 }\ns\nlet p = S3.cost[2019]\nfor i in 1..2 { let p = p + 1 }\np\n:source p",
        "let s = 0\nfor i in 1..3 { let s = s + 1.5 }\ns\nlet k = 2\nfor i in 1..3 { let k = k + i\nlet m = k }\nm",
        "for i in 1..3 { let fresh = fresh + i }",
        "let stages = 1\nfor i in 1..2 { let stages = stages + i }",
        // Division exactness and overflow to infinity, in loops and functions.
        "let q = 0\nfor i in 1..10 { let q = q + 1 / i }\nq\nfn d(a, b) = a / b\nd(1, 3)\nd(6, 3)\nd(0.3, 0.1)\nd(1, 0)",
        "fn sq(x) = x * x\nsq(1e200)",
        "let big = 1e308\nfor i in 1..3 { let big = big + big }\nbig",
        "let n = 4503599627370496\nfor i in 1..3 { let n = n * 2 }\nn",
        // Units, NA and published values (with origins) through remembered positions.
        "let acc = 0 t\nfor i in 1..5 { let acc = acc + 1 kg * i }\nacc\n:source acc",
        "let c = 0 million RMB\nfor y in 2015..2022 { let c = c + S3.cost[y] }\nc\n:source c",
        "let c = 0\nfor y in 2015..2022 { let c = c + 1 }\nlet w = S3.cost[2019]\nfor y in 1..2 { let w = w * 2 }\nw\n:source w",
        // A session name rebound between calls, and a function redefined, inside one loop and between inputs.
        "let k = 1\nfn f(x) = x * k\nfor i in 1..4 { print f(i)\nlet k = k + 1 }\nlet k = 2 t\nf(3)",
        "fn f(x) = x\nfor i in 1..3 { print f(i)\nfn f(x) = x * 10 }\nf(2)",
        "fn f(x) = if x < 1 then 0 else f(x - 1)\nf(3)\nlet f = 2\nf(3)",
        "fn a(n) = if n < 1 then 0 else b(n - 1)\nfn b(n) = a(n)\na(150)\na(250)",
        // Shadowing: a parameter or loop variable with a session name, a parameter named like a function.
        "let n = 100\nfn f(n) = n + 1\nf(1)\nn\nfor n in 1..2 { print n }\nn",
        "fn g(x) = x * 2\nfn h(g) = g(3)\nh(g)\nh(1)",
        "let i = 7\nfor i in 1..3 { let j = i }\ni\nj",
        // New session names in a loop (the bindings grow and rehash while positions are remembered).
        "let a = 0\nfor i in 1..30 { let a = a + i\nlet b = a * 2 }\na\nb",
        "for i in 1..2 { " + (1...40).map { "let v\($0) = i + \($0)" }.joined(separator: "\n") + " }\nv1 + v40",
        // Wrong argument counts through a remembered callee, and a callee that stops being a function.
        "fn g(x) = x\nfn f(x) = g(x, 1)\nfor i in 1..3 { print f(i) }",
        "fn g(x) = x\nfn f(x) = g(x)\nfor i in 1..3 { print f(i)\nlet g = 5 }",
        // Deep calls: past the frame stack's slots (wide frames) and past the recursion limit.
        "fn wide(" + (1...60).map { "p\($0)" }.joined(separator: ", ") + ") = if p1 < 1 then p60 else wide(p1 - 1, " + (2...60).map { "p\($0)" }.joined(separator: ", ") + ")\nwide(30, " + (2...60).map(String.init).joined(separator: ", ") + ")\nwide(199, " + (2...60).map(String.init).joined(separator: ", ") + ")",
        "fn down(n) = if n < 1 then 0 else 1 + down(n - 1)\ndown(198)\ndown(199)\ndown(250)\ndown(3)",
    ]

    @Test(arguments: programs)
    func sameResultsCompiledAndWalked(program: String) throws {
        let fast = try EvaluatorFastPathTests.Run(compiled: true), tree = try EvaluatorFastPathTests.Run(compiled: false)
        let a = fast.run(program), b = tree.run(program)
        #expect(a == b)
        #expect(!a.isEmpty)
        #expect(fast.polls == tree.polls)
    }

    /// A callee and a session name remembered by a function's compiled body in one input are
    /// looked up again in the next (another evaluator), after a redefinition and a rebinding.
    @Test func rememberedAcrossInputs() throws {
        let inputs = ["fn f(x) = if x < 1 then k else f(x - 1)\nlet k = 1", "f(3)", "let k = 2 t", "f(3)",
                      "fn f(x) = x * 100", "f(3)", "let k = NA", "fn f(x) = if x < 1 then k else f(x - 1)", "f(2)"]
        let fast = try EvaluatorFastPathTests.Run(compiled: true), tree = try EvaluatorFastPathTests.Run(compiled: false)
        for input in inputs {
            #expect(fast.run(input) == tree.run(input), "\(input)")
        }
        // A loop whose first act rebinds a name of an earlier input (the bindings still shared
        // with the session's copy), then again in the next input.
        for input in ["let total = 0", "for i in 1..5 { let total = total + i }", "total", "for i in 1..3 { let total = total * i\nlet other = i }\ntotal + other"] {
            #expect(fast.run(input) == tree.run(input), "\(input)")
        }
        let last = fast.run("f(5)")
        #expect(last == tree.run("f(5)") && last.contains("NA"))
        #expect(fast.polls == tree.polls)
    }
}
