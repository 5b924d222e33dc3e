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
