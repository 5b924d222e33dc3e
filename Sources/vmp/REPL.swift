import Foundation
import VMPCore

/// The interactive loop, used when standard input and output are both terminals (and, with
/// a scripted ``LineReader``, by the transcript tests).
///
/// Reads inputs with the line editor, asks for continuation lines (`...> `) while the parser
/// says the input is incomplete, handles the meta-commands (``MetaCommand``) before the lexer
/// sees them, and survives every error. A whole input, however many lines, is one history
/// entry. Ctrl-C at the prompt discards the line and any pending block; Ctrl-C during an
/// evaluation stops it (`interrupted`) and keeps the session; a second Ctrl-C before the
/// evaluation has stopped ends the process (status 130).
final class REPL {
    let session: Session
    let console: Console
    /// The `--chain` path, named in the header of a `:save`d session.
    let chainPath: String?
    /// Whether evaluations arm the SIGINT handler (off when a test drives the REPL in-process).
    let handlesSignals: Bool
    /// Echo the parsed form of an expression when it differs from what was typed (`:echo`).
    var echo = true
    /// The inputs that succeeded since the start or the last `:reset`, for `:save`.
    var savedInputs: [String] = []
    /// The lesson running at the prompt (`:lesson NAME`, `vmp lesson NAME`), if any.
    var lesson: LessonRun?
    /// Where lessons keep the student's place (the XDG state directory; tests use their own).
    var lessonProgress = LessonProgress()

    /// The first line of an interactive session (not shown after a script with `-i`).
    var banner: String { "vmp 0.1 — \(session.chain.name): \(session.chain.title)\n:help for help, Tab completes, Ctrl-D quits." }
    static let prompt = "vmp> "
    static let continuationPrompt = "...> "

    init(session: Session, console: Console, chainPath: String? = nil, handlesSignals: Bool = true) {
        self.session = session
        self.console = console
        self.chainPath = chainPath
        self.handlesSignals = handlesSignals
    }

    /// Runs on the terminal with libedit (a plain reader when `TERM=dumb` or libedit fails).
    func run(banner: Bool = true) -> Int32 {
        let reader: LineReader
        if ProcessInfo.processInfo.environment["TERM"] == "dumb" {
            reader = PlainLineReader()
        } else if let editor = EditLineReader(warn: { [console] in console.warning($0) }) {
            editor.completer = { [session] before in Completer.complete(before, names: CompletionNames(session: session)) }
            reader = editor
        } else {
            reader = PlainLineReader()
        }
        defer { reader.close() }
        return run(reader: reader, banner: banner)
    }

    func run(reader: LineReader, banner: Bool = true) -> Int32 {
        if handlesSignals { session.isInterrupted = { Interrupts.isRaised } }
        if banner { console.line(self.banner) }
        var pending = ""
        while true {
            let prompt = pending.isEmpty ? REPL.prompt : REPL.continuationPrompt
            let line: String
            switch reader.read(prompt: console.colourOut ? Colour.prompt(prompt, continuation: !pending.isEmpty) : prompt) {
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
                    if case .load = command { armed { perform(command) } } else { perform(command) }
                    continue
                }
                if lesson != nil {
                    reader.addHistory(line)
                    var taken = false
                    armed { taken = lessonTakes(line) }
                    if taken { continue }
                }
                pending = line
            } else {
                pending += "\n" + line
            }
            if Session.isIncomplete(pending) { continue }

            let source = pending
            pending = ""
            reader.addHistory(source)
            armed { evaluate(source, name: "<repl>", echoing: echo) }
        }
    }

    /// Runs `body` (an evaluation) with Ctrl-C armed to interrupt it. (The flag is not
    /// cleared first: the reader cleared it with the line, and a Ctrl-C since then, while the
    /// input was being parsed, counts.)
    private func armed(_ body: () -> Void) {
        guard handlesSignals else { return body() }
        Interrupts.armForEvaluation()
        body()
        Interrupts.armForPrompt()
        Interrupts.clear()
    }

    /// Runs one complete input, shows its results or its error, and remembers it for `:save`
    /// if it succeeded (as `recordedAs`, or as typed).
    func evaluate(_ source: String, name: String, echoing: Bool, recordedAs record: String? = nil) {
        let form = echoing ? Session.parsedForm(source) : nil
        var echoed = false
        let console = self.console
        let outcome = session.runMarked(source, output: { text in
            if let form, !echoed {
                echoed = true
                console.result(text, echoing: form)
            } else {
                console.result(text)
            }
        })
        if outcome.wasInterrupted {
            console.interrupted()
        } else if !outcome.succeeded {
            console.error(Session.markup(outcome.diagnostics, source: source, name: name))
        } else {
            savedInputs.append(record ?? source)
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
