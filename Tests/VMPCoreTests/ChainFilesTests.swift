import Foundation
import Testing
@testable import VMPCore

/// Chain manifests and their CSV files: the good fixture, the corpus of broken chains (each
/// with its exact diagnostic), a chain with a stages file broken one file at a time, CSV details
/// (BOM, CRLF, NA), non-ASCII stage ids, and loading in a session (all or nothing).
@Suite struct ChainFilesTests {
    static let fixtures = packageRoot.appendingPathComponent("Tests/VMPCoreTests/Fixtures/chains").path
    static let good = fixtures + "/good"

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-chain-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The load error of `path`, its file shown relative to the fixtures.
    static func loadError(_ path: String) throws -> String {
        do {
            let chain = try Chain.load(manifest: path)
            Issue.record("expected an error, loaded \(chain.name)")
            return ""
        } catch let error as ChainLoadError {
            return error.description.replacingOccurrences(of: fixtures + "/", with: "")
        }
    }

    @Test func goodChainLoads() throws {
        let chain = try Chain.load(manifest: Self.good + "/chain.toml")
        #expect(chain.name == "demo")
        #expect(chain.title == "A three-stage test chain")
        #expect(chain.stages.map(\.id) == ["ore", "钒钢", "scrap"])
        #expect(chain.stage("钒钢")?.description == "Steelmaking, with a comma, in the description")
        #expect(chain.stages.allSatisfy { $0.chain == "demo" })
        #expect(chain.years == 2020...2021)
        #expect(chain.flowUnit == "t")
        #expect(chain.units["extraction"] == ["t", "kg"])
        // Order of first appearance in the files, then the quantities only the manifest names.
        #expect(chain.quantityNames == ["output", "extraction", "imports", "exports", "losses", "final_use", "stock_change", "cost"])
        #expect(chain.quantities[QuantityKey(stage: "ore", quantity: "imports", year: 2020)] == nil)  // empty value: NA
        let scrap = try #require(chain.quantities[QuantityKey(stage: "scrap", quantity: "extraction", year: 2020)])
        #expect(scrap.text == "500" && scrap.unit == "kg" && scrap.provenance == Provenance(source: "Test table 1", note: "old scrap, in kg"))
        #expect(chain.linkages[LinkageKey(from: "ore", to: "钒钢", kind: .flow, year: 2020)]?.value == 80)
        #expect(chain.hasFlows(in: 2020) && !chain.hasFlows(in: 2021))
        // A directory finds its chain.toml; a name given wins over the manifest's.
        #expect(try Chain.load(manifest: Self.good, name: "li").stages.first?.chain == "li")
    }

    /// The broken corpus: one chain per rule, each with the diagnostic it must give, word for word.
    @Test(arguments: [
        ("missing-column", "broken/missing-column/quantities.csv:1: error: missing column \"unit\" (expected columns: stage,quantity,year,value,unit,source[,note][,flag])"),
        ("unknown-stage", "broken/unknown-stage/flows.csv:3:5: error: unknown stage \"smelter\" (stages are ore, 钒钢, scrap)"),
        ("duplicate-row", "broken/duplicate-row/quantities.csv:4:1: error: duplicate row for ore output (2020) (first given on line 2)"),
        ("thousands-separator", "broken/thousands-separator/quantities.csv:2:17: error: value \"1,234\" is not a plain decimal number (it has a thousands separator; write 1234)"),
        ("value-underflow", "broken/value-underflow/quantities.csv:2:17: error: value \"1e-400\" is too small to represent (smallest is about 2.2e-308)"),
        ("value-overflow", "broken/value-overflow/quantities.csv:2:17: error: value \"2e308\" is out of range (largest is about 1.8e308)"),
        ("unquoted-thousands", "broken/unquoted-thousands/quantities.csv:2:17: error: row has 8 fields, expected 7 (stage,quantity,year,value,unit,source[,note][,flag]): value \"1,234\" has a thousands separator; write 1234"),
        ("non-numeric", "broken/non-numeric/flows.csv:2:18: error: value \"eighty\" is not a plain decimal number"),
        ("toml-bad-header", "broken/toml-bad-header/chain.toml:5:3: error: invalid TOML: a table header needs a key after '[', found '*'"),
        ("unclosed-quote", "broken/unclosed-quote/flows.csv:2:36: error: a quoted field opens here and is never closed (a \" is missing)"),
        ("unit-mismatch", "broken/unit-mismatch/quantities.csv:3:21: error: unit \"kt\" of output does not match chain.toml, which gives output in t"),
        ("flow-unit-mismatch", "broken/flow-unit-mismatch/flows.csv:2:23: error: unit \"kt\" of flows does not match chain.toml, which gives flows in t (flow_unit)"),
        ("year-outside", "broken/year-outside/quantities.csv:3:12: error: year 2031 is outside the chain's years 2020..2021 (first_year and last_year in chain.toml)"),
        ("spectral-radius", "broken/spectral-radius/flows.csv:3:1: error: the flows of 2020 (A = Z x̂⁻¹ with the outputs of 2020) have spectral radius 1.41 ≥ 1 around the loop 钒钢→scrap→钒钢: the Leontief and Ghosh inverses would not exist (a shock would grow without bound)"),
        ("unknown-kind", "broken/unknown-kind/flows.csv:2:13: error: unknown kind \"flux\" (expected flow, forward or backward)"),
        ("negative-flow", "broken/negative-flow/flows.csv:2:18: error: a flow cannot be negative (-80 t from ore to 钒钢)"),
        ("undeclared-quantity", "broken/undeclared-quantity/quantities.csv:3:5: error: quantity \"water\" has no unit in chain.toml: add it under [units], e.g. water = \"t\""),
        ("bad-toml", "broken/bad-toml/chain.toml:5:14: error: invalid TOML: Error while parsing value: could not determine value type"),
        ("unknown-key", "broken/unknown-key/chain.toml:5:1: error: unknown key \"fist_year\" in [chain] (expected name, title, first_year, last_year, year, flow_unit, new_units, default_shock, thousands, decimal, households)"),
        ("unknown-unit", "broken/unknown-unit/chain.toml:14:10: error: unknown unit \"tonnes\" for output (units are written with: t, kt, kg, 10^N t, day, year, USD, EUR, CNY (= RMB), kUSD, thousand, million, billion, t CO2, %, and 1 for a plain number; a unit of the chain's own is declared in [chain]: new_units = [\"WORD\"])"),
        ("no-flow-unit", "good/flows.csv:2:13: error: a flow needs the unit of flows: add flow_unit (e.g. flow_unit = \"t\") to [chain] in chain.toml"),
        ("keyword-stage", "broken/keyword-stage/chain.toml:34:6: error: stage id \"in\" clashes with the keyword in (keywords cannot be names)"),
        ("undeclared-unit", "broken/undeclared-unit/chain.toml:16:14: error: unknown unit \"jobs\" for employment (units are written with: t, kt, kg, 10^N t, day, year, USD, EUR, CNY (= RMB), kUSD, thousand, million, billion, t CO2, %, and 1 for a plain number; a unit of the chain's own is declared in [chain]: new_units = [\"WORD\"])"),
    ])
    func brokenChainIsRejected(name: String, expected: String) throws {
        #expect(try Self.loadError(Self.fixtures + "/broken/" + name) == expected)
    }

    /// Table headers the TOML parser underneath asserted on (found by fuzzing the chain
    /// loader): each is a load error at its line now, never an abort.
    @Test(arguments: ["[*x]", "[.chain]", "[+x]", "[#x]", "[{a=1}]", "[[[x]]]", "[ *iles]", "[钒]", "[\rchain]", "[", "[[  "])
    func tableHeadersThatAreNotKeys(header: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-toml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("[chain]\nname = \"demo\"\n\(header)\n".utf8).write(to: dir.appendingPathComponent("chain.toml"))
        do {
            _ = try Chain.load(manifest: dir.path)
            Issue.record("\(header) loaded")
        } catch let error as ChainLoadError {
            #expect(error.line == 3 && error.message.hasPrefix("invalid TOML: a table header needs a key after '['"), "\(error)")
        }
    }

    @Test func everyBrokenFixtureHasATest() throws {
        let cases = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures + "/broken").filter { !$0.hasPrefix(".") }
        #expect(cases.count == 23, "\(cases.sorted())")
    }

    @Test func missingManifestAndDirectory() throws {
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-no-such-\(UUID().uuidString)").path
        #expect(try Self.loadError(nowhere) == "\(nowhere): error: chain manifest not found")
        let empty = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(try Self.loadError(empty) == "\(empty): error: no chain.toml (nor pymrio's file_parameters.json) in this directory")
    }

    /// Writes a chain (manifest + files) into a new temporary directory and returns it.
    static func write(_ files: [String: Data]) throws -> String {
        let directory = try temporaryDirectory()
        for (name, data) in files { try data.write(to: URL(fileURLWithPath: directory + "/" + name)) }
        return directory
    }

    static let smallManifest = """
        [chain]
        name = "small"
        first_year = 2020
        last_year = 2020
        flow_unit = "t"
        [files]
        quantities = "q.csv"
        linkages = ["f1.csv", "f2.csv"]
        [units]
        output = "t"
        [[stages]]
        id = "a"
        [[stages]]
        id = "b"
        """

    @Test func byteOrderMarkCRLFAndSeveralFiles() throws {
        let quantities = "\u{FEFF}stage,quantity,year,value,unit,source\r\na,output,2020,10,t,\"Table 1, col 2\"\r\nb,output,2020,20,t,Table 1\r\n"
        let directory = try Self.write([
            "chain.toml": Data(Self.smallManifest.utf8), "q.csv": Data(quantities.utf8),
            "f1.csv": Data("from,to,year,kind,value,unit,source\r\na,b,2020,flow,4,t,T\r\n".utf8),
            "f2.csv": Data("from,to,year,kind,value,unit,source,note\nb,a,2020,flow,1,t,T,back\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let chain = try Chain.load(manifest: directory)
        #expect(chain.quantities[QuantityKey(stage: "a", quantity: "output", year: 2020)]?.provenance.source == "Table 1, col 2")
        #expect(chain.linkages[LinkageKey(from: "b", to: "a", kind: .flow, year: 2020)]?.provenance.note == "back")
        #expect(chain.stage("a")?.name == "a")  // a stage without a name is called by its id

        // A repeat across files names the file of the first.
        try Data("from,to,year,kind,value,unit,source\na,b,2020,flow,5,t,T\n".utf8).write(to: URL(fileURLWithPath: directory + "/f2.csv"))
        #expect(try Self.loadError(directory) == "\(directory)/f2.csv:2:1: error: duplicate flow a→b for 2020 (first given on \(directory)/f1.csv:2)")
    }

    // MARK: A chain with a stages file, written inline: one broken file at a time

    /// A two-stage chain with its stages in `stages.csv`, undated and dated quantities, and
    /// forward and backward coefficients (no flows).
    static let twoStageFiles = [
        "chain.toml": """
            [chain]
            name = "test"
            title = "a test chain"
            first_year = 2015
            last_year = 2016
            [files]
            stages = "stages.csv"
            quantities = "quantities.csv"
            linkages = "linkages.csv"
            [units]
            output = "t"
            cost = "million RMB"
            """,
        "stages.csv": """
            id,name,description
            S1,first,the first stage
            S2,second,"the second stage, with a comma"
            """,
        "quantities.csv": """
            stage,quantity,year,value,unit,source,note
            S1,output,2015,1.50,t,Table X,
            S2,cost,,0.070,million RMB,§1,year not stated
            S1,cost,2016,1.5e-3,million RMB,§1,"printed as ""1.5e-3"", in scientific notation"
            """,
        "linkages.csv": """
            from,to,year,kind,value,unit,source,note
            S1,S2,2015,forward,0.042,1,Table S1,
            S1,S2,2016,forward,0.045,1,Table S1,
            S1,S2,2015,backward,0.028,1,Table S2,
            S2,S1,2016,backward,0.00110,1,Table S2,
            """,
    ]

    /// Writes the two-stage chain into a new temporary directory, with `changed` files in place of
    /// its own (`nil` leaves the file out), and returns the directory.
    static func writeTwoStage(_ changed: [String: String?] = [:]) throws -> String {
        var texts = twoStageFiles
        for (name, text) in changed { texts[name] = text }
        return try write(texts.mapValues { Data(($0 + "\n").utf8) })
    }

    /// The load error of the two-stage chain with `changed` files, its files shown relative to
    /// the chain's directory.
    static func twoStageError(_ changed: [String: String?]) throws -> String {
        let directory = try writeTwoStage(changed)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try loadError(directory).replacingOccurrences(of: directory + "/", with: "")
    }

    @Test func stagesFileChainLoads() throws {
        let directory = try Self.writeTwoStage()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let chain = try Chain.load(manifest: directory)
        #expect(chain.name == "test")
        #expect(chain.stages.map(\.id) == ["S1", "S2"])
        #expect(chain.stage("S2")?.description == "the second stage, with a comma")
        #expect(chain.years == 2015...2016)
        #expect(chain.quantityNames == ["output", "cost"])
        let undated = try #require(chain.quantities[QuantityKey(stage: "S2", quantity: "cost", year: nil)])
        #expect(undated.text == "0.070")
        #expect(undated.value == 0.07)
        #expect(undated.unit == "million RMB")
        #expect(undated.provenance == Provenance(source: "§1", note: "year not stated"))
        let output = try #require(chain.quantities[QuantityKey(stage: "S1", quantity: "output", year: 2015)])
        #expect(output.text == "1.50")
        #expect(output.provenance.note == nil)
        let cost = try #require(chain.quantities[QuantityKey(stage: "S1", quantity: "cost", year: 2016)])
        #expect(cost.value == 0.0015)
        #expect(cost.provenance.note == "printed as \"1.5e-3\", in scientific notation")
        #expect(chain.linkages[LinkageKey(from: "S2", to: "S1", kind: .backward, year: 2016)]?.text == "0.00110")
    }

    @Test func misnamedAndExtraColumns() throws {
        #expect(try Self.twoStageError(["linkages.csv": """
            from,to,year,knid,value,unit,source,note
            S1,S2,2015,forward,0.042,1,Table S1,
            """]) == "linkages.csv:1:14: error: unknown column \"knid\" (expected columns: from,to,year,kind,value,unit,source[,note][,flag])")
        #expect(try Self.twoStageError(["stages.csv": """
            id,name,description,colour
            S1,first,the first stage,red
            """]) == "stages.csv:1:21: error: unknown column \"colour\" (expected columns: id,name[,description])")
    }

    @Test func wrongFieldCount() throws {
        // The blank line 3 is skipped but counted.
        #expect(try Self.twoStageError(["quantities.csv": """
            stage,quantity,year,value,unit,source,note
            S1,output,2015,1.50,t,Table X,

            S2,cost,2015,1.50,million RMB,Table X
            """]) == "quantities.csv:4: error: row has 6 fields, expected 7 (stage,quantity,year,value,unit,source[,note][,flag])")
    }

    @Test func unknownStageOfAQuantity() throws {
        #expect(try Self.twoStageError(["quantities.csv": """
            stage,quantity,year,value,unit,source,note
            S1,output,2015,1.50,t,Table X,
            S9,output,2015,1.50,t,Table X,
            """]) == "quantities.csv:3:1: error: unknown stage \"S9\" (stages are S1, S2)")
    }

    @Test func duplicateRows() throws {
        #expect(try Self.twoStageError(["linkages.csv": """
            from,to,year,kind,value,unit,source,note
            S1,S2,2015,forward,0.042,1,Table S1,
            S1,S2,2016,forward,0.045,1,Table S1,
            S1,S2,2015,forward,0.043,1,Table S1,
            """]) == "linkages.csv:4:1: error: duplicate forward coefficient S1→S2 for 2015 (first given on line 2)")
        #expect(try Self.twoStageError(["quantities.csv": """
            stage,quantity,year,value,unit,source,note
            S2,cost,,0.070,million RMB,§1,
            S2,cost,,0.071,million RMB,§1,
            """]) == "quantities.csv:3:1: error: duplicate row for S2 cost (no year) (first given on line 2)")
        #expect(try Self.twoStageError(["stages.csv": """
            id,name,description
            S1,first,x
            S1,again,y
            """]) == "stages.csv:3:1: error: duplicate stage \"S1\" (first given on line 2)")
    }

    @Test func missingStageID() throws {
        #expect(try Self.twoStageError(["stages.csv": """
            id,name,description
            S1,first,x
            ,second,y
            """]) == "stages.csv:3:1: error: missing stage id")
    }

    @Test func badYears() throws {
        #expect(try Self.twoStageError(["linkages.csv": """
            from,to,year,kind,value,unit,source,note
            S1,S2,20x5,forward,0.042,1,Table S1,
            """]) == "linkages.csv:2:7: error: year \"20x5\" is not a whole number")
        #expect(try Self.twoStageError(["linkages.csv": """
            from,to,year,kind,value,unit,source,note
            S2,S1,,backward,0.00110,1,Table S2,
            """]) == "linkages.csv:2:7: error: missing year (every backward coefficient needs one)")
        // The chain's years are the manifest's: a span too long to lay out year by year is its error.
        let manifest = try #require(Self.twoStageFiles["chain.toml"]).replacingOccurrences(of: "first_year = 2015", with: "first_year = 1")
            .replacingOccurrences(of: "last_year = 2016", with: "last_year = 9999")
        #expect(try Self.twoStageError(["chain.toml": manifest])
            == "chain.toml:5:13: error: the chain's years 1..9999 span more than 1000 years")
    }

    @Test func missingUnit() throws {
        #expect(try Self.twoStageError(["quantities.csv": """
            stage,quantity,year,value,unit,source,note
            S1,output,2015,1.50,,Table X,
            """]) == "quantities.csv:2:21: error: missing unit of output: chain.toml gives output in t")
        #expect(try Self.twoStageError(["linkages.csv": """
            from,to,year,kind,value,unit,source,note
            S1,S2,2015,forward,0.042,,Table S1,
            """]) == "linkages.csv:2:26: error: missing unit of forward coefficients: chain.toml gives forward coefficients in 1 (they are plain numbers)")
    }

    @Test func missingDataFile() throws {
        #expect(try Self.twoStageError(["linkages.csv": nil]) == "linkages.csv: error: missing file linkages.csv")
    }

    @Test func malformedQuoting() throws {
        #expect(try Self.twoStageError(["quantities.csv": """
            stage,quantity,year,value,unit,source,note
            S1,output,2015,1.50,t,Table X,
            S1,output,2016,"1.50"x,t,Table X,
            """]) == "quantities.csv:3: error: malformed CSV: Can't have non-quote here: x")
    }

    @Test func plainDecimalNumbers() {
        for bad in ["1.2.3", "e5", ".", "0x10", "1e", "12 t", "inf", "NaN", "１２", "1,234", "abc"] {
            #expect(!Chain.isPlainDecimal(bad), "\(bad)")
        }
        for good in ["0", "0.070", "113947", "-1.5", "+2", ".5", "5.", "1.5e-3", "2E+10"] {
            #expect(Chain.isPlainDecimal(good), "\(good)")
        }
    }

    @Test func errorDescriptions() {
        #expect(ChainLoadError(file: "q.csv", line: 0, message: "bad").description == "q.csv: error: bad")
        #expect(ChainLoadError(file: "q.csv", line: 3, column: 7, message: "bad").description == "q.csv:3:7: error: bad")
        #expect(ChainLoadError(file: "q.csv", line: 3, column: nil, message: "bad").description == "q.csv:3: error: bad")
    }

    @Test func nonASCIIStagesPrintAligned() throws {
        let h = try Harness()
        #expect(h.run("load \"\(Self.good)/chain.toml\" as demo") == "")
        let out = h.run("demo.A[2020]")
        let lines = out.split(separator: "\n").dropFirst().map(String.init)
        #expect(lines.count == 4)
        // Right-aligned numbers: every line of the grid has the same display width.
        #expect(Set(lines.map(DisplayWidth.of)).count == 1, "\(out)")
        #expect(lines[2].hasPrefix("钒钢     0"), "\(out)")
        #expect(h.run("demo.钒钢.cost[2021]") == "1.25 million RMB")
    }

    @Test func aFailedLoadLeavesTheSessionAsItWas() throws {
        let h = try Harness()
        #expect(h.run("load \"\(Self.good)\" as li") == "")
        let broken = Self.fixtures + "/broken/unit-mismatch"
        let out = h.run("load \"\(broken)\" as li")
        #expect(out.hasPrefix("t:1:6: error: \(broken)/quantities.csv:3:21: unit \"kt\" of output does not match chain.toml"), "\(out)")
        #expect(h.run("li.钒钢.output[2020]") == "90 t")  // the good chain is still there
        // One input is all or nothing: a good load before a bad one is undone too.
        _ = h.run("load \"\(Self.good)\" as other\nload \"\(broken)\" as third")
        #expect(h.run("other").contains("unknown name 'other'"))
        #expect(h.run("load \"\(Self.good)\" as vanadium").contains("'vanadium' is the session's own chain"))
    }

    @Test func builtInChainIsAManifest() throws {
        let chain = try Chain.vanadium()
        #expect(chain.name == "vanadium")
        #expect(chain.years == 2015...2022)
        #expect(chain.units["unit_cost"] == ["million RMB/t", "million RMB"])
        #expect(try Chain.vanadiumManifestPath().hasSuffix("vmp_VMPCore.resources/vanadium/chain.toml"))
    }

    @Test func builtInResourceFolderIsFound() throws {
        let directory = try Chain.resourceDirectory("vanadium")
        #expect(directory.path.hasSuffix("vmp_VMPCore.resources/vanadium"))
        #expect(throws: ChainLoadError.self) {
            try Chain.resourceDirectory("no-such-dataset")
        }
    }

    @Test func manifestLocatorFindsKeys() {
        let locator = TOMLLocator("# c\n[chain]\n  name = \"x\"\n[[stages]]\nid = \"a\"\n[[stages]]\nid=\"b\"\n[units]\n\"钒\" = \"t\"\n")
        #expect(locator.value("chain", "name") == TOMLLocator.Place(line: 3, column: 10))
        #expect(locator.key("stages#1", "id") == TOMLLocator.Place(line: 7, column: 1))
        #expect(locator.value("stages#1", "id") == TOMLLocator.Place(line: 7, column: 4))
        #expect(locator.key("units", "钒") == TOMLLocator.Place(line: 9, column: 1))
        #expect(locator.header("stages#0")?.line == 4)
    }

    @Test func pathsAreFoldedForDisplay() {
        #expect(Chain.joined("a/b", "../c.csv") == "a/c.csv")
        #expect(Chain.joined("/x/./y", "z.csv") == "/x/y/z.csv")
        #expect(Chain.joined("", "z.csv") == "z.csv")
        #expect(Chain.joined("a", "/abs.csv") == "/abs.csv")
        #expect(Chain.directoryPart("a/b/c.toml") == "a/b")
        #expect(Chain.directoryPart("c.toml") == "")
    }
}
