import Foundation
import Testing
@testable import VMPCore

/// What a newcomer's session found (each input as it was typed), and its class.
@Suite struct NewcomerRegressionTests {
    /// Underflow is an error in every operation, never a subnormal result or a silent 0.
    @Test(arguments: [
        ("5e-308 - 4e-308", "subtraction underflows"),
        ("1e-307 + -9e-308", "addition underflows"),
        ("1e-307 %", "percentage underflows"),
        ("1e-307 kg in t", "conversion to t underflows"),
        ("1e-303 RMB in million RMB", "conversion to million RMB underflows"),
    ])
    func underflowIsAnError(source: String, message: String) throws {
        let out = try Harness().run(source)
        #expect(out.contains(message), "\(out)")
    }

    @Test func exactCancellationIsZero() throws {
        #expect(try Harness().run("1e-307 - 1e-307") == "0")
    }

    /// A response whose relative values overflow when shown in % is an overflow, never NA.
    @Test func responseOverflowIsAnError() throws {
        let h = try Harness()
        #expect(h.run("let r = shock S2 by +1e308% in 2020\nr + r").contains("addition of the responses overflows"))
    }

    /// Huge numbers are cut to the table's digits like any other (1.0000038466939969e308 was shown).
    @Test func hugeNumbersInTablesAreCut() throws {
        let out = try Harness().run("shock S2 by +1e308% in 2020")
        #expect(out.contains("1e308") && out.contains("3.84669e302"), "\(out)")
        #expect(!out.contains("1.0000038466939969e308"))
    }

    /// The sum of an empty series keeps the series' unit.
    @Test func emptySumKeepsItsUnit() throws {
        #expect(try Harness().run("sum(present(S3.cost[2016..2017]))") == "0 million RMB")
    }

    /// A chain loaded under a quantity's name could never be reached: refused.
    @Test func loadUnderAQuantitysNameIsRefused() throws {
        let out = try Harness().run("load \"\(packageRoot.path)/Scripts/chains/copper\" as cost")
        #expect(out.contains("'cost' is a quantity of chain vanadium: load the chain under another name"), "\(out)")
    }

    /// A chain given as flows names the missing flows, not "published linkages", for a year without them.
    @Test func aYearWithoutFlowsSaysSo() throws {
        let h = try Harness()
        _ = h.run("load \"\(packageRoot.path)/Tests/VMPCoreTests/Fixtures/chains/good\" as demo")
        let out = h.run("demo.G[2021]")
        #expect(out.contains("chain demo has no flows for 2021: its model needs the flows of the year (flows are given for 2020)"), "\(out)")
    }

    /// NA in a condition is an error wherever it is (`not NA` was NA, `true and NA` an error).
    @Test func naConditionsAreErrors() throws {
        let h = try Harness()
        #expect(h.run("not NA").contains("condition is NA (written as NA)"))
        #expect(h.run("true and NA").contains("condition is NA (written as NA)"))
    }

    /// A parameter may not hide a stage or a built-in, as `let` may not.
    @Test func parametersDoNotHideStagesOrBuiltins() throws {
        let h = try Harness()
        #expect(h.run("fn f(S3) = 1").contains("'S3' is a stage of the chain and cannot be rebound"))
        #expect(h.run("fn f(link) = 1").contains("'link' is a built-in function and cannot be rebound"))
        #expect(h.run("fn f(x) = x + 1\nf(2)") == "3")
    }

    /// Newcomer report: with `--format json`, `:source` and `:explain` printed plain text into
    /// the JSON stream. Each is now one JSON object per line, like every other result.
    @Test func commandsPrintJSONInJSONStyle() throws {
        let session = Session(chain: try Chain.vanadium(), formatter: Formatter(style: .json))
        for (source, command) in [(":source S3.cost[2019]", "source"), (":explain 1 + 1", "explain"), (":help sum", "help")] {
            var lines: [String] = []
            let outcome = session.run(source) { lines.append($0) }
            #expect(outcome.succeeded)
            #expect(lines.count == 1)
            let object = try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any]
            #expect(object?["type"] as? String == "text" && object?["command"] as? String == command, "\(lines)")
            #expect((object?["text"] as? String)?.isEmpty == false)
        }
        let source = try Harness().run(":source S3.cost[2019]")
        #expect(source == "S3.cost[2019] = 37.979 million RMB  (§4.2)", "the table style is unchanged")
    }

    /// An option word called, directly or through a binding, names the built-ins that take
    /// it (a bound `forward` called said "an option of link and pull").
    @Test(arguments: [("total", "link and pull", "pull(S4, S3, total)"), ("direct", "link and pull", "pull(S4, S3, direct)"),
                      ("backward", "extract", "extract(S3, 2020, backward)"), ("forward", "extract", "extract(S3, 2020, forward)"),
                      ("type2", "output_multipliers", "output_multipliers(2009, type2)")])
    func optionWordsCalledNameTheirBuiltins(option: String, builtins: String, example: String) throws {
        let h = try Harness()
        for source in ["\(option)()", "let o = \(option)\no()"] {
            let out = h.run(source)
            #expect(out.contains("error: '\(option)' is an option of \(builtins), not a function"), "\(out)")
            #expect(out.contains("hint: \(example)"), "\(out)")
        }
    }
}
