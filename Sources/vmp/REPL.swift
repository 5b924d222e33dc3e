import Foundation
import VMPCore

/// The interactive loop, used when standard input and output are both terminals.
///
/// Reads inputs with the line editor, asks for continuation lines (`...> `) while the parser
/// says the input is incomplete, handles the meta-commands (`:help`, `:quit`, `:vars`,
/// `:reset`) before the lexer sees them, and survives every error. A whole input, however
/// many lines, is one history entry. Ctrl-C at the prompt discards the line and any pending
/// block; Ctrl-C during an evaluation stops it (`interrupted`) and keeps the session.
struct REPL {
    let session: Session

    static let banner = "vmp 0.1 — vanadium M-P chain (China, 2015–2022). :help for help, Ctrl-D to quit."
    static let prompt = "vmp> "
    static let continuationPrompt = "...> "

    init(session: Session) {
        self.session = session
    }

    func run() -> Int32 {
        let reader: LineReader
        if ProcessInfo.processInfo.environment["TERM"] == "dumb" {
            reader = PlainLineReader()
        } else {
            reader = EditLineReader() ?? PlainLineReader()
        }
        defer { reader.close() }
        return run(reader: reader)
    }

    func run(reader: LineReader) -> Int32 {
        session.isInterrupted = { Interrupts.isRaised }
        Output.line(REPL.banner)
        var pending = ""
        while true {
            let line: String
            switch reader.read(prompt: pending.isEmpty ? REPL.prompt : REPL.continuationPrompt) {
            case .endOfInput:
                return 0
            case .interrupted:
                pending = ""
                continue
            case .line(let text):
                line = REPL.strippingPastedPrompt(text, continuation: !pending.isEmpty)
            }

            if pending.isEmpty {
                if line.allSatisfy(\.isWhitespace) { continue }
                if let command = MetaCommand(line) {
                    reader.addHistory(line)
                    if case .quit = command { return 0 }
                    perform(command)
                    continue
                }
                pending = line
            } else {
                pending += "\n" + line
            }
            if Session.isIncomplete(pending) { continue }

            let source = pending
            pending = ""
            reader.addHistory(source)
            evaluate(source)
        }
    }

    /// Runs one complete input, with Ctrl-C armed to interrupt it.
    private func evaluate(_ source: String) {
        Interrupts.clear()
        Interrupts.armForEvaluation()
        let outcome = session.run(source) { Output.line($0) }
        Interrupts.armForPrompt()
        Interrupts.clear()
        if outcome.wasInterrupted {
            // Start a fresh line: the terminal has echoed "^C" after any output.
            Output.error("\ninterrupted")
        } else if !outcome.succeeded {
            Output.error(Session.render(outcome.diagnostics, source: source, name: "<repl>"))
        }
    }

    private func perform(_ command: MetaCommand) {
        switch command {
        case .help(nil):
            Output.line(Help.overview)
        case .help(let topic?):
            if let text = Help.text(for: topic) {
                Output.line(text)
            } else {
                Output.error("no help for \(topic)")
            }
        case .vars:
            for binding in session.bindings {
                Output.line("\(binding.name) = \(binding.summary)")
            }
        case .reset:
            session.reset()
        case .quit:
            break
        case .misuse(let message):
            Output.error(message)
        }
    }

    /// Drops a leading `vmp> ` (or `...> ` on a continuation line) copied along with a line
    /// from an earlier session, so transcripts can be pasted back.
    static func strippingPastedPrompt(_ line: String, continuation: Bool) -> String {
        var line = line
        while line.hasPrefix(prompt) || (continuation && line.hasPrefix(continuationPrompt)) {
            line.removeFirst(prompt.count)
        }
        return line
    }
}

/// The REPL's own commands, recognised before the lexer. `:source EXPR` and anything else
/// starting with `:` are left to the language.
enum MetaCommand: Equatable {
    case help(String?)
    case quit
    case vars
    case reset
    /// A known command used wrongly (`:quit now`).
    case misuse(String)

    init?(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(":") else { return nil }
        let body = trimmed.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case "help":
            self = .help(argument.isEmpty ? nil : argument)
        case "quit", "vars", "reset":
            if !argument.isEmpty {
                self = .misuse(":\(name) takes no argument")
            } else {
                self = name == "quit" ? .quit : name == "vars" ? .vars : .reset
            }
        default:
            return nil
        }
    }
}
