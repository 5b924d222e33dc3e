import Foundation
import Testing
@testable import VMPCore

/// Wide (square) tables ([wide] in chain.toml): the Miller & Blair twins give what the long
/// layout gives, names become ids by the documented rule, and every malformed table is an
/// error at its file, line and column.
@Suite struct WideTableTests {
    /// The output of `source` on fixture chain `chain`, 9 significant digits.
    static func output(_ chain: String, _ source: String) throws -> String {
        try MillerBlairTests.output(chain, source)
    }

    @Test func millerBlairTwoSectorWideGivesTheLongLayoutsResults() throws {
        let source = "A[2009]\nL[2009]\noutput_multipliers(2009)\ndemand_pull(vector(agri, 600, manu, 1500), 2009)\nfinal_demand[2009]\nvalue_added[2009]"
        let wide = try Self.output("miller-blair-2-wide", source)
        #expect(wide == (try Self.output("miller-blair-2", source)))
        // The textbook's numbers (Miller & Blair 2009 ch. 2): x = (1247.52, 1841.58).
        #expect(wide.contains("agri          1247.52475\nmanu          1841.58416"))
        #expect(wide.contains("agri   0.15  0.25\nmanu    0.2  0.05"))
        #expect(wide.contains("agri    1.25412541  0.330033003\nmanu   0.264026403   1.12211221"))
        #expect(wide.contains("agri                 1.51815182\nmanu                 1.45214521"))
    }

    @Test func millerBlairThreeSectorWideGivesTheLongLayoutsResults() throws {
        let source = "A[2009]\nL[2009]\noutput_multipliers(2009)"
        let wide = try Self.output("miller-blair-3-wide", source)
        #expect(wide == (try Self.output("miller-blair-3", source)))
        #expect(wide.contains("s1                   2.46225813\ns2                   2.26238571\ns3                   2.13480757"))
    }

    @Test func idsAreDerivedFromNamesByTheRule() {
        #expect(StageIDs.derive(["Agriculture, forestry & fishing", "Électricité et gaz", "01 Crops", "L", "in", "---",
                                 "Agriculture forestry fishing", "钢铁", "  trade  "], chainName: "x")
                == ["Agriculture_forestry_fishing", "Electricite_et_gaz", "s01_Crops", "L_", "in_", "s6",
                    "Agriculture_forestry_fishing_2", "钢铁", "trade"])
        #expect(StageIDs.derive(["x"], chainName: "x") == ["x_"])
        #expect(StageIDs.derive(["vanadium", "a_b", "a b", "a-b"], chainName: "c") == ["vanadium_", "a_b", "a_b_2", "a_b_3"])
    }

    /// A chain written into a temporary directory: the manifest's [wide] and the table.
    static func chain(_ table: String, wide: String = "total_output = \"x\"\nfinal_demand = \"f\"\nvalue_added = \"v\"",
                      chain extra: String = "year = 2019\nflow_unit = \"1\"") throws -> Result<Chain, ChainLoadError> {
        let dir = try ChainFilesTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[chain]\nname = \"t\"\n\(extra)\n\n[wide]\nfile = \"table.csv\"\nsource = \"test\"\n\(wide)\n"
            .write(toFile: dir + "/chain.toml", atomically: true, encoding: .utf8)
        try table.write(toFile: dir + "/table.csv", atomically: true, encoding: .utf8)
        do {
            return .success(try Chain.load(manifest: dir))
        } catch let error as ChainLoadError {
            var shown = error
            shown.file = shown.file.replacingOccurrences(of: dir + "/", with: "")
            return .failure(shown)
        }
    }

    static func error(_ table: String, wide: String? = nil, chain: String? = nil) throws -> String {
        let result = try wide.map { try Self.chain(table, wide: $0, chain: chain ?? "year = 2019\nflow_unit = \"1\"") }
            ?? Self.chain(table, chain: chain ?? "year = 2019\nflow_unit = \"1\"")
        switch result {
        case .success: Issue.record("expected an error"); return ""
        case .failure(let error): return error.description
        }
    }

    @Test func namesAreKeptAndAccountsRead() throws {
        let table = "sector,\"Agriculture, forestry & fishing\",Électricité et gaz,f,x\n\"Agriculture, forestry & fishing\",10,20,70,100\nÉlectricité et gaz,30,40,130,200\nv,60,140,,\n"
        let chain = try Self.chain(table).get()
        #expect(chain.stages.map(\.id) == ["Agriculture_forestry_fishing", "Electricite_et_gaz"])
        #expect(chain.stages.map(\.name) == ["Agriculture, forestry & fishing", "Électricité et gaz"])
        #expect(chain.linkages[LinkageKey(from: "Electricite_et_gaz", to: "Agriculture_forestry_fishing", kind: .flow, year: 2019)]?.text == "30")
        #expect(chain.quantities[QuantityKey(stage: "Electricite_et_gaz", quantity: "output", year: 2019)]?.value == 200)
        #expect(chain.quantities[QuantityKey(stage: "Agriculture_forestry_fishing", quantity: "value_added", year: 2019)]?.value == 60)
        #expect(chain.notes == ["stage ids derived from the names in table.csv: \"Agriculture, forestry & fishing\" → Agriculture_forestry_fishing, \"Électricité et gaz\" → Electricite_et_gaz"])
        // :source shows the name the id came from.
        let session = Session(chain: chain)
        var lines: [String] = []
        _ = session.run(":source Electricite_et_gaz.output[2019]") { lines.append($0) }
        #expect(lines == ["Electricite_et_gaz.output[2019] = 200  (test)\n    note: column \"x\" of table.csv, sector \"Électricité et gaz\" (id Electricite_et_gaz)"])
    }

    @Test func malformedTablesAreLocatedErrors() throws {
        let ok = "s,a,b,f,x\na,1,2,7,10\nb,3,4,13,20\nv,6,14,,\n"
        #expect(throws: Never.self) { try Self.chain(ok).get() }
        // Not square: a sector row is missing.
        #expect(try Self.error("s,a,b,f,x\na,1,2,7,10\nv,6,14,,\n") == "table.csv:3:1: error: the table is not square: 2 sector columns but 1 sector rows before the value-added row \"v\"")
        #expect(try Self.error("s,a,b,f,x\na,1,2,7,10\n") == "table.csv:3: error: the table is not square: 2 sector columns but 1 sector rows (the row for \"b\" is missing)")
        // A row name that does not match the header.
        #expect(try Self.error("s,a,b,f,x\na,1,2,7,10\nc,3,4,13,20\nv,6,14,,\n") == "table.csv:3:1: error: row name \"c\" does not match the header: row 2 must be \"b\", as column 2 of the header")
        #expect(try Self.error("s,a,b,f,x\nb,1,2,7,10\na,3,4,13,20\nv,6,14,,\n") == "table.csv:2:1: error: row \"b\" is out of place: row 1 must be \"a\", as column 1 of the header (rows and columns list the sectors in the same order)")
        // A cell that is not a number, a negative flow, a negative output.
        #expect(try Self.error("s,a,b,f,x\na,1,two,7,10\nb,3,4,13,20\nv,6,14,,\n") == "table.csv:2:5: error: value \"two\" is not a plain decimal number")
        #expect(try Self.error("s,a,b,f,x\na,1,\"1,234\",7,10\nb,3,4,13,20\nv,6,14,,\n").hasPrefix("table.csv:2:5: error: value \"1,234\" is not a plain decimal number (it has a thousands separator"))
        #expect(try Self.error("s,a,b,f,x\na,1,2,7,10\nb,-3,4,13,20\nv,6,14,,\n") == "table.csv:3:3: error: a flow cannot be negative (-3 from \"b\" to \"a\")")
        // A newcomer's table: an empty flow cell was read as 0 without a word (`vmp check` passed).
        #expect(try Self.error("s,a,b,f,x\na,,2,7,10\nb,3,4,13,20\nv,6,14,,\n") == "table.csv:2:3: error: empty cell from \"a\" to \"a\": every cell of the square part needs a number (write 0 where there is no flow)")
        #expect(try Self.error("s,a,b,f,x\na,1,2,7,10\nb,3,  ,13,20\nv,6,14,,\n").hasPrefix("table.csv:3:7: error: empty cell from \"b\" to \"b\""))
        #expect(try Self.error("s,a,b,f,x\na,1,2,7,-10\nb,3,4,13,20\nv,6,14,,\n") == "table.csv:2:9: error: total output cannot be negative (-10 for \"a\")")
        // The declared total-output column is missing.
        #expect(try Self.error("s,a,b,f\na,1,2,7\nb,3,4,13\nv,6,14,\n") == "table.csv:1: error: missing total-output column \"x\" (named in [wide] of chain.toml; the header's columns are 2 sectors and f)")
        // Duplicate names, an empty name, a row of the wrong length, an undeclared row.
        #expect(try Self.error("s,a,a,f,x\na,1,2,7,10\na,3,4,13,20\nv,6,14,,\n") == "table.csv:1:5: error: duplicate sector name \"a\" (first in column 3)")
        #expect(try Self.error("s,a,,f,x\na,1,2,7,10\nb,3,4,13,20\nv,6,14,,\n") == "table.csv:1:5: error: empty column name in the header (each column is a sector, or a column named in [wide] of chain.toml)")
        #expect(try Self.error("s,a,b,f,x\na,1,2,7,10,5\nb,3,4,13,20\nv,6,14,,\n").hasPrefix("table.csv:2:12: error: row has 6 fields, expected 5 as the header"))
        #expect(try Self.error("s,a,b,f,x\na,1,2,7,10\nb,3,4,13,20\nv,6,14,,\nw,1,1,,\n") == "table.csv:5:1: error: row \"w\" is neither a sector of the header nor a value-added row named in [wide] of chain.toml (the table is square: 2 sector columns, 2 sector rows, then value-added rows)")
        #expect(try Self.error("s,a,f,b,x\na,1,7,2,10\nb,3,13,4,20\nv,6,,14,\n") == "table.csv:1:7: error: sector column \"b\" comes after \"f\", a column named in [wide]: the sectors come first, then final demand and total output")
        #expect(try Self.error("s,a,b,x\na,1,2,10\nb,3,4,20\nv,6,14,\n", wide: "total_output = \"x\"\nvalue_added = [\"v\", \"w\"]") == "table.csv:4: error: missing value-added row \"w\" (named in [wide] of chain.toml)")
        #expect(try Self.error("s,a,b\na,0.5,0.6\nb,0.6,0.5\n", wide: "total_output = \"x\"").hasPrefix("table.csv:1: error: missing total-output column"))
        // Flows whose A has spectral radius ≥ 1 (inputs above output).
        #expect(try Self.error("s,a,b,x\na,8,5,10\nb,5,8,10\n", wide: "total_output = \"x\"") == "table.csv: error: the flows of 2019 (A = Z x̂⁻¹ with the total outputs) have spectral radius 1.3 ≥ 1: the Leontief and Ghosh inverses would not exist")
        // Coefficients whose column (backward) or row (forward) sums above 1.
        #expect(try Self.error("s,a,b\na,0.5,0.6\nb,0.6,0.5\n", wide: "kind = \"backward\"") == "table.csv:1:3: error: the backward coefficients of a (inputs per unit of its output) sum to 1.1 > 1")
        #expect(try Self.error("s,a,b\na,0.5,0.6\nb,0.3,0.5\n", wide: "kind = \"forward\"") == "table.csv:2:1: error: the forward coefficients of a (shares of its output delivered to each stage) sum to 1.1 > 1")
        // Coefficients outside [0, 1].
        #expect(try Self.error("s,a,b\na,0.5,1.5\nb,0.1,0.2\n", wide: "kind = \"backward\"") == "table.csv:2:7: error: a backward coefficient is a share between 0 and 1, not 1.5 (\"a\" to \"b\")")
    }

    @Test func manifestErrorsOfTheWideTable() throws {
        #expect(try Self.error("s,a\na,1\n", wide: "kind = \"sideways\"") == "chain.toml:9:8: error: kind in [wide] is \"flow\", \"backward\" or \"forward\", not \"sideways\"")
        #expect(try Self.error("s,a\na,1\n", wide: "", chain: "year = 2019") == "chain.toml:6:8: error: a wide table of flows needs their unit: add flow_unit (e.g. flow_unit = \"1\") to [chain]")
        #expect(try Self.error("s,a\na,1\n", wide: "", chain: "flow_unit = \"1\"").hasPrefix("chain.toml:1:1: error: the chain has no year: add year = 2019"))
        #expect(try Self.error("s,a\na,1\n", wide: "", chain: "first_year = 2018\nlast_year = 2019\nflow_unit = \"1\"") == "chain.toml:7:1: error: the chain has the years 2018..2019: say which one the wide table is for (year = … in [wide])")
    }

    /// A manifest without a year takes the load statement's: `load "DIR" as m year 2019`.
    @Test func aTableWithoutAYearTakesTheLoadStatementsYear() throws {
        let dir = try ChainFilesTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "[chain]\nname = \"t\"\nflow_unit = \"1\"\n\n[wide]\nfile = \"table.csv\"\nsource = \"test\"\ntotal_output = \"x\"\n"
            .write(toFile: dir + "/chain.toml", atomically: true, encoding: .utf8)
        try "s,a,b,x\na,1,2,10\nb,3,4,20\n".write(toFile: dir + "/table.csv", atomically: true, encoding: .utf8)
        let session = Session(chain: try Chain.vanadium(), formatter: Formatter(precision: 6))
        var lines: [String] = []
        let source = "load \"\(dir)\" as t year 2021\nt.Z[2021]\nload \"\(dir)\" as u"
        let outcome = session.run(source) { lines.append($0) }
        #expect(lines.first?.hasPrefix("Z[2021]") == true, "\(lines)")
        #expect(outcome.diagnostics.first?.message.contains("the chain has no year") == true)
        #expect(Parser.parse("load \"d\" as m year 2019").statements.count == 1)
        var again: [String] = []
        let outOfRange = session.run("load \"\(dir)\" as v year 20190") { again.append($0) }
        #expect(outOfRange.diagnostics.first?.message == "year 20190 is not a year (1 to 9999)")
        // A header far wider than the rows that follow is refused before n × n values are allocated.
        let wide = "s," + (1...3000).map { "c\($0)" }.joined(separator: ",") + "\nc1,1\n"
        #expect(try Self.error(wide, wide: "") == "table.csv:2: error: row has 2 fields, expected 3001 as the header")
    }

    /// The grid's fast number path gives exactly what `Double(text)` (strtod) gives.
    @Test func fastNumbersEqualStrtod() throws {
        var generator = SystemRandomNumberGenerator()
        var texts = ["0", "-0", "+0.0", "0.1", "1e-5", "2.5E+3", "123456789012345678", "9007199254740993", "0.30000000000000004",
                     "1e22", "1e23", "4.9e-324", "2.2250738585072014e-308", "-1234.5678", "000012", "12.", ".5e1", "1e-22", "3.0e-23"]
        for _ in 0..<2000 {
            let digits = Int.random(in: 1...17, using: &generator)
            let mantissa = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let point = Int.random(in: 0...digits, using: &generator)
            var text = String(mantissa.prefix(point)) + "." + String(mantissa.dropFirst(point))
            if text.hasPrefix(".") { text = "0" + text }
            if Bool.random(using: &generator) { text += "e\(Int.random(in: -30...30, using: &generator))" }
            texts.append(text)
        }
        let grid = try CSVGrid(text: texts.joined(separator: ","), shownAs: "t.csv")
        let record = try #require(grid.records.first)
        for (k, text) in texts.enumerated() {
            let expected = try #require(Double(text))
            if expected != 0, expected.magnitude < Double.leastNormalMagnitude {
                #expect(throws: ChainLoadError.self) { try grid.number(record, k, style: NumberStyle(), what: "value") }
                continue
            }
            let parsed = try grid.number(record, k, style: NumberStyle(), what: "value")
            #expect(parsed?.value == (expected == 0 ? 0 : expected), "\(text)")
            #expect(parsed?.value.sign == .plus || expected < 0, "\(text) gave -0")
            #expect(parsed?.text == text)
        }
    }

    /// A wide chain exported (`export t to "dir/"`, the long layout) loads back equal: the names
    /// stay the stages' names, the flows and accounts their values.
    @Test func aWideChainExportsToTheLongLayoutAndBack() throws {
        let table = "sector,\"Agriculture, forestry & fishing\",Électricité et gaz,f,x\n\"Agriculture, forestry & fishing\",10,20,70,100\nÉlectricité et gaz,30,40,130,200\nv,60,140,,\n"
        let chain = try Self.chain(table).get()
        let dir = try ChainFilesTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try chain.write(toDirectory: dir + "/out", overwrite: false)
        let back = try Chain.load(manifest: dir + "/out")
        #expect(back.stages.map(\.name) == ["Agriculture, forestry & fishing", "Électricité et gaz"])
        #expect(back.linkages == chain.linkages)
        #expect(back.quantities == chain.quantities)
    }
}
