import Foundation
import Testing
@testable import VMPCore

/// Sector names as labels (issue 13): a chain whose ids were derived from names (wide table,
/// pymrio folder) shows each name beside its id in text tables, CSV, JSON and plots; chains
/// whose ids were typed show ids only, as before.
@Suite struct StageLabelTests {
    static let table = "sector,\"Agriculture, forestry & fishing\",Électricité et gaz,trade,f,x\n"
        + "\"Agriculture, forestry & fishing\",10,20,5,65,100\nÉlectricité et gaz,30,40,10,120,200\ntrade,5,10,20,65,100\nv,55,130,65,,\n"

    static func wideChain() throws -> Chain {
        try WideTableTests.chain(table, chain: "year = 2019\nflow_unit = \"million USD\"").get()
    }

    /// The output of `source` in a session on the wide chain, in `style`.
    static func run(_ source: String, style: OutputStyle = .table, chain: Chain? = nil) throws -> String {
        let session = Session(chain: try chain ?? wideChain(), formatter: Formatter(style: style))
        var lines: [String] = []
        let outcome = session.run(source) { lines.append($0) }
        #expect(outcome.succeeded, "\(Session.render(outcome.diagnostics, source: source, name: "t"))")
        return lines.joined(separator: "\n")
    }

    @Test func aWideChainKnowsItsIdsWereDerived() throws {
        #expect(try Self.wideChain().idsFromNames)
        #expect(try !Chain.vanadium().idsFromNames)
        #expect(try !Chain.load(manifest: ChainFilesTests.fixtures + "/miller-blair-2").idsFromNames)
        #expect(StageLabels.names([try Chain.vanadium()]).isEmpty)
    }

    @Test func textTablesWithStageRowsHaveANameColumn() throws {
        #expect(try Self.run("output[2019]") == """
            stage                         name                             output[2019] (million USD)
            Agriculture_forestry_fishing  Agriculture, forestry & fishing                         100
            Electricite_et_gaz            Électricité et gaz                                      200
            trade                         trade                                                   100
            """)
        let l = try Self.run("L[2019]")
        #expect(l.contains("i \\ j                         name                             Agriculture_forestry_fishing  Electricite_et_gaz      trade\n"
                           + "Agriculture_forestry_fishing  Agriculture, forestry & fishing                       1.16674            0.151585  0.0918695"))
        // A shock response and an extraction are tables by stage too.
        #expect(try Self.run("shock {trade: +10 million USD} in 2019 pull").contains("\nElectricite_et_gaz            Électricité et gaz "))
        #expect(try Self.run("extract(trade, 2019)").contains("\ntotal                                                        "))
    }

    @Test func stageColumnsWithoutStageRowsGetALegend() throws {
        #expect(try Self.run("output") == """
            output (million USD)
            year  Agriculture_forestry_fishing  Electricite_et_gaz  trade
            2019                           100                 200    100
            stage names:
              Agriculture_forestry_fishing = Agriculture, forestry & fishing
              Electricite_et_gaz = Électricité et gaz
            """)
    }

    @Test func csvHasANameColumnAndJSONANameField() throws {
        #expect(try Self.run("output[2019]", style: .csv) == """
            stage,name,value,unit
            Agriculture_forestry_fishing,"Agriculture, forestry & fishing",100,million USD
            Electricite_et_gaz,Électricité et gaz,200,million USD
            trade,trade,100,million USD

            """)
        #expect(try Self.run("A[2019]", style: .csv).hasPrefix("supplier,name,Agriculture_forestry_fishing,Electricite_et_gaz,trade\n"
                                                            + "Agriculture_forestry_fishing,\"Agriculture, forestry & fishing\",0.1,0.1,0.05\n"))
        let json = try Self.run("output[2019]", style: .json)
        #expect(json.contains("{\"key\":\"Agriculture_forestry_fishing\",\"name\":\"Agriculture, forestry & fishing\",\"value\":100,\"unit\":\"million USD\",\"text\":\"100\"}"))
        #expect(try Self.run("L[2019]", style: .json).contains("\"row_names\":[\"Agriculture, forestry & fishing\",\"Électricité et gaz\",\"trade\"]"))
        #expect(try Self.run("output[2019]", style: .markdown).contains("| stage | name | output[2019] (million USD) |"))
    }

    @Test func typedIdsPrintAsBefore() throws {
        // Same numbers, ids typed in the long layout: no name column anywhere.
        let long = try MillerBlairTests.output("miller-blair-2", "output[2009]\nL[2009]")
        #expect(!long.contains("name"))
        #expect(try Self.run("output[2015]", style: .csv, chain: Chain.vanadium()).hasPrefix("stage,value,unit\nS1,"))
    }

    @Test func anIdTwoChainsNameDifferentlyShowsNoName() throws {
        var other = try Self.wideChain().renamed("other")
        other.stages[2].name = "Wholesale trade"
        let names = StageLabels.names([try Self.wideChain(), other])
        #expect(names["trade"] == nil)
        #expect(names["Electricite_et_gaz"] == "Électricité et gaz")
        // A typed-id chain with the same id hides the name too.
        var typed = other
        typed.idsFromNames = false
        #expect(StageLabels.names([try Self.wideChain(), typed]).isEmpty)
    }

    @Test func plotsLabelBarsAndLegendsWithNames() throws {
        let dir = try ChainFilesTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.run("plot output[2019] to \"\(dir)/bars.svg\"\nplot output to \"\(dir)/lines.svg\"")
        let bars = try String(contentsOfFile: dir + "/bars.svg", encoding: .utf8)
        #expect(bars.contains(">Électricité et gaz</text>"))
        #expect(bars.contains(">Agriculture, forestry…</text>"))
        #expect(!bars.contains(">Electricite_et_gaz</text>"))
        let lines = try String(contentsOfFile: dir + "/lines.svg", encoding: .utf8)
        #expect(lines.contains(">Électricité et gaz</text>"))
        let terminal = try Self.run("plot output[2019]")
        #expect(terminal.contains("\nÉlectricité et gaz   ███"))
    }
}
