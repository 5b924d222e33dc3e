import Foundation
import Testing
@testable import VMPCore

/// The fuzz dictionary (`Fuzz/vmp.dict`) names every keyword, built-in and stage of the
/// language, so the fuzzer can reach what a new word adds.
@Suite struct FuzzDictionaryTests {
    @Test func dictionaryHasEveryKeywordAndBuiltin() throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Fuzz/vmp.dict"), encoding: .utf8)
        let entries = Set(text.split(separator: "\n").filter { $0.hasPrefix("\"") && $0.hasSuffix("\"") && $0.count >= 2 }
            .map { String($0.dropFirst().dropLast()) })
        let chain = try Chain.vanadium()
        for word in keywords.sorted() + Builtins.names + chain.stages.map(\.id) {
            #expect(entries.contains(word), "Fuzz/vmp.dict lacks \"\(word)\"")
        }
    }
}
