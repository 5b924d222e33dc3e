import Foundation
import Testing

/// Long chains of one postfix operator (`1%%%…`, `f(1)(1)…`, `S3.x.x…`, `S3.cost[1][1]…`) built
/// trees as deep as the chain and crashed the evaluator's stack at 40,000 links. They are now
/// counted with binary chains (``Parser/maxChain``): a diagnostic, exit 1, quickly.
/// (`1%%%…` is also in Malformed/long-percent-chain.vmp.)
@Suite struct LongChainTests {
    func run(_ source: String) throws -> (VMPProcess.Result, TimeInterval) {
        let started = Date()
        let r = try VMPProcess.run([], stdin: Data(source.utf8))
        return (r, Date().timeIntervalSince(started))
    }

    /// The line is shown as a window of 100 characters from 60 before the caret, between `…`.
    @Test(arguments: [("abs", "(1)", 30004), ("S3", ".x", 20003), ("S3.cost", "[1]", 30005)])
    func postfixChain(head: String, link: String, column: Int) throws {
        let line = head + String(repeating: link, count: 40_000)
        let (r, seconds) = try run(line + "\n")
        let window = String(String.UnicodeScalarView(Array(line.unicodeScalars)[(column - 60)..<(column + 40)]))
        #expect(r.status == 1)
        #expect(r.stderr == """
            <stdin>:1:\(column): error: expression is too long (more than 10000 operators in a row)
              …\(window)…
              \(String(repeating: " ", count: 60))^
              hint: split it with 'let' bindings

            """)
        #expect(seconds < 10)
    }

    /// Just under the limit still runs.
    @Test func chainUnderTheLimitRuns() throws {
        let (r, _) = try run("print 1000000" + String(repeating: "%", count: 3) + "\nlet x = 0" + String(repeating: "%", count: 9_999) + "\nprint x == 0\n")
        #expect(r.stderr == "")
        #expect(r.stdout == "1\ntrue\n")
        // A non-zero number taken to a hundredth too often underflows: an error, never a silent 0.
        let (small, _) = try run("print 1" + String(repeating: "%", count: 200) + "\n")
        #expect(small.stderr.contains("percentage underflows: the result is too small"))
    }
}

/// Work that grew with the square of the input (found while fuzzing for issue 10 §1): `:explain`
/// of a `%` chain evaluated the operand again at every level (8,000 links: 90 s), and
/// rendering many diagnostics of one long line scanned the whole source for each (`vmp check`
/// of a line with 8,000 unknown names: 70 s). Both are now linear.
@Suite struct LinearTimeTests {
    @Test func explainOfALongPercentChain() throws {
        let started = Date()
        let r = try VMPProcess.run([], stdin: Data((":explain 0" + String(repeating: "%", count: 8_000) + "\n").utf8))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 8_002)
        #expect(lines[1...3] == ["  step 1: 0 × 1% = 0", "  step 2: 0 × 1% = 0", "  step 3: 0 × 1% = 0"])
    }

    @Test func manyDiagnosticsOnOneLongLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-linear-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("names.vmp")
        try Data(("let x = " + Array(repeating: "y", count: 8_000).joined(separator: " + ") + "\n").utf8).write(to: file)
        let started = Date()
        let r = try VMPProcess.run(["check", file.path])
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(r.status == 1)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains(": error: unknown name 'y'") }
        #expect(errors.count == 8_000)
        #expect(errors.last == "\(file.path):1:\(8 + 7_999 * 4 + 1): error: unknown name 'y'")
    }
}
