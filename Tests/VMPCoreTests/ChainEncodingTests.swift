import Foundation
import Testing
@testable import VMPCore

/// Chain files are strict UTF-8: the first bad byte is reported with its line and column.
@Suite struct ChainEncodingTests {
    @Test func invalidUTF8InADataFileIsLocated() throws {
        let good = packageRoot.appendingPathComponent("Tests/VMPCoreTests/Fixtures/chains/good")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-utf8-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: good, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("quantities.csv")
        var bytes = try Data(contentsOf: csv)
        // Line 2 gets a stray 0xFF after its first three characters.
        guard let newline = bytes.firstIndex(of: 0x0A) else {
            Issue.record("fixture has one line only")
            return
        }
        bytes.insert(0xFF, at: newline + 4)
        try bytes.write(to: csv)
        #expect {
            try Chain.load(manifest: dir.appendingPathComponent("chain.toml").path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("quantities.csv:2:4: error: quantities.csv is not valid UTF-8")
        }
    }
}
