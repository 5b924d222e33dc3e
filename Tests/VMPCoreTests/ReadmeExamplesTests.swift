import Foundation
import Testing
@testable import VMPCore

/// README's ```vmp lines marked `# → RESULT` print exactly RESULT: the rules in "Values" and
/// "Units" are shown by examples that run.
@Suite struct ReadmeExamplesTests {
    /// (section, input, expected) for every `# →` line of a ```vmp block.
    static func examples() throws -> [(String, String, String)] {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        var section = ""
        var inBlock = false
        var out: [(String, String, String)] = []
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { section = String(line.dropFirst(3)) }
            if line.trimmingCharacters(in: .whitespaces) == "```vmp" { inBlock = true; continue }
            if inBlock && line.hasPrefix("```") { inBlock = false; continue }
            guard inBlock, let marker = line.range(of: "# → ") else { continue }
            let input = line[..<marker.lowerBound].trimmingCharacters(in: .whitespaces)
            out.append((section, input, String(line[marker.upperBound...])))
        }
        return out
    }

    @Test func everyMarkedExamplePrintsItsResult() throws {
        let examples = try Self.examples()
        for (section, input, expected) in examples {
            let harness = try Harness()
            // Paths in the examples are relative to the repository's root.
            harness.session.baseDirectory = packageRoot.path
            #expect(harness.run(input) == expected, "README \(section): \(input)")
        }
    }

    @Test func valuesAndUnitsShowEachRuleByExample() throws {
        let examples = try Self.examples()
        #expect(examples.filter { $0.0 == "Values" }.count >= 12)
        #expect(examples.filter { $0.0 == "Units" }.count >= 5)
        // One worked example per layout: long, wide, pymrio folder.
        let tables = examples.filter { $0.0 == "Bring your own table" }.map(\.1)
        #expect(tables.contains { $0.contains("miller-blair-2\"") } && tables.contains { $0.contains("miller-blair-2-wide") }
                && tables.contains { $0.contains("pymrio/testmrio") })
    }
}
