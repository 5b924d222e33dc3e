import Foundation
import Testing
import VMPCore
@testable import vmp

/// One source of help: `docs/reference.md` is generated from `Help.topics`, and every
/// built-in and REPL command has a topic.
@Suite struct REPLReferenceTests {
    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/reference.md")

    /// Regenerate with `swift run vmp --dump-reference > docs/reference.md`.
    @Test func committedReferenceIsGenerated() throws {
        let text = try String(contentsOf: Self.committed, encoding: .utf8)
        #expect(text == Reference.markdown(), "docs/reference.md is stale: swift run vmp --dump-reference > docs/reference.md")
        let dumped = try VMPProcess.run(["--dump-reference"])
        #expect(dumped.status == 0)
        #expect(dumped.stdout == text)
    }

    @Test func everyBuiltinAndCommandHasATopic() {
        for name in Builtins.names {
            #expect(Help.text(for: name) != nil, "no :help \(name)")
        }
        for command in MetaCommand.names {
            #expect(Help.text(for: ":" + command) != nil, "no :help :\(command)")
        }
        for topic in ["keys", "ans", "args", "units", "operators", "model"] {
            #expect(Help.text(for: topic) != nil, "no :help \(topic)")
        }
    }

    @Test func theReferenceHasEveryTopic() {
        let text = Reference.markdown()
        for topic in Help.topics.keys {
            #expect(text.contains("### `\(topic)`"), "\(topic) is missing from the reference")
        }
        #expect(text.contains("USAGE: vmp check"))
    }
}
