import Foundation
import VMPCore

/// `docs/reference.md`, generated from the one source of help text (``Help``) and the
/// command line's own help. `vmp --dump-reference` prints it; a test checks the committed
/// file equals it, and that every built-in and REPL command has a topic.
enum Reference {
    static func markdown() -> String {
        var topics = Help.topics
        var out = """
            # vmp reference

            Generated from the help text in `Sources/VMPCore/Rendering/Help.swift` and the built-in registry (`Sources/VMPCore/Builtins/`) (what `:help TOPIC` shows)
            by `vmp --dump-reference > docs/reference.md`; a test checks this file matches. Do not edit it by hand.

            ## Overview (`:help`)

            ```text
            \(Help.overview)
            ```

            """

        func section(_ title: String, _ names: [String]) {
            out += "\n## \(title)\n"
            for name in names {
                guard let text = topics.removeValue(forKey: name) else { continue }
                out += "\n### `\(name)`\n\n\(text)\n"
            }
        }
        section("REPL commands", MetaCommand.names.map { ":" + $0 })
        section("Built-in functions and values", Builtins.names)
        section("Language and model topics", topics.keys.sorted())

        out += "\n## Command line\n"
        for help in [VMP.helpMessage(columns: 100), CheckCommandRoot.helpMessage(for: Check.self, columns: 100)] {
            out += "\n```text\n" + help.trimmingCharacters(in: .newlines) + "\n```\n"
        }
        return out
    }
}
