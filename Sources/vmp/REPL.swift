import Foundation
import VMPCore

/// The interactive loop (placeholder until the libedit reader lands): reads inputs, asks for
/// continuation lines while brackets are open, and survives every error.
struct REPL {
    let session: Session

    func run() -> Int32 {
        var pending = ""
        while true {
            FileHandle.standardOutput.write(Data((pending.isEmpty ? "vmp> " : "...> ").utf8))
            guard let line = readLine() else { return 0 }
            pending += pending.isEmpty ? line : "\n" + line
            if Session.isIncomplete(pending) { continue }
            let source = pending
            pending = ""
            if source.trimmingCharacters(in: .whitespaces) == ":quit" { return 0 }
            let outcome = session.run(source) { Output.line($0) }
            if !outcome.succeeded {
                Output.error(Session.render(outcome.diagnostics, source: source, name: "<repl>"))
            }
        }
    }
}
