import Foundation
import Testing

/// The command line with chain files: `--chain`, `--format`, and Scripts/compare.vmp.
@Suite struct ChainCLITests {
    static let good = "Tests/VMPCoreTests/Fixtures/chains/good"

    @Test func chainFlagMakesTheChainTheSessionsOwn() throws {
        let r = try VMPProcess.run(["--chain", Self.good, "-e", "钒钢.output[2020]", "-e", "link(ore, 钒钢)[2020]", "-e", "vanadium.S3.cost[2019]"])
        #expect(r.stderr == "")
        #expect(r.status == 0)
        #expect(r.stdout == "90 t\n0.8\n37.979 million RMB\n")
    }

    @Test func aBrokenChainIsRejectedWithItsPlace() throws {
        let r = try VMPProcess.run(["--chain", "Tests/VMPCoreTests/Fixtures/chains/broken/year-outside", "-e", "1"])
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr == "Tests/VMPCoreTests/Fixtures/chains/broken/year-outside/quantities.csv:3:12: error: year 2031 is outside the chain's years 2020..2021 (first_year and last_year in chain.toml)\n")
    }

    @Test func loadStatementErrorsPointAtTheChainFile() throws {
        let r = try VMPProcess.run(["-e", "load \"Tests/VMPCoreTests/Fixtures/chains/broken/unknown-stage\" as li"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("-e#1:1:6: error: Tests/VMPCoreTests/Fixtures/chains/broken/unknown-stage/flows.csv:3:5: unknown stage \"smelter\" (stages are ore, 钒钢, scrap)\n"), "\(r.stderr)")
    }

    @Test func formatJSONWritesOneDocumentPerResult() throws {
        let r = try VMPProcess.run(["--format", "json", "-e", "S3.cost[2019]", "-e", "print \"done\""])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["unit"] as? String == "million RMB")
        #expect(((first?["sources"] as? [[String: Any]])?.first?["source"] as? String) == "§4.2")
        #expect(lines[1] == "{\"type\":\"string\",\"value\":\"done\"}")
    }

    @Test func formatCSVAndMarkdown() throws {
        let csv = try VMPProcess.run(["--format", "csv", "-e", "cost[2018]"])
        #expect(csv.stdout == "stage,value,unit\nS1,,\nS2,25.109,million RMB\nS3,16.166,million RMB\nS4,40.979,million RMB\nS5,,\n\n")
        // Several results: one CSV table each, parted by a blank line, headings without units.
        let tables = try VMPProcess.run(["--format", "csv", "-e", "S3.cost[2019]", "-e", "cost[2018..2019]"])
        #expect(tables.stdout == "value,unit\n37.979,million RMB\n\nyear,S1,S2,S3,S4,S5,unit\n2018,,25.109,16.166,40.979,,million RMB\n2019,,,37.979,,,million RMB\n\n")
        let md = try VMPProcess.run(["--format", "md", "-e", "S3.cost[2018..2019]"])
        #expect(md.stdout == "| year | S3.cost (million RMB) |\n|---|---:|\n| 2018 | 16.166 |\n| 2019 | 37.979 |\n\n")
        // Several results: each table is parted from the next by a blank line (else Markdown merges them).
        let two = try VMPProcess.run(["--format", "md", "-e", "S3.cost[2019]", "-e", "S3.cost[2018..2019]"])
        #expect(two.stdout == "| value | unit |\n|---|---:|\n| 37.979 | million RMB |\n\n| year | S3.cost (million RMB) |\n|---|---:|\n| 2018 | 16.166 |\n| 2019 | 37.979 |\n\n")
        let bad = try VMPProcess.run(["--format", "xml", "-e", "1"])
        #expect(bad.status == 2)
    }

    @Test func compareScriptRuns() throws {
        let r = try VMPProcess.run(["Scripts/compare.vmp"])
        #expect(r.stderr == "")
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("vanadium: China's vanadium industry Material-Product (M-P) chain, 2015–2022\ncopper:   A made-up copper chain"))
        #expect(r.stdout.contains("vanadium: S2 drives the most (direct forward linkage 0.13)"))
        #expect(r.stdout.contains("copper: fabrication drives the most (direct forward linkage 0.977142857143)"))
        #expect(r.stdout.contains("refining                1550           144               NA         1694"))
    }
}
