import Foundation
import VMPCore

/// The REPL's own commands, recognised before the lexer sees the line. `:source EXPR` and
/// `:explain EXPR` belong to the language and are passed on to it.
enum MetaCommand: Equatable {
    case help(String?)
    case quit
    case vars
    case reset
    /// `:load FILE`: run a script into the session.
    case load(String)
    /// `:save FILE` (refuses to replace a file) or `:save! FILE` (replaces it).
    case save(String, overwrite: Bool)
    /// `:echo on|off`; `nil` shows the setting.
    case echo(Bool?)
    /// `:lesson [NAME]`: list the lessons or start one.
    case lesson(String?)
    /// `:next`, `:back`, `:skip`, `:quit-lesson` inside a lesson.
    case lessonControl(String)
    /// A command used wrongly, or an unknown one: the message to show.
    case misuse(String)

    /// Every command, as typed after `:` (for completion, `:help`, and the reference test).
    static let names = Parser.replCommands + ["source", "explain", "lesson"] + LessonRun.commands
    /// Commands the language itself handles.
    static let languageCommands: Set<String> = ["source", "explain"]

    /// `nil` when `line` is not a command for the REPL (it does not start with `:`, or it is
    /// `:source`/`:explain`).
    init?(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(":") else { return nil }
        let body = trimmed.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        if MetaCommand.languageCommands.contains(name) { return nil }
        switch name {
        case "help":
            self = .help(argument.isEmpty ? nil : argument)
        case "quit", "vars", "reset":
            if !argument.isEmpty {
                self = .misuse(":\(name) takes no argument")
            } else {
                self = name == "quit" ? .quit : name == "vars" ? .vars : .reset
            }
        case "load", "save", "save!":
            guard let path = MetaCommand.path(argument) else {
                self = .misuse(":\(name) needs a file name: :\(name) FILE")
                return
            }
            self = name == "load" ? .load(path) : .save(path, overwrite: name == "save!")
        case "lesson":
            self = .lesson(argument.isEmpty ? nil : argument)
        case "next", "back", "skip", "quit-lesson":
            self = argument.isEmpty ? .lessonControl(name) : .misuse(":\(name) takes no argument")
        case "echo":
            switch argument {
            case "": self = .echo(nil)
            case "on": self = .echo(true)
            case "off": self = .echo(false)
            default: self = .misuse(":echo takes on or off")
            }
        default:
            let known = MetaCommand.names.map { ":" + $0 }
            var message = "unknown command :\(name) (commands: \(known.joined(separator: " ")))"
            if let hint = Session.suggestion(for: ":" + name, among: known) { message += "; \(hint)" }
            self = .misuse(message)
        }
    }

    /// A file argument: as typed, or in double quotes; `~/` is the home directory.
    static func path(_ argument: String) -> String? {
        var path = argument
        if path.count >= 2, path.hasPrefix("\""), path.hasSuffix("\"") { path = String(path.dropFirst().dropLast()) }
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            path = home + path.dropFirst()
        }
        return path.isEmpty ? nil : path
    }
}

extension REPL {
    func perform(_ command: MetaCommand) {
        switch command {
        case .help(let topic):
            // The same lookup and wrapping as the `:help` statement of scripts.
            switch Help.lookup(topic ?? "") {
            case .text(let text): console.line(Help.wrap(text, width: session.formatter.plotWidth))
            case .notFound(let message): console.error(Markup(message))
            }
        case .vars:
            for binding in session.bindings {
                console.result(Markup("\(binding.name) = \(binding.summary)"))
            }
        case .reset:
            session.reset()
            savedInputs = []
        case .quit:
            break
        case .load(let path):
            load(path)
        case .save(let path, let overwrite):
            save(to: path, overwrite: overwrite)
        case .echo(let setting?):
            echo = setting
        case .echo(nil):
            console.line("echo is \(echo ? "on" : "off")")
        case .misuse(let message):
            console.error(Markup(message))
        case .lesson, .lessonControl:
            performLesson(command)
        }
    }

    /// `:load FILE`: runs the script into the session, its relative `load` paths resolved
    /// against its own directory. An error is reported and leaves the session as it was.
    private func load(_ path: String) {
        let source: String
        switch ScriptFile.source(path) {
        case .success(let text): source = text
        case .failure(let problem):
            console.error(problem.markup)
            return
        }
        let saved = session.baseDirectory
        session.baseDirectory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        defer { session.baseDirectory = saved }
        SessionFile.warnAboutDataset(of: source, name: path, session: session, console: console)
        evaluate(source, name: path, echoing: false, recordedAs: "# :load \(path)\n" + source)
    }

    /// `:save FILE`: the successful inputs since the start or the last `:reset`, as a script.
    private func save(to path: String, overwrite: Bool) {
        do throws(SessionFile.Failure) {
            try SessionFile.write(inputs: savedInputs, chain: session.chain, chainPath: chainPath, to: path, overwrite: overwrite)
            let count = savedInputs.count
            console.line("saved \(count) input\(count == 1 ? "" : "s") to \(path)")
        } catch {
            console.error("\(error)")
        }
    }
}
