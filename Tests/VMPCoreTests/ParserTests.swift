import Testing
@testable import VMPCore

@Suite struct ParserTests {
    func sexp(_ source: String) -> String {
        let (statements, diagnostics) = Parser.parse(source)
        if let d = diagnostics.first { return "error: \(d.message)" }
        return statements.map(ASTPrinter.print).joined(separator: " ; ")
    }

    @Test(arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("8 / 4 / 2", "(/ (/ 8 4) 2)"),
        ("-2^2", "(- (^ 2 2))"),
        ("2^3^2", "(^ 2 (^ 3 2))"),
        ("2^-1", "(^ 2 (- 1))"),
        ("10%", "(% 10)"),
        ("1000 - 20%", "(- 1000 (% 20))"),
        ("S3.cost[2019]", "([] (. S3 cost) 2019)"),
        ("S3.cost[2018..2019]", "([] (. S3 cost) (.. 2018 2019))"),
        ("link(S2, S3)[2022]", "([] (call link S2 S3) 2022)"),
        ("link()", "(call link)"),
        ("S4.output[2022] in 10^4 t", "(in ([] (. S4 output) 2022) 10^4 t)"),
        ("50 t/day", "(50 t/day)"),
        ("3 million RMB/t", "(3 million RMB/t)"),
        ("2 t CO2", "(2 t CO2)"),
        ("6 t / 2", "(/ (6 t) 2)"),
        ("x in %", "(in x %)"),
        ("if a < b then 1 else 2", "(if (< a b) 1 2)"),
        ("not a and b or c", "(or (and (not a) b) c)"),
        ("1 + 2 in t", "(in (+ 1 2) t)"),
        ("let g = growth(S5.cost, 2015, 2022)", "(let g (call growth (. S5 cost) 2015 2022))"),
        ("fn share(s, y) = s.cost[y] / sum(present(cost[y]))", "(fn share (s y) (/ ([] (. s cost) y) (call sum (call present ([] cost y)))))"),
        ("for y in 2015..2016 { print y }", "(for y (.. 2015 2016) (print y))"),
        ("print \"S2 in {y}: {S2.cost[y]}\"", "(print \"S2 in {y}: {([] (. S2 cost) y)}\")"),
        (":source S3.cost[2019]", "(:source ([] (. S3 cost) 2019))"),
        ("1 +\n 2", "(+ 1 2)"),
        ("1; 2", "1 ; 2"),
        ("shock S2 by +10% in 2020", "(shock S2 (+ (% 10)) 2020)"),
        ("shock S4 by 50 t/day in 2020 pull", "(shock S4 (50 t/day) 2020 pull)"),
        ("shock S2 by -5% in 2015..2022 push", "(shock S2 (- (% 5)) (.. 2015 2022) push)"),
        ("r + shock S4 by -5% in 2020", "(+ r (shock S4 (- (% 5)) 2020))"),
        ("A[2020]", "([] A 2020)"),
    ])
    func precedenceAndShape(source: String, expected: String) {
        #expect(sexp(source) == expected)
    }

    @Test(arguments: [
        ("1 +* 2", 1, 4, "expected a value, found '*'"),
        ("let = 3", 1, 5, "expected a name after 'let'"),
        ("S3.cost[2019", 1, 13, "unexpected end of input"),
        ("a == b == c", 1, 8, "comparisons do not chain"),
        ("x = 3", 1, 3, "'=' is not a comparison"),
        ("1 2", 1, 3, "expected end of statement"),
        ("if x then 1", 1, 12, "expected 'else'"),
        ("\"{1 +}\"", 1, 6, "expected a value"),
        ("shock S2 10% in 2020", 1, 10, "expected 'by' and a size"),
        ("shock S2 by 10%", 1, 16, "expected 'in' and a year"),
    ])
    func errorsPointAtTheColumn(source: String, line: Int, column: Int, message: String) {
        let (_, diagnostics) = Parser.parse(source)
        let d = diagnostics.first
        #expect(d?.message.contains(message) == true, "\(String(describing: d?.message))")
        #expect(d?.range?.line == line)
        #expect(d?.range?.column == column)
    }

    @Test func incompleteInputIsItsOwnKind() {
        for source in ["link(S2,", "for y in 2015..2016 {", "1 +", "let x ="] {
            #expect(Parser.parse(source).diagnostics.first?.kind == .unexpectedEndOfInput, "\(source)")
        }
        // A string ends on its own line, so an unterminated one is an error at once: at the
        // REPL it must not swallow the next line (`print "abc` Enter).
        for source in ["\"abc", "print \"abc {x", "print \"{1 +"] {
            #expect(Parser.parse(source).diagnostics.first?.kind != .unexpectedEndOfInput, "\(source)")
        }
        #expect(Parser.parse("1 +* 2").diagnostics.first?.kind == .syntax)
    }

    @Test func recoveryReportsEveryBadLine() {
        let (_, diagnostics) = Parser.parse("1 +* 2\nS3.cost\nlet = 1\n")
        #expect(diagnostics.map { $0.range?.line } == [1, 3])
    }

    @Test func deepNestingIsALimitDiagnostic() {
        let deep = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let d = Session.onLargeStack { Parser.parse(deep).diagnostics }
        #expect(d.first?.kind == .limit)
        let minus = String(repeating: "-", count: 100_000) + "1"
        #expect(Session.onLargeStack { Parser.parse(minus).diagnostics }.first?.kind == .limit)
        let power = Array(repeating: "2", count: 50_000).joined(separator: "^")
        #expect(Session.onLargeStack { Parser.parse(power).diagnostics }.first?.kind == .limit)
    }
}
