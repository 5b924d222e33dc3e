import Foundation
import Testing
import VMPCore

/// Keeps Grammar/vmp.ebnf true: its rules are the parser's rules, and every example parses.
@Suite struct GrammarTests {
    static let root = VMPProcess.root

    func read(_ path: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Rule names defined in the grammar (`name = …`, lower case: the tokens are upper case).
    func grammarRules() throws -> Set<String> {
        let text = try read("Grammar/vmp.ebnf")
        return Set(text.split(separator: "\n").compactMap { line -> String? in
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            return name.allSatisfy({ $0.isLowercase || $0 == "_" }) && !name.isEmpty ? name : nil
        })
    }

    /// Rule names the parser quotes in its comments (`/// name = …`).
    func parserRules() throws -> Set<String> {
        let text = try read("Sources/VMPCore/Syntax/Parser.swift")
        return Set(text.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("//") else { return nil }
            let body = trimmed.drop { $0 == "/" || $0 == " " }
            let parts = body.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[1] == "=" else { return nil }
            let name = String(parts[0])
            return name.allSatisfy({ $0.isLowercase || $0 == "_" }) ? name : nil
        })
    }

    @Test func grammarAndParserHaveTheSameRules() throws {
        let grammar = try grammarRules(), parser = try parserRules()
        #expect(grammar.subtracting(parser).isEmpty, "in the grammar only: \(grammar.subtracting(parser).sorted())")
        #expect(parser.subtracting(grammar).isEmpty, "in the parser only: \(parser.subtracting(grammar).sorted())")
        #expect(grammar.count > 20)
    }

    @Test func everyScriptParses() throws {
        let scripts = try FileManager.default.subpathsOfDirectory(atPath: Self.root.appendingPathComponent("Scripts").path)
            .filter { $0.hasSuffix(".vmp") }
        #expect(!scripts.isEmpty)
        for script in scripts {
            let diagnostics = Parser.parse(try read("Scripts/" + script)).diagnostics
            #expect(diagnostics.isEmpty, "Scripts/\(script): \(diagnostics.map(\.message))")
        }
    }

    /// Every ```vmp block of README.md parses (blocks marked ```vmp-error are examples of errors).
    @Test func everyReadmeExampleParses() throws {
        let readme = try read("README.md")
        var blocks: [String] = []
        var current: [String]?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```vmp" {
                current = []
            } else if current != nil, line.hasPrefix("```") {
                blocks.append(current?.joined(separator: "\n") ?? "")
                current = nil
            } else if current != nil {
                current?.append(String(line))
            }
        }
        #expect(blocks.count >= 2)
        for block in blocks {
            let diagnostics = Parser.parse(block).diagnostics
            #expect(diagnostics.isEmpty, "README block:\n\(block)\n\(diagnostics.map(\.message))")
        }
    }
}
