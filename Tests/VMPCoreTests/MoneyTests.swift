import Foundation
import Testing
@testable import VMPCore

/// Money as units (USD, EUR, CNY = RMB, with k / thousand / million / billion), units a chain
/// declares (`new_units`), and shocks of a monetary table written and printed in its flow unit
/// (docs/units.md).
@Suite struct MoneyTests {
    @Test(arguments: [
        ("1 kUSD + 1 USD", "1.001 kUSD"),
        ("1 USD + 1 kUSD", "1001 USD"),
        ("2 million USD in kUSD", "2000 kUSD"),
        ("1.5 kEUR in EUR", "1500 EUR"),
        ("2 billion CNY in million RMB", "2000 million RMB"),
        ("1 RMB + 1 CNY", "2 RMB"),
        ("1 CNY + 1 kRMB", "1001 CNY"),
        ("10 USD/t * 3 t/day", "30 USD/day"),
        ("600 USD / 2 t", "300 USD/t"),
        ("0.1 kUSD + 0.2 kUSD", "0.3 kUSD"),
        ("1 EUR * (1.1 USD/EUR) + 1 USD", "2.1 USD"),
        ("3 thousand EUR == 3 kEUR", "true"),
        ("1 USD < 2 USD", "true"),
    ])
    func currencies(source: String, expected: String) throws {
        #expect(try Harness().run(source) == expected)
    }

    /// No implicit exchange rates: a sum or comparison across currencies is an error at the
    /// operator, with a hint to state a rate.
    @Test func currenciesDoNotMix() throws {
        #expect(try Harness().run("1 USD + 1 EUR") == """
            t:1:7: error: cannot use addition on 1 USD (money in USD) and 1 EUR (money in EUR)
              1 USD + 1 EUR
                    ^
              hint: USD and EUR are different currencies and vmp has no exchange rates: state one, e.g. x * (1.1 USD/EUR) turns EUR into USD
            """)
        #expect(try Harness().run("10 USD/t > 1 RMB/t").hasPrefix("t:1:10: error: cannot compare 10 USD/t (money in USD/mass) and 1 RMB/t (money in CNY/mass)"))
        #expect(try Harness().run("5 EUR in USD").hasPrefix("t:1:10: error: cannot convert 5 EUR (money in EUR) to USD (money in USD)"))
    }

    /// A word that is neither a registry unit nor declared by a chain of the session is an
    /// error at its line and column.
    /// A newcomer's finding: demand_pull took a final-demand change in EUR or in t on a USD
    /// table and printed the result in it (the `shock {…}` form refused the same input).
    @Test func demandPullChecksTheUnitLikeShock() throws {
        let out = { (source: String) throws -> String in try MillerBlairTests.output("miller-blair-2", source) }
        #expect(try out("demand_pull(vector(agri, 100 EUR), 2009)").contains("error: the final-demand change is in EUR (money in EUR), not in the chain's flow unit USD"))
        #expect(try out("demand_pull(vector(agri, 100 t), 2009)").contains("not in the chain's flow unit USD"))
        #expect(try out("demand_pull(vector(agri, 600 USD, manu, 1500 USD), 2009)").contains("demand_pull[2009] (USD)\nagri                1247.52475\nmanu                1841.58416"))
        #expect(try out("demand_pull(vector(agri, 600, manu, 1500), 2009)").contains("1247.52475"), "plain numbers stay allowed")
    }

    @Test func undeclaredUnitIsAnError() throws {
        #expect(try Harness().run("let price = 5 GBP").hasPrefix("""
            t:1:15: error: expected end of statement, found 'GBP'
              let price = 5 GBP
                            ^~~
              hint: 'GBP' is not a unit
            """))
    }

    /// A chain for the tests of declared units: two stages, flows in GBP, employment in jobs.
    /// The figures are made up for the test (they are no one's data).
    static func declaredUnitsChain(newUnits: String = "[\"GBP\", \"jobs\"]") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let manifest = """
            [chain]
            name = "uk"
            first_year = 2020
            last_year = 2020
            flow_unit = "GBP"
            new_units = \(newUnits)

            [files]
            quantities = "quantities.csv"
            linkages = "flows.csv"

            [units]
            output = "million GBP"
            employment = "jobs"

            [[stages]]
            id = "a"

            [[stages]]
            id = "b"
            """
        try Data(manifest.utf8).write(to: dir.appendingPathComponent("chain.toml"))
        try Data("""
            from,to,year,kind,value,unit,source
            a,a,2020,flow,100,GBP,made-up test figures
            a,b,2020,flow,200,GBP,made-up test figures
            b,a,2020,flow,300,GBP,made-up test figures
            b,b,2020,flow,100,GBP,made-up test figures

            """.utf8).write(to: dir.appendingPathComponent("flows.csv"))
        try Data("""
            stage,quantity,year,value,unit,source
            a,output,2020,0.001,million GBP,made-up test figures
            b,output,2020,0.002,million GBP,made-up test figures
            a,employment,2020,10,jobs,made-up test figures
            b,employment,2020,40,jobs,made-up test figures

            """.utf8).write(to: dir.appendingPathComponent("flows.csv").deletingLastPathComponent().appendingPathComponent("quantities.csv"))
        return dir
    }

    /// Declared units work in expressions, keep their own dimension, combine into compound
    /// units (jobs/GBP) and are the unit of the chain's shocks.
    @Test func declaredUnitsWorkInExpressions() throws {
        let dir = try Self.declaredUnitsChain()
        defer { try? FileManager.default.removeItem(at: dir) }
        let session = Session(chain: try Chain.load(manifest: dir.path), formatter: Formatter(precision: 6))
        func run(_ source: String) -> String {
            var lines: [String] = []
            let outcome = session.run(source) { lines.append($0) }
            if !outcome.succeeded { lines.append(Session.render(outcome.diagnostics, source: source, name: "t")) }
            return lines.joined(separator: "\n")
        }
        #expect(run("5 GBP + 2 GBP") == "7 GBP")
        #expect(run("2 million GBP in GBP") == "2000000 GBP")
        #expect(run("30 jobs / 1.5 thousand GBP") == "20 jobs/thousand GBP")
        #expect(run("employment[2020]") == "stage  employment[2020] (jobs)\na                           10\nb                           40")
        #expect(run("multipliers(employment[2020] / output[2020], 2020)").contains("(jobs/million GBP)"))
        #expect(run("1 GBP + 1 jobs") == """
            t:1:7: error: cannot use addition on 1 GBP (GBP) and 1 jobs (jobs)
              1 GBP + 1 jobs
                    ^
              hint: GBP and jobs are different things: no unit conversion turns one into the other; check the units
            """)
        #expect(run("1 GBP + 1 USD").hasPrefix("t:1:7: error: cannot use addition on 1 GBP (GBP) and 1 USD (money in USD)"))
        // Shocks of a GBP table are amounts in GBP.
        #expect(run("shock {a: +100 GBP} in 2020 pull").contains("Δx total, direct, first round, indirect in GBP"))
        #expect(run("shock a by 5 t/day in 2020").contains("error: a shock size is a percentage (+10%) or an amount in the chain's flow unit GBP (+600 GBP), found 5 t/day"))
        // The chain writes its declared units back (export CHAIN to "dir/").
        #expect(session.chain.manifestText().contains("new_units = [\"GBP\", \"jobs\"]"))
    }

    /// `new_units` entries that cannot be unit words are load errors at their line.
    @Test(arguments: [
        ("[\"t\"]", "new_units: \"t\" is a unit already"),
        ("[\"pull\"]", "new_units: \"pull\" is not a unit word"),
        ("[\"2x\"]", "new_units: \"2x\" is not a unit word"),
        ("[\"GBP\", \"GBP\"]", "new_units: \"GBP\" is given twice"),
    ])
    func badNewUnits(newUnits: String, message: String) throws {
        let dir = try Self.declaredUnitsChain(newUnits: newUnits)
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try Chain.load(manifest: dir.path)
            Issue.record("\(newUnits) loaded")
        } catch let error as ChainLoadError {
            #expect(error.line == 6 && error.message.hasPrefix(message), "\(error)")
        }
    }

    /// A unit the manifest uses but does not declare is an error naming the file and line.
    @Test func undeclaredUnitInAManifest() throws {
        let dir = try Self.declaredUnitsChain(newUnits: "[\"GBP\"]")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try Chain.load(manifest: dir.path)
            Issue.record("loaded")
        } catch let error as ChainLoadError {
            #expect(error.file.hasSuffix("chain.toml") && error.line == 14, "\(error)")
            #expect(error.message.hasPrefix("unknown unit \"jobs\" for employment"), "\(error)")
        }
    }

    /// A record is a vector by stage anywhere (0 for stages not named); an open one asks the
    /// REPL for more; mixed dimensions and repeated stages are errors at the entry.
    @Test func recordsAsValues() throws {
        let h = try Harness()
        #expect(h.run("{S2: 5 t/day, S4: 2 t/day}") == """
            stage  {S2: +5 t/day, S4: +2 t/day} (t/day)
            S1                                        0
            S2                                        5
            S3                                        0
            S4                                        2
            S5                                        0
            """)
        #expect(h.run("{S2: 5 t/day, S4: 2 USD}").hasPrefix("t:1:19: error: the record mixes mass/time and money in USD: the value of S4 is 2 USD"))
        #expect(h.run("{S2: 1, S2: 2}").hasPrefix("t:1:9: error: stage S2 is given twice in the record"))
        #expect(h.run("{S2 1}").hasPrefix("t:1:5: error: expected ':' and a size after the stage S2, found number 1"))
        #expect(Session.isIncomplete("shock {S2: +5 t/day,"))
        #expect(!Session.isIncomplete("shock {S2: +5 t/day} in 2020"))
        // The vanadium chain's shocks of several stages are unit-time outputs.
        #expect(h.run("shock {S2: +5 t/day, S4: +2 t/day} in 2020 pull").hasPrefix("Pull shock {S2: +5 t/day, S4: +2 t/day} in 2020"))
        #expect(h.run("shock {S2: +5 USD} in 2020").hasPrefix("t:1:12: error: the size of S2 is 5 USD (money in USD), not a unit-time output (+50 t/day)"))
        #expect(Parser.parse("shock {S2: 1 t/day, S3: 2 t/day} in 2020 pull").diagnostics.isEmpty)
        let parsed = Parser.parse("shock {S2: 1} in 2020 pull").statements
        #expect(parsed.count == 1 && parsed.map(ASTPrinter.print) == ["(shock (record (S2 1)) 2020 pull)"])
    }

    /// A script may write the unit words of a chain it loads itself (the load's manifest is
    /// read before the script is parsed again); `vmp check` agrees; a word no chain declares
    /// is still an error at its place.
    @Test func unitsOfAChainLoadedInTheSameScript() throws {
        let dir = try Self.declaredUnitsChain()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = dir.deletingLastPathComponent().path
        let script = "load \"\(dir.lastPathComponent)\" as uk\nlet p = 5 GBP + 2 GBP\np\nuk.employment[2020] / (3 jobs)"
        let session = Session(chain: try Chain.vanadium())
        session.baseDirectory = base
        var lines: [String] = []
        let outcome = session.run(script) { lines.append($0) }
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        #expect(lines.first == "7 GBP")
        #expect(Checker.check(script, chain: try Chain.vanadium(), baseDirectory: base).isEmpty)
        let wrong = "load \"\(dir.lastPathComponent)\" as uk\n5 EURO"
        let diagnostics = Checker.check(wrong, chain: try Chain.vanadium(), baseDirectory: base)
        #expect(diagnostics.count == 1 && diagnostics.first?.message == "expected end of statement, found 'EURO'", "\(diagnostics.map(\.message))")
        #expect(Session.render(session.run(wrong) { _ in }.diagnostics, source: wrong, name: "s.vmp").hasPrefix("s.vmp:2:3: error: expected end of statement, found 'EURO'"))
    }
}
