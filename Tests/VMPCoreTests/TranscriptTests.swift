import Foundation
import Testing
@testable import VMPCore

/// Transcripts in ivy's format: input flush left, expected output indented by a tab, examples
/// separated by blank lines, `#` lines at the top level are comments. One session per file.
@Suite struct TranscriptTests {
    struct Example {
        var input: String
        var expected: String
        var line: Int
    }

    static func examples(_ text: String) -> [Example] {
        var examples: [Example] = []
        var input: [String] = [], output: [String] = []
        var start = 0
        func flush() {
            if !input.isEmpty { examples.append(Example(input: input.joined(separator: "\n"), expected: output.joined(separator: "\n"), line: start)) }
            input = []
            output = []
        }
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.isEmpty { flush(); continue }
            if line.hasPrefix("\t") { output.append(String(line.dropFirst())); continue }
            if line.hasPrefix("#") && input.isEmpty { continue }
            if input.isEmpty { start = i + 1 }
            input.append(line)
        }
        flush()
        return examples
    }

    static let directory = packageRoot.appendingPathComponent("Tests/VMPCoreTests/Transcripts")

    @Test(arguments: try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }.sorted())
    func transcript(file: String) throws {
        let text = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        let harness = try Harness()
        let examples = Self.examples(text)
        #expect(!examples.isEmpty)
        for example in examples {
            #expect(harness.run(example.input) == example.expected, "\(file):\(example.line)")
        }
    }
}
