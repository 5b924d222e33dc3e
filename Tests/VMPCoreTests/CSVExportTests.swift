import Foundation
import Testing
@testable import VMPCore

/// CSV as pandas reads it without cleaning: headings are plain names, units have columns of
/// their own (one `unit` column when every number shares a unit, else `COLUMN_unit` after each
/// column with units), and each result is its own table, parted from the next by a blank line.
@Suite struct CSVExportTests {
    static let csv = Formatter(style: .csv)

    static func value(_ source: String, chain: Chain? = nil) throws -> Value {
        let session = Session(chain: try chain ?? Chain.vanadium())
        var result: Value?
        let evaluator = Evaluator(chain: session.chain, globals: [:], formatter: Formatter(), emit: { _ in }, isInterrupted: { false })
        let (statements, diagnostics) = Parser.parse(source)
        #expect(diagnostics.isEmpty)
        if case .expression(let e)? = statements.first { result = try evaluator.evaluate(e) }
        return try #require(result)
    }

    /// No heading carries a unit, whatever the value.
    @Test(arguments: ["cost", "link()", "L[2015]", "shock S2 by +10% in 2020", "shock S4 by +5 t/day in 2020",
                      "trace(shock S1 by +10% in 2015, 3)", "S3.cost", "cost[2018]", "S3.cost[2019]"])
    func headingsArePlainNames(source: String) throws {
        let header = try #require(Self.csv.csv(try Self.value(source)).split(separator: "\n").first)
        #expect(!header.contains("(") && !header.contains(" "), "\(header)")
    }

    @Test func oneUnitIsOneColumn() throws {
        #expect(Self.csv.csv(try Self.value("cost[2018..2019]")) == """
            year,S1,S2,S3,S4,S5,unit
            2018,,25.109,16.166,40.979,,million RMB
            2019,,,37.979,,,million RMB
            """)
        // Plain numbers: no unit column.
        #expect(Self.csv.csv(try Self.value("L[2015]")).hasPrefix("supplier,S1,S2,S3,S4,S5\nS1,1,"))
    }

    /// Columns in different units each get a `COLUMN_unit` column.
    @Test func mixedUnitsGetAUnitColumnEach() throws {
        let text = Self.csv.csv(try Self.value("shock S4 by +5 t/day in 2020"))
        let lines = text.split(separator: "\n")
        #expect(lines[0] == "stage,total,total_unit,direct,direct_unit,first_round,first_round_unit,indirect,indirect_unit,output,output_unit,cost,cost_unit,emissions")
        #expect(lines[4].hasPrefix("S4,5.0000192"), "\(lines[4])")
        #expect(lines[4].contains(",t/day,") && lines[2].contains(",million RMB/day,"))
    }

    /// A monetary table's shock: in USD, without the per-tonne cost and emission columns.
    @Test func monetaryShock() throws {
        let mb = try Chain.load(manifest: ChainFilesTests.fixtures + "/miller-blair-2")
        #expect(Self.csv.csv(try Self.value("shock {agri: +600 USD, manu: +1500 USD} in 2009 pull", chain: mb)) == """
            stage,total,direct,first_round,indirect,output,unit
            agri,1247.5247524752476,600,465,182.52475247524762,1247.5247524752476,USD
            manu,1841.5841584158418,1500,195,146.58415841584178,1841.5841584158418,USD
            """)
    }

    /// Results printed one after another (`vmp --format csv`) are separate tables: each ends
    /// in a blank line.
    @Test func resultsArePartedByABlankLine() throws {
        let out = [try Self.value("S3.cost[2019]"), try Self.value("cost[2018]")].map { Self.csv.display($0) }.joined(separator: "\n")
        let parts = out.split(separator: "\n\n", omittingEmptySubsequences: true).map(String.init)
        #expect(parts.count == 2)
        #expect(parts[0] == "value,unit\n37.979,million RMB")
        #expect(parts[1].hasPrefix("stage,value,unit\nS1,,\n"))
    }
}
