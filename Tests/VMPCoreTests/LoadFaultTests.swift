import Foundation
import Testing
@testable import VMPCore

/// Faults an input-output analyst met bringing a table (issue 13 §3), each with its failing input:
/// a flow and a published coefficient for one pair, coefficients outside [0, 1], shares of one
/// stage above 1, and stage ids that would hide a built-in, keyword or chain.
@Suite struct LoadFaultTests {
    static func manifest(stages: [String] = ["agri", "manu"], name: String = "mb") -> String {
        """
        [chain]
        name = "\(name)"
        first_year = 2020
        last_year = 2020
        flow_unit = "t"
        [files]
        quantities = "q.csv"
        linkages = "f.csv"
        [units]
        output = "t"
        """ + stages.map { "\n[[stages]]\nid = \"\($0)\"" }.joined() + "\n"
    }

    static let outputs = "stage,quantity,year,value,unit,source\nagri,output,2020,1000,t,T\nmanu,output,2020,2000,t,T\n"

    /// The error of loading a two-stage chain with these linkage rows, the directory cut off.
    static func error(links: String, manifest: String = manifest(), quantities: String = outputs) throws -> String {
        let directory = try ChainFilesTests.write([
            "chain.toml": Data(manifest.utf8), "q.csv": Data(quantities.utf8),
            "f.csv": Data(("from,to,year,kind,value,unit,source\n" + links).utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try ChainFilesTests.loadError(directory).replacingOccurrences(of: directory + "/", with: "")
    }

    /// B showed the published 0.6 while G, linkages and shocks used the flow's 0.5: now a load
    /// error naming both rows, in either order.
    @Test func flowAndCoefficientForOnePairIsAnError() throws {
        #expect(try Self.error(links: "agri,manu,2020,flow,500,t,T\nagri,manu,2020,forward,0.6,1,T\n")
            == "f.csv:3:16: error: forward coefficient agri→manu for 2020 is also given as a flow (on line 2): give the flow or the coefficient, not both (the coefficient follows from the flow and the outputs)")
        #expect(try Self.error(links: "agri,manu,2020,backward,0.25,1,T\nagri,manu,2020,flow,500,t,T\n")
            == "f.csv:3:16: error: flow agri→manu for 2020 is also given as a backward coefficient (on line 2): give the flow or the coefficient, not both (the coefficient follows from the flow and the outputs)")
    }

    @Test(arguments: [
        ("agri,manu,2020,forward,40,1,T\n", "f.csv:2:24: error: a forward coefficient is a share between 0 and 1, not 40 (agri to manu)"),
        ("agri,manu,2020,backward,-0.4,1,T\n", "f.csv:2:25: error: a backward coefficient is a share between 0 and 1, not -0.4 (agri to manu)"),
        ("agri,manu,2020,forward,0.7,1,T\nagri,agri,2020,forward,0.4,1,T\n",
         "f.csv:3:24: error: the forward coefficients of agri (shares of its output delivered to each stage) for 2020 sum to 1.1 > 1"),
        ("agri,manu,2020,backward,0.5,1,T\nmanu,manu,2020,backward,0.6,1,T\n",
         "f.csv:3:25: error: the backward coefficients of manu (inputs per unit of its output) for 2020 sum to 1.1 > 1"),
    ])
    func coefficientsOutsideTheirRangeAreErrors(links: String, expected: String) throws {
        #expect(try Self.error(links: links) == expected)
    }

    /// Shares summing to exactly 1 load.
    @Test func sharesSummingToOneLoad() throws {
        let directory = try ChainFilesTests.write([
            "chain.toml": Data(Self.manifest().utf8), "q.csv": Data(Self.outputs.utf8),
            "f.csv": Data("from,to,year,kind,value,unit,source\nagri,manu,2020,forward,0.75,1,T\nagri,agri,2020,forward,0.25,1,T\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try Chain.load(manifest: directory).linkages.count == 2)
    }

    /// A stage named like a built-in, keyword or chain would hide it (stages resolve first).
    @Test(arguments: [
        ("L", "chain.toml:12:6: error: stage id \"L\" clashes with the built-in L: the stage would hide it (choose another id)"),
        ("G", "chain.toml:12:6: error: stage id \"G\" clashes with the built-in G: the stage would hide it (choose another id)"),
        ("link", "chain.toml:12:6: error: stage id \"link\" clashes with the built-in link: the stage would hide it (choose another id)"),
        ("sum", "chain.toml:12:6: error: stage id \"sum\" clashes with the built-in sum: the stage would hide it (choose another id)"),
        ("vanadium", "chain.toml:12:6: error: stage id \"vanadium\" clashes with the chain name vanadium: the stage would hide the chain (choose another id)"),
        ("mb", "chain.toml:12:6: error: stage id \"mb\" clashes with the chain name mb: the stage would hide the chain (choose another id)"),
        ("shock", "chain.toml:12:6: error: stage id \"shock\" clashes with the keyword shock (keywords cannot be names)"),
    ])
    func stageIDThatHidesANameIsRejected(id: String, expected: String) throws {
        #expect(try Self.error(links: "", manifest: Self.manifest(stages: [id, "manu"])) == expected)
    }

    /// The same rule for a stages file.
    @Test func stagesFileIDThatHidesABuiltinIsRejected() throws {
        let manifest = "[chain]\nname = \"mb\"\nfirst_year = 2020\nlast_year = 2020\n[files]\nstages = \"s.csv\"\n"
        let directory = try ChainFilesTests.write(["chain.toml": Data(manifest.utf8), "s.csv": Data("id,name\nagri,a\nsum,s\n".utf8)])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try Chain.load(manifest: directory)
            Issue.record("expected an error")
        } catch let error as ChainLoadError {
            #expect(error.description == "\(directory)/s.csv:3:1: error: stage id \"sum\" clashes with the built-in sum: the stage would hide it (choose another id)")
        }
    }
}

/// `default_shock` in a manifest: the direction of a shock written without `push`/`pull`.
@Suite struct DefaultShockTests {
    static func copper(defaultShock: String?) throws -> String {
        let original = packageRoot.appendingPathComponent("Scripts/chains/copper").path
        var manifest = try String(contentsOfFile: original + "/chain.toml", encoding: .utf8)
        if let defaultShock {
            manifest = manifest.replacingOccurrences(of: "flow_unit = \"kt\"", with: "flow_unit = \"kt\"\ndefault_shock = \"\(defaultShock)\"")
        }
        var files = ["chain.toml": Data(manifest.utf8)]
        for name in ["flows.csv", "quantities.csv"] { files[name] = try Data(contentsOf: URL(fileURLWithPath: original + "/" + name)) }
        return try ChainFilesTests.write(files)
    }

    @Test func pullDefaultIsUsedAndSurvivesExport() throws {
        let directory = try Self.copper(defaultShock: "pull")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let chain = try Chain.load(manifest: directory)
        #expect(chain.defaultShock == .pull)
        let session = Session(chain: chain, formatter: Formatter())
        func totals(_ source: String) -> String {
            var lines: [String] = []
            _ = session.run(source) { lines.append($0) }
            return lines.joined(separator: "\n")
        }
        #expect(totals("shock refining by +10% in 2020") == totals("shock refining by +10% in 2020 pull"))
        #expect(totals("shock refining by +10% in 2020") != totals("shock refining by +10% in 2020 push"))
        // The manifest written by export keeps it.
        #expect(chain.manifestText().contains("default_shock = \"pull\""))
        #expect(try Chain.load(manifest: Self.copper(defaultShock: nil)).defaultShock == .push)
    }

    @Test func anotherValueIsAnError() throws {
        let directory = try Self.copper(defaultShock: "sideways")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try ChainFilesTests.loadError(directory).hasSuffix("error: default_shock is \"pull\" or \"push\", not \"sideways\""))
    }
}

/// `thousands` and `decimal` in [chain]: numbers as a spreadsheet wrote them.
@Suite struct NumberStyleTests {
    static func load(_ settings: String, _ value: String) throws -> Result<Double, ChainLoadError> {
        let manifest = LoadFaultTests.manifest().replacingOccurrences(of: "flow_unit = \"t\"", with: "flow_unit = \"t\"\n" + settings)
        let directory = try ChainFilesTests.write([
            "chain.toml": Data(manifest.utf8),
            "q.csv": Data("stage,quantity,year,value,unit,source\nagri,output,2020,\"\(value)\",t,T\nmanu,output,2020,2,t,T\n".utf8),
            "f.csv": Data("from,to,year,kind,value,unit,source\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            let chain = try Chain.load(manifest: directory)
            return .success(chain.quantities[QuantityKey(stage: "agri", quantity: "output", year: 2020)]?.value ?? .nan)
        } catch let error as ChainLoadError {
            var shown = error
            shown.file = shown.file.replacingOccurrences(of: directory + "/", with: "")
            return .failure(shown)
        }
    }

    @Test(arguments: [
        ("thousands = \",\"", "1,234,567.5", 1234567.5),
        ("thousands = \",\"", "-1,234", -1234),
        ("thousands = \",\"", "999", 999),
        ("decimal = \",\"", "3,25", 3.25),
        ("thousands = \".\"\ndecimal = \",\"", "1.234,5", 1234.5),
        ("thousands = \" \"\ndecimal = \",\"", "12 345,75", 12345.75),
    ])
    func styledNumbersLoad(settings: String, value: String, expected: Double) throws {
        #expect(try Self.load(settings, value).get() == expected)
    }

    @Test func badGroupingAndSettingsAreErrors() throws {
        guard case .failure(let grouping) = try Self.load("thousands = \",\"", "12,34") else { Issue.record("12,34 loaded"); return }
        #expect(grouping.message.hasPrefix("value \"12,34\" is not a plain decimal number"))
        guard case .failure(let plain) = try Self.load("", "1,234") else { Issue.record("1,234 loaded without thousands"); return }
        #expect(plain.message == "value \"1,234\" is not a plain decimal number (it has a thousands separator; write 1234)")
        guard case .failure(let same) = try Self.load("thousands = \",\"\ndecimal = \",\"", "1") else { Issue.record("loaded"); return }
        #expect(same.message == "thousands and decimal are both \",\"")
        guard case .failure(let other) = try Self.load("decimal = \";\"", "1") else { Issue.record("loaded"); return }
        #expect(other.message == "decimal is \".\" or \",\", not \";\"")
    }
}

extension LoadFaultTests {
    /// An output of 10^306 in 10^4 t is 10^310 t, beyond a Double: the error was printed as the
    /// enum case (`notFinite(what: "x[agri]")`); now it is a sentence naming the stage.
    @Test func outputBeyondADoubleIsASentence() throws {
        let manifest = Self.manifest().replacingOccurrences(of: "output = \"t\"", with: "output = \"10^4 t\"")
        let quantities = "stage,quantity,year,value,unit,source\nagri,output,2020,1e306,10^4 t,T\nmanu,output,2020,2000,10^4 t,T\n"
        let directory = try ChainFilesTests.write([
            "chain.toml": Data(manifest.utf8), "q.csv": Data(quantities.utf8),
            "f.csv": Data("from,to,year,kind,value,unit,source\nagri,manu,2020,flow,5,t,T\n".utf8),
        ])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = Session(chain: try Chain.load(manifest: directory + "/chain.toml"), formatter: Formatter())
        let outcome = session.run("A[2020]") { _ in }
        #expect(outcome.diagnostics.map { $0.message }
            == ["the model failed for 2020: x[agri] is not a finite number: a value or a result is beyond ±1.8 × 10^308"])
    }

    /// Every model and linear-algebra error reads as a sentence, not as a Swift enum case.
    @Test(arguments: [IOModelError.notFinite(what: "x[agri]"), .zeroOutput(stage: "agri"), .singular(pivot: 2),
                      .notConvergent(spectralRadius: 1.5), .invalidRounds(-1), .undefinedIndex,
                      .linearAlgebra(.notFinite), .linearAlgebra(.tooLarge(dimension: 1 << 40)),
                      .linearAlgebra(.lapack(routine: "dgetrf", info: 3))])
    func modelErrorsAreSentences(error: IOModelError) {
        let text = "\(error)"
        #expect(!text.contains("(what:") && !text.contains("IOModelError") && !text.contains("linearAlgebra("), "\(text)")
        #expect(text.contains(" "), "\(text)")
    }
}
