import Foundation
import Testing
@testable import VMPCore

/// A folder saved by pymrio (Fixtures/pymrio/testmrio, written by Scripts/pymrio/make_fixture.py
/// from pymrio 0.7's test system after calc_all()) loads as a chain, and vmp's L, output
/// multipliers and emission multipliers equal the L and M pymrio saved beside the flows.
@Suite struct PymrioFolderTests {
    static let folder = DatasetTests.packageRoot.appendingPathComponent("Tests/VMPCoreTests/Fixtures/pymrio/testmrio").path

    /// The numbers of a pymrio table (two label columns, `headerRows` header rows, then pandas'
    /// row of index names), read here with a plain split so the check does not use the loader.
    static func pymrioMatrix(_ file: String, headerRows: Int = 3) throws -> [[Double]] {
        let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
        return text.split(separator: "\n").dropFirst(headerRows).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).dropFirst(2).compactMap { Double($0) }
        }
    }

    static let range = SourceRange(start: 0, end: 0, line: 1, column: 1)

    /// |vmp − pymrio| ≤ 1e-9 · |pymrio| for every entry (relative; pymrio writes 12 significant
    /// digits, so vmp's L from the written Z and x differs from pymrio's by about 1e-11).
    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * abs(b) }

    @Test func leontiefInverseOutputAndEmissionMultipliersEqualPymriosTo1e9() throws {
        let chain = try Chain.load(manifest: Self.folder, name: "m", year: 2019)
        #expect(chain.stages.count == 48)
        #expect(chain.stages[0].id == "reg1_food" && chain.stages[0].name == "reg1 / food")
        let context = ChainContext(chain: chain, models: ModelCache(), formatter: Formatter(), isInterrupted: { false })
        let system = try context.system(2019, Self.range)
        let l = try system.L
        let pymrioL = try Self.pymrioMatrix("L.txt")
        #expect(pymrioL.count == 48 && pymrioL.allSatisfy { $0.count == 48 })
        var worst = 0.0
        for i in 0..<48 { for j in 0..<48 { worst = max(worst, abs(l[i, j] - pymrioL[i][j]) / abs(pymrioL[i][j])) } }
        #expect(worst <= 1e-9, "largest relative difference of L: \(worst)")

        // Output multipliers: column sums of L.
        let multipliers = try system.outputMultipliers()
        for j in 0..<48 {
            let expected = (0..<48).reduce(0.0) { $0 + pymrioL[$1][j] }
            #expect(Self.close(multipliers[j], expected), "output multiplier \(j): \(multipliers[j]) vs \(expected)")
        }

        // Emission multipliers of emission_type1 (air): S·L against pymrio's M, row 1.
        let s = chain.stages.map { chain.quantities[QuantityKey(stage: $0.id, quantity: "S_emission_type1_air", year: 2019)]?.value ?? .nan }
        let m = try system.multipliers(intensity: s)
        let pymrioM = try Self.pymrioMatrix("emissions/M.txt")[0]
        #expect(pymrioM.count == 48)
        for j in 0..<48 { #expect(Self.close(m[j], pymrioM[j]), "M[\(j)]: \(m[j]) vs \(pymrioM[j])") }
    }

    /// The same multipliers through the language: `multipliers(S_…[2019], 2019)` in kg.
    @Test func emissionMultipliersThroughTheLanguage() throws {
        let session = Session(chain: try Chain.vanadium(), formatter: Formatter(precision: 9))
        var lines: [String] = []
        let source = "load \"\(Self.folder)\" as m year 2019\nm.multipliers(m.S_emission_type1_air[2019], 2019)"
        let outcome = session.run(source) { lines.append($0) }
        #expect(outcome.succeeded, "\(Session.render(outcome.diagnostics, source: source, name: "t"))")
        #expect(lines.joined(separator: "\n").contains("reg1_food"))
        #expect(lines.joined(separator: "\n").contains("10.8648538"))
    }

    @Test func aFolderWithoutAYearNeedsOne() throws {
        do {
            _ = try Chain.load(manifest: Self.folder)
            Issue.record("loaded without a year")
        } catch let error as ChainLoadError {
            #expect(error.message.hasPrefix("a pymrio folder has no year: give it when loading"))
        }
    }

    /// Hostile copies of the folder: each gives an error at the file, line and column.
    @Test func brokenFoldersGiveLocatedErrors() throws {
        let fm = FileManager.default
        func broken(_ edit: (String) throws -> Void) throws -> String {
            let dir = try ChainFilesTests.temporaryDirectory()
            defer { try? fm.removeItem(atPath: dir) }
            let copy = dir + "/mrio"
            try fm.copyItem(atPath: Self.folder, toPath: copy)
            try edit(copy)
            do {
                _ = try Chain.load(manifest: copy, year: 2019)
                Issue.record("expected an error")
                return ""
            } catch let error as ChainLoadError {
                return error.description.replacingOccurrences(of: copy + "/", with: "")
            }
        }
        func replace(_ file: String, _ old: String, _ new: String) throws {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try text.replacingOccurrences(of: old, with: new, options: [], range: text.range(of: old)).write(toFile: file, atomically: true, encoding: .utf8)
        }
        // A negative flow (the first number of Z, line 4, column 11).
        #expect(try broken { try replace($0 + "/Z.txt", "23697.221", "-23697.221") }
                == "Z.txt:4:11: error: a flow cannot be negative (-23697.221 from reg1 / food to reg1 / food)")
        #expect(try broken { try replace($0 + "/Z.txt", "23697.221", "abc") }
                == "Z.txt:4:11: error: value \"abc\" is not a plain decimal number")
        #expect(try broken { try replace($0 + "/x.txt", "reg1\tfood", "reg9\tfood") }
                == "x.txt:2:1: error: x has a row for reg9 / food, which is not a sector of Z")
        #expect(try broken { try replace($0 + "/file_parameters.json", "\"files\"", "\"fils\"") }
                == "file_parameters.json: error: not pymrio's file parameters: expected a JSON object with \"files\"")
        #expect(try broken { try fm.removeItem(atPath: $0 + "/Z.txt") } == "Z.txt: error: missing file Z.txt")
    }
}

/// pymrio's unit texts as vmp units (``PymrioUnits``): only where the meaning is certain.
@Suite struct PymrioUnitTests {
    @Test func theMappingTable() {
        let known: [(String, String)] = [
            ("Mill USD", "million USD"), ("Mill. USD", "million USD"), ("M.EUR", "million EUR"), ("M EUR", "million EUR"),
            ("Mio EUR", "million EUR"), ("million CNY", "million CNY"), ("Million USD", "million USD"), ("1000 USD", "thousand USD"),
            ("thousand EUR", "thousand EUR"), ("k EUR", "thousand EUR"), ("kUSD", "thousand USD"), ("bn USD", "billion USD"),
            ("billion RMB", "billion RMB"), ("USD", "USD"), ("EUR", "EUR"), ("kg", "kg"), ("t", "t"), ("tonnes", "t"),
            ("kt", "kt"), ("Gg", "kt"), ("Mt", "10^6 t"), ("  Mill   USD ", "million USD"),
        ]
        for (text, unit) in known {
            #expect(PymrioUnits.unit(text) == unit, "\(text)")
            #expect((try? UnitRegistry.resolve(unit)) != nil, "\(unit) resolves")
        }
        for text in ["kg CO2-eq", "TJ", "Mm3", "km2", "1000 p.", "MUSD", "Mill GBP", "USD2010", "mill USD", "", "M.EUR.", "Xmill USD"] {
            #expect(PymrioUnits.unit(text) == nil, "\(text) is not understood")
        }
        #expect(PymrioUnits.perOutput("kg", "million USD") == "kg/million USD")
        #expect(PymrioUnits.perOutput("million USD", "million USD") == "1")
        #expect(PymrioUnits.perOutput("kg", "1") == "kg")
        #expect(PymrioUnits.perOutput("1", "million USD") == "1")
    }

    /// The fixture says `Mill USD` for the core system and `kg` for the emissions: flows,
    /// outputs and final demand print in million USD, S and M = S L in kg/million USD.
    @Test func theFixturePrintsInMillionUSDAndKgPerMillionUSD() throws {
        let chain = try Chain.load(manifest: PymrioFolderTests.folder, name: "m", year: 2019)
        #expect(chain.flowUnit == "million USD")
        #expect(chain.units["output"] == ["million USD"] && chain.units["final_demand"] == ["million USD"])
        #expect(chain.units["F_emission_type1_air"] == ["kg"] && chain.units["S_emission_type1_air"] == ["kg/million USD"])
        #expect(chain.units["F_Value_Added"] == ["million USD"] && chain.units["S_Value_Added"] == ["1"])
        #expect(chain.notes.allSatisfy { !$0.contains("not understood") })
        let session = Session(chain: try Chain.vanadium(), formatter: Formatter(precision: 9))
        var lines: [String] = []
        let source = "load \"\(PymrioFolderTests.folder)\" as m year 2019\nm.output[2019][m.reg1_food]\nm.multipliers(m.S_emission_type1_air[2019], 2019)[m.reg1_food]\nm.Z[2019][m.reg1_food][m.reg1_food]"
        let outcome = session.run(source) { lines.append($0) }
        #expect(outcome.succeeded, "\(Session.render(outcome.diagnostics, source: source, name: "t"))")
        #expect(lines == ["239154.386473 million USD", "10.8648538 kg/million USD", "23697.221 million USD"])
    }

    /// A unit text vmp does not know: plain numbers, and a note naming the text.
    @Test func anUnknownUnitTextIsAPlainNumberWithANote() throws {
        let fm = FileManager.default
        let dir = try ChainFilesTests.temporaryDirectory()
        defer { try? fm.removeItem(atPath: dir) }
        let copy = dir + "/mrio"
        try fm.copyItem(atPath: PymrioFolderTests.folder, toPath: copy)
        for (file, old, new) in [("unit.txt", "Mill USD", "Mill GBP"), ("emissions/unit.txt", "kg", "kg CO2-eq")] {
            let text = try String(contentsOfFile: copy + "/" + file, encoding: .utf8)
            try text.replacingOccurrences(of: old, with: new).write(toFile: copy + "/" + file, atomically: true, encoding: .utf8)
        }
        let chain = try Chain.load(manifest: copy, name: "m", year: 2019)
        #expect(chain.flowUnit == "1")
        #expect(chain.units["output"] == ["1"] && chain.units["S_emission_type1_air"] == ["1"] && chain.units["F_emission_type1_air"] == ["1"])
        #expect(chain.notes.contains("unit text \"Mill GBP\" of unit.txt not understood: read as plain numbers"))
        #expect(chain.notes.contains("unit text \"kg CO2-eq\" of emissions/unit.txt not understood: its rows are plain numbers"))
        let s = chain.quantities[QuantityKey(stage: "reg1_food", quantity: "S_emission_type1_air", year: 2019)]
        #expect(s?.provenance.source.hasSuffix("(unit kg CO2-eq, not understood, read as a plain number)") == true)
    }
}
