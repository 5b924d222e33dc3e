import Foundation
import Testing
@testable import VMPCore

/// The built-in chain's generated form (`BuiltInChainData.swift`, read at start-up instead of
/// parsing `chain.toml` and its CSV files) stays what the general loader reads from the resource
/// folder: the same chain, value by value (digits as printed, unit, source, note, flags), and a
/// folder that differs from the generated texts by one byte is read by the general loader.
@Suite struct BuiltInChainTests {
    static let resources = packageRoot.appendingPathComponent("Sources/VMPCore/Resources/vanadium")
    static let generatedFile = packageRoot.appendingPathComponent("Sources/VMPCore/Chain/BuiltInChainData.swift")

    static func loaded(_ directory: URL) throws -> Chain {
        try Chain.load(manifest: directory.appendingPathComponent(Chain.manifestFileName).path)
    }

    /// Regenerate with `swift run vmp --dump-builtin-chain > Sources/VMPCore/Chain/BuiltInChainData.swift`.
    @Test func generatedFileIsCurrent() throws {
        let committed = try String(contentsOf: Self.generatedFile, encoding: .utf8)
        let fresh = try BuiltInVanadium.source(directory: Self.resources)
        #expect(committed == fresh,
                "BuiltInChainData.swift is stale: swift run vmp --dump-builtin-chain > Sources/VMPCore/Chain/BuiltInChainData.swift")
        // The texts it was made from are the resource files, byte for byte.
        #expect(BuiltInVanadium.files.map(\.name) == ["chain.toml", "stages.csv", "quantities.csv", "linkages.csv"])
        #expect(BuiltInVanadium.matches(Self.resources))
    }

    @Test func generatedChainIsTheLoadedChainValueByValue() throws {
        let general = try Self.loaded(Self.resources)
        let generated = BuiltInVanadium.chain()
        #expect(generated == general)
        #expect(generated.stages.map(\.chain) == general.stages.map(\.chain))
        #expect(generated.notes == general.notes)
        #expect(generated.idsFromNames == general.idsFromNames)
        #expect(generated.denseLinkages.isEmpty && general.denseLinkages.isEmpty)
        #expect(generated.identity != general.identity)
        #expect(Set(generated.quantities.keys) == Set(general.quantities.keys))
        #expect(generated.quantities.count == 53)
        for (key, value) in general.quantities {
            let other = try #require(generated.quantities[key], "\(key.label) missing")
            #expect(other.value.bitPattern == value.value.bitPattern, "\(key.label)")
            #expect(other.text == value.text, "\(key.label)")
            #expect(other.unit == value.unit, "\(key.label)")
            #expect(other.provenance == value.provenance, "\(key.label)")
        }
        #expect(Set(generated.linkages.keys) == Set(general.linkages.keys))
        #expect(generated.linkages.count == 80)
        for (key, value) in general.linkages {
            let other = try #require(generated.linkages[key], "\(key.label) missing")
            #expect(other.value.bitPattern == value.value.bitPattern, "\(key.label)")
            #expect(other.text == value.text && other.unit == value.unit && other.provenance == value.provenance, "\(key.label)")
        }
    }

    /// What the executable finds next to itself is the generated chain, and a session on it
    /// answers and cites as on the loaded one.
    @Test func builtInChainTakesTheGeneratedForm() throws {
        let directory = try Chain.resourceDirectory("vanadium")
        #expect(BuiltInVanadium.matches(directory))
        let chain = try Chain.vanadium()
        #expect(chain == (try Self.loaded(directory)))
        let fast = Session(chain: chain), general = Session(chain: try Self.loaded(directory))
        for source in ["S3.cost[2019]", ":source S3.cost[2019]", ":source pull(S2, S5)[2022]", "S1.emissions", "audit", "stages"] {
            var a: [String] = [], b: [String] = []  // printed text of each result
            _ = fast.run(source) { a.append($0) }
            _ = general.run(source) { b.append($0) }
            #expect(a == b, "\(source)")
            #expect(!a.isEmpty, "\(source)")
        }
    }

    /// One byte more in any file, an edited value, or a missing file: the folder is read by the
    /// general loader, with its values (or its errors).
    @Test func aChangedFolderIsReadByTheGeneralLoader() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-builtin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        for file in BuiltInVanadium.files.map(\.name) {
            try Data(contentsOf: Self.resources.appendingPathComponent(file)).write(to: base.appendingPathComponent(file))
        }
        #expect(BuiltInVanadium.matches(base))
        for file in BuiltInVanadium.files.map(\.name) {
            let copy = base.appendingPathComponent(file)
            let original = try Data(contentsOf: copy)
            var edited = original
            edited.append(UInt8(ascii: "\n"))
            try edited.write(to: copy)
            #expect(!BuiltInVanadium.matches(base), "\(file) with a newline added")
            try original.write(to: copy)
        }
        #expect(BuiltInVanadium.matches(base))

        // An edited value: not the generated data, and the loader reads the new digits.
        let quantities = base.appendingPathComponent("quantities.csv")
        let text = try String(contentsOf: quantities, encoding: .utf8)
        try text.replacingOccurrences(of: ",2019,37.979,", with: ",2019,37.978,").write(to: quantities, atomically: true, encoding: .utf8)
        #expect(!BuiltInVanadium.matches(base))
        #expect(try Self.loaded(base).quantities[QuantityKey(stage: "S3", quantity: "cost", year: 2019)]?.text == "37.978")

        try FileManager.default.removeItem(at: quantities)
        #expect(!BuiltInVanadium.matches(base))
    }

    /// The folder is looked for in the same places in the same order as before the search
    /// stopped at the first place that holds it: a missing folder's error lists them all.
    @Test func theSearchVisitsTheListedDirectoriesInOrder() throws {
        var lazily: [URL] = []
        for candidate in ExecutableDirectorySearch() where !lazily.contains(candidate) { lazily.append(candidate) }
        #expect(lazily == Chain.executableDirectories())
        #expect(!lazily.isEmpty)
        var expected: [String] = []
        for base in Chain.executableDirectories() + Chain.installedDataDirectories() {
            for bundle in Chain.resourceBundleNames {
                let path = base.appendingPathComponent(bundle, isDirectory: true)
                    .appendingPathComponent("no-such-dataset", isDirectory: true).path
                if !expected.contains(path) { expected.append(path) }
            }
        }
        let error = try #require(throws: ChainLoadError.self) { try Chain.resourceDirectory("no-such-dataset") }
        #expect(error.message.hasSuffix("looked in: " + expected.joined(separator: ", ")))
        // The built-in folder is found in the first place (a build folder).
        let found = try Chain.resourceDirectory("vanadium")
        #expect(found.deletingLastPathComponent().deletingLastPathComponent() == lazily[0])
    }

    /// The generator writes any text as a literal whose value is that text.
    @Test func literalsKeepTheirText() {
        #expect(BuiltInVanadium.literal("a\"b\\c\nd\te\r钒–\u{7}") == #""a\"b\\c\nd\te\r钒–\u{7}""#)
        #expect(BuiltInVanadium.multilineBody("x,\"y\"\\\n\tz\r\n") == "x,\\\"y\\\"\\\\\n\tz\\r\n")
    }
}
