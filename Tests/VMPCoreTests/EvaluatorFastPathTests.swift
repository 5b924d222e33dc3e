import Foundation
import Testing
@testable import VMPCore

/// The evaluator's fast path (user functions and top-level loops compiled to closures with
/// slots, `Compiled.swift`) gives exactly what the tree-walking evaluator gives: the same
/// printed values (units, NA, digits), the same `:source` provenance, the same diagnostics
/// (message, place, function, hint), the same number of steps and interrupt polls.
@Suite struct EvaluatorFastPathTests {
    /// A session with the fast path on or off that counts how often it polls for an interrupt
    /// and answers "interrupted" from the `interruptAt`-th poll on.
    final class Run {
        let session: Session
        var polls = 0

        init(compiled: Bool, maxSteps: Int? = nil, interruptAt: Int? = nil) throws {
            session = Session(chain: try Chain.vanadium())
            session.usesCompiledCode = compiled
            session.maxSteps = maxSteps
            session.isInterrupted = { [unowned self] in
                polls += 1
                return interruptAt.map { polls >= $0 } ?? false
            }
        }

        /// The output and rendered diagnostics of `source`, with each diagnostic's kind and function.
        func run(_ source: String) -> String {
            var lines: [String] = []
            let outcome = session.run(source) { lines.append($0) }
            for d in outcome.diagnostics {
                lines.append("[\(d.kind) in \(d.function ?? "-")] " + Session.render([d], source: source, name: "t"))
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Programs that reach every compiled node and statement, and the fallbacks.
    static let programs: [String] = [
        // Recursion, conditions, plain numbers.
        "fn fib(n) = if n < 2 then n else fib(n-1) + fib(n-2)\nfib(15)",
        // Units, same-unit and mixed-unit sums, conversions, percentages, powers.
        "let s = 0 t\nfor i in 1..50 { let s = s + 1 kg }\ns\ns in kg",
        "fn rate(m, d) = m / d\nrate(3 t, 2 day)\nrate(3 t, 0 day)",
        "fn grow(x, p) = x * (1 + p)\ngrow(S3.cost[2019], 5%)\n:source grow(S3.cost[2019], 5%)",
        "fn sq(x) = x ^ 2\nsq(3 t)\nsq(2)\nsq(\"a\")",
        "let acc = 0\nfor i in 1..20 { let acc = acc + i * 0.01 - i / 3 }\nacc",
        "fn bad(x) = x + 1 t\nbad(2)",
        "fn conv(x) = (x in kt) + 1 kt\nconv(500 t)\nconv(2 day)",
        "fn neg(x) = -x\nneg(S2.cost[2018])\nneg(true)\nneg(NA)",
        // NA and provenance through functions and loops.
        "fn share(s, yr) = s.cost[yr] / sum(present(cost[yr]))\nshare(S3, 2018)\nshare(S3, 2016)\n:source share(S3, 2016)\n:source share(S3, 2018)",
        "let t0 = 0 million RMB\nfor y in 2015..2022 { let t0 = t0 + S3.cost[y] }\nt0\n:source t0",
        "for y in 2015..2022 { print \"{y}: {S2.cost[y]} {link(S2, S3)[y]}\" }",
        "fn c(y) = if S3.cost[y] > 30 million RMB then \"big\" else \"small\"\nfor y in 2017..2020 { print c(y) }\nc(2016)",
        // Logical operators, comparisons, strings, booleans.
        "fn between(x, a, b) = x >= a and x <= b\nbetween(3, 1, 5)\nbetween(7, 1, 5)\nbetween(NA, 1, 5)",
        "fn either(a, b) = a or b\neither(true, 1)\neither(false, true)\neither(1, true)",
        "fn hello(n) = \"hi {n}\" + \"!\"\nhello(2)\nhello(1 t) == \"hi 1 t!\"",
        // Loops over lists and ranges, nested loops, values printed, `ans`.
        "for s in stages { print s }\nfor i in 1..3 { for j in i..3 { i * j } }\nans",
        "let n = 0\nfor s in stages { for y in 2019..2020 { let n = n + 1 } }\nn",
        "for i in 3..1 { print i }\nfor i in 1..3 { print i }\nfor x in 5 { print x }",
        "for i in 1..2 { let S3 = i }",
        "for i in 1..2 { let link = i }",
        "for i in 1..3 { let i = i * 10 }\ni",
        "let k = 2\nfor i in k..k+2 { print i }\nfor i in (1..3) { print i }\nfor i in 1..1e10 { i }",
        // Statements the compiler leaves to the tree walker, inside a compiled loop.
        "for y in 2019..2020 { :source S3.cost[y] }\nfor y in 2019..2020 { :explain link(S2, S3)[y] }",
        "for i in 1..2 { fn f(x) = x + i }\nf(1)",
        "for i in 1..2 { :help link\n}",
        // A shock (a node the compiler leaves to the tree walker) inside a function and a loop.
        "fn sh(s, y) = shock s by 1 t/day in y\nsh(S3, 2020)\nfor y in 2020..2021 { print sh(S2, y).S4 }\nsh(S3, 1990)\nsh(S3, y)",
        "for y in 2020..2021 { shock S2 by 10% in y pull }\nfor s in stages { print s.cost[2019] }",
        // Calls: built-ins, arity, depth, unknown names (with did-you-mean among parameters).
        "fn f(alpha, beta) = alpha + bta\nf(1, 2)",
        "fn f(x) = x\nf(1, 2)\nf()",
        "fn f(x) = f(x + 1)\nf(1)",
        "fn f(x) = x + zz\nfor i in 1..2 { f(i) }",
        "fn g(x) = sum(present(cost[x]))\ng(2019)\ng(2030)\ng(\"a\")",
        "fn h(s) = s.cost\nh(S3)[2019]\nh(1)",
        "fn m(y) = A[y]\nm(2020)[S2][S3]\nm(1999)",
        "fn p(x) = x.nope\np(S3)",
        "fn q() = stages\nq()\nq()[1]",
        "fn r(x) = x(2)\nfn two(y) = y * 2\nr(two)\nr(1)",
        "fn u(x) = x + 1 kt\nu(1 t)\nu(1 t) in kg\nu(1 day)",
        "fn w(x) = 1..x\nw(3)\nw(0)",
        "fn v(x) = -x%\nv(20)",
        "fn z(x) = x / 0\nfor i in 1..2 { z(i) }",
        "fn fact(n) = if n <= 1 then 1 else n * fact(n - 1)\nfact(20)\nfact(171)",
        "fn cond(x) = if x then 1 else 2\ncond(NA)\ncond(1)",
        // Calls by a session name from a body: remembered (one, two and no arguments), then
        // the name rebound to another function or a number (the out-of-line general path).
        "fn add(a, b) = a + b\nfn g(x) = add(x, 1) * add(x, 2)\ng(3)\ng(4)\nfn add(a, b) = a - b\ng(3)\nlet add = 5\ng(3)",
        "fn one(x) = x\nfn bad2(x) = one(x) + one(x, 1)\nbad2(1)\nbad2(2)\nfn one(x, y) = x * y\nbad2(3)",
        "fn z0() = 7\nfn y0(n) = if n < 1 then z0() else y0(n - 1) + z0()\ny0(3)\nfn z0() = 1 t\ny0(2)",
        "fn d(x) = x * 2\nlet t = 0\nfor i in 1..5 { let t = t + d(i) }\nt\nfn d(x) = x + 100\nfor i in 1..2 { print d(i) }",
        // The number lane (CompiledFast.swift) at its edges: results at and past 2^53, whole
        // literals past it, comparisons past 10^11, whole numbers that are not plain (a
        // quotient, a power, a published value, -0), a lane body meeting units, fractions, NA
        // and a published value, conditions that are not comparisons of a local.
        "fn pw(n) = if n < 1 then 1 else 2 * pw(n - 1)\npw(52)\npw(53)\npw(54)\npw(60)\npw(60) == 2^60",
        "fn lim(n) = n + 9007199254740991\nlim(1)\nlim(2)\nlim(-1)\nfn lim2(n) = n * 9007199254740992\nlim2(1)",
        "fn big(n) = if n > 100000000000 then n - 1 else n + 1\nbig(200000000000)\nbig(5)\nfn lt(a, b) = a < b\nlt(1e12, 1e12 + 1)\nlt(3, 4)",
        "fn id(x) = if x > 0 then x else x - 1\nid(4/2)\nid(0.1 * 30)\nid(-0)\nid(2^3)\nid(S3.cost[2019])\n:source id(S3.cost[2019])",
        "fn mix(n) = if n < 1 then 0.5 else mix(n - 1) + n\nmix(5)\nfn mt(n) = if n < 1 then 1 t else mt(n - 1) + 1 kg\nmt(3)\nmt(3) in kg",
        "fn c2(a, b) = if a == b then a * b else c2(a + 1, b)\nc2(1, 5)\nfn c3(a) = if a then 1 else 2\nc3(1 < 2)\nc3(3)",
        "fn s2(n) = if n < 1 then S3.cost[2019] else s2(n - 1) + 1 million RMB\ns2(3)\n:source s2(3)\nfn na(n) = if n < 1 then NA else na(n - 1) + 1\nna(3)",
        "fn neg0(x) = x * -1\nneg0(0)\nneg0(0) == 0\nfn half(n) = if n < 1 then n else half(n - 1) / 2\nhalf(3)",
        "fn deep(n) = if n < 1 then 0 else 1 + deep(n - 1)\ndeep(150)\ndeep(250)",
    ]

    @Test(arguments: programs)
    func sameResultsAndDiagnostics(program: String) throws {
        let fast = try Run(compiled: true), tree = try Run(compiled: false)
        let a = fast.run(program), b = tree.run(program)
        #expect(a == b)
        #expect(!a.isEmpty)
        #expect(fast.polls == tree.polls)
    }

    /// The step budget ends both at the same step with the same diagnostic.
    @Test(arguments: [1, 2, 5, 17, 40, 100, 1000])
    func sameStepBudget(steps: Int) throws {
        let program = "let s = 0\nfn f(n) = if n < 1 then 0 else n + f(n - 1)\nfor i in 1..30 { let s = s + f(3) }\ns"
        let fast = try Run(compiled: true, maxSteps: steps), tree = try Run(compiled: false, maxSteps: steps)
        let a = fast.run(program)
        #expect(a == tree.run(program))
        #expect(a.contains("budget") == (steps < 1000))
        #expect(fast.polls == tree.polls)
    }

    /// An interrupt is seen at the same poll, in a loop and in a recursion.
    @Test(arguments: [1, 3, 10, 57, 400])
    func sameInterruptPoint(poll: Int) throws {
        for program in ["let s = 0\nfor i in 1..100000 { let s = s + i }\ns",
                        "fn fib(n) = if n < 2 then n else fib(n-1) + fib(n-2)\nfib(25)"] {
            let fast = try Run(compiled: true, interruptAt: poll), tree = try Run(compiled: false, interruptAt: poll)
            let a = fast.run(program)
            #expect(a == tree.run(program))
            #expect(a.contains("interrupted"))
            #expect(fast.polls == poll && tree.polls == poll)
        }
    }

    /// Every transcript and the example scripts give the same output both ways, input by input.
    @Test func transcriptsAndScripts() throws {
        var sources: [[String]] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: TranscriptTests.directory.path).sorted() where file.hasSuffix(".txt") {
            let text = try String(contentsOf: TranscriptTests.directory.appendingPathComponent(file), encoding: .utf8)
            sources.append(TranscriptTests.examples(text).map(\.input))
        }
        let scripts = packageRoot.appendingPathComponent("Scripts")
        for file in try FileManager.default.contentsOfDirectory(atPath: scripts.path).sorted() where file.hasSuffix(".vmp") {
            sources.append([try String(contentsOf: scripts.appendingPathComponent(file), encoding: .utf8)])
        }
        #expect(sources.count >= 2)
        for inputs in sources {
            let fast = try Run(compiled: true), tree = try Run(compiled: false)
            fast.session.allowsFileAccess = false
            tree.session.allowsFileAccess = false
            for input in inputs {
                #expect(fast.run(input) == tree.run(input), "\(input.prefix(80))")
            }
            #expect(fast.polls == tree.polls)
        }
    }
}
