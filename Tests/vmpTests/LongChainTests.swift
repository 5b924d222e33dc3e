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
        let (r, _) = try run("print 1000000" + String(repeating: "%", count: 3) + "\nlet x = 1" + String(repeating: "%", count: 9_999) + "\nprint x == 0\n")
        #expect(r.stderr == "")
        #expect(r.stdout == "1\ntrue\n")
    }
}
