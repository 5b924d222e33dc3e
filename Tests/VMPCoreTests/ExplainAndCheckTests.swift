import Foundation
import Testing
@testable import VMPCore

@Suite struct ExplainTests {
    @Test func explainShowsOperandsUnitsAndSources() throws {
        #expect(try Harness().run(":explain S2.cost[2018] / S2.cost[2017]") == """
            S2.cost[2018] / S2.cost[2017]
              = 25.109 million RMB (§4.2) / 6.118 million RMB (§4.2)
              = 4.10411899314
            """)
        #expect(try Harness().run(":explain (S2.cost[2018] - S2.cost[2017]) / S2.cost[2017]") == """
            (S2.cost[2018] - S2.cost[2017]) / S2.cost[2017]
              step 1: 25.109 million RMB (§4.2) - 6.118 million RMB (§4.2) = 18.991 million RMB
              step 2: 18.991 million RMB / 6.118 million RMB (§4.2) = 3.10411899314
              = 3.10411899314
            """)
        #expect(try Harness().run(":explain link(S2, S3)[2022]") == """
            link(S2, S3)[2022]
              = 0.133 (Table S1)
              note on link(S2, S3)[2022]: column "S2 drives S3"; §4.4 text gives 0.1334
            """)
    }

    @Test(arguments: [
        ("-2^2", "-(2^2)"),
        ("1 + 2 * 3", "1 + (2 * 3)"),
        ("2^3^2", "2^(3^2)"),
        // What could surprise is shown: % is a hundredth, not a share of the left operand.
        ("1000 - 20%", "1000 - (20 * 0.01)"),
        ("50%", nil),                       // nothing surprising on its own
        ("20% + 1", "(20 * 0.01) + 1"),
        ("2 * 50%", nil),
        // Associative chains are not parenthesised; a right operand of the same level is.
        ("1 + 2 + 3", nil),
        ("8 / 2 / 2", nil),
        ("1 - (2 - 3)", nil),
        ("true and false or true", "(true and false) or true"),
        // Long echoes are skipped.
        (Array(repeating: "-1", count: 100).joined(separator: " * "), nil),
        ("S2.cost[2018] / S2.cost[2017]", nil),
        ("(1 + 2) * 3", nil),
        ("let x = 1", nil),
        ("1 +* 2", nil),
        // Comments are what the lexer skips, not text after any '#' (a '#' in a string stays).
        ("\"a#b\" + \"c\"", nil),
        ("1 + 2 # a comment", nil),
        ("-2^2 # a comment with \"quotes\"", "-(2^2)"),
    ] as [(String, String?)])
    func parsedFormIsEchoedOnlyWhenItDiffers(source: String, expected: String?) {
        #expect(Session.parsedForm(source) == expected)
    }

    /// Found by fuzzing: the echo printed the exponent of `^` twice, so a chain of 30 powers
    /// took 2^30 steps. Each operand is printed once now.
    @Test func echoOfALongPowerChainIsLinear() {
        let started = Date()
        let source = "191" + String(repeating: "^1", count: 30) + "^vanadium"
        #expect(Session.parsedForm(source) != nil)
        #expect(Date().timeIntervalSince(started) < 2)
        let nested = "(" + String(repeating: "(1% + ", count: 40) + "1" + String(repeating: ")%", count: 40) + ")"
        _ = Session.parsedForm(nested)
        #expect(Date().timeIntervalSince(started) < 4)
    }
}

@Suite struct CheckerTests {
    func check(_ source: String) throws -> [String] {
        Checker.check(source, chain: try Chain.vanadium()).map { d in
            "\(d.range?.line ?? 0):\(d.range?.column ?? 0): \(d.message)"
        }
    }

    @Test func soundScriptsHaveNoDiagnostics() throws {
        #expect(try check("let g = growth(S5.cost, 2015, 2022)\nfn share(s, y) = s.cost[y] / sum(present(cost[y]))\nfor y in 2015..2016 { print share(S3, y) }\ng").isEmpty)
    }

    @Test func everyUnknownNameIsReported() throws {
        #expect(try check("S3.cots[2019]\nlet a = b + 1\nfn f(x) = x + y\nfor k in 1..2 { print k + z }") == [
            "1:4: stage S3 has no quantity 'cots'",
            "2:9: unknown name 'b'",
            "3:15: unknown name 'y'",
            "4:27: unknown name 'z'",
        ])
        #expect(try check("5 t + 1 kt in parsec").first == "1:15: expected a unit after 'in', found 'parsec'")
    }

    @Test func syntaxErrorsComeFirst() throws {
        #expect(try check("1 +* 2\nlet = 3") == ["1:4: expected a value, found '*'", "2:5: expected a name after 'let', found '='"])
    }
}
