import Foundation
import VMPCore

/// Where text goes, and whether it is coloured: results and messages to standard output,
/// diagnostics and warnings to standard error. Each stream is coloured or not on its own
/// (``ColourMode/colours(_:environment:)``), so a pipe or a file gets exactly the text.
struct Console {
    var colourOut: Bool
    var colourErr: Bool
    var writeOut: (String) -> Void
    var writeErr: (String) -> Void

    /// The process's standard output and error, coloured as `mode` says for each.
    static func standard(_ mode: ColourMode) -> Console {
        Console(colourOut: mode.colours(1), colourErr: mode.colours(2),
                writeOut: { FileHandle.standardOutput.write(Data($0.utf8)) },
                writeErr: { FileHandle.standardError.write(Data($0.utf8)) })
    }

    /// A result as the core marked it up (units and table headers coloured on a terminal).
    func result(_ markup: Markup) {
        writeOut((colourOut ? Colour.render(markup) : markup.plain) + "\n")
    }

    /// A result after the parsed form of its input: `-(2^2) = -4`, or the form on its own
    /// line above a result of several lines.
    func result(_ markup: Markup, echoing form: String) {
        let shown = colourOut ? Colour.wrap(form, Colour.dim) : form
        writeOut(shown + (markup.plain.contains("\n") ? " =\n" : " = "))
        result(markup)
    }

    /// Plain text on standard output (help, notices).
    func line(_ text: String) {
        writeOut(text + "\n")
    }

    /// Diagnostics and messages on standard error, coloured by their marked parts.
    func error(_ markup: Markup) {
        writeErr((colourErr ? Colour.render(markup) : markup.plain) + "\n")
    }

    /// `vmp: error: message`.
    func error(_ message: String) {
        error(Markup.message(.error, message))
    }

    /// `vmp: warning: message`.
    func warning(_ message: String) {
        error(Markup.message(.warning, message))
    }

    /// `interrupted`, after the `^C` the terminal echoed.
    func interrupted() {
        writeErr("\n" + (colourErr ? Colour.wrap("interrupted", Colour.yellow) : "interrupted") + "\n")
    }
}

/// Reading a script: the one way scripts are read (`vmp FILE`, `vmp check FILE`, `:load FILE`),
/// as strict UTF-8 text, with the reason when it cannot be read.
enum ScriptFile {
    /// The text of `path` (`-` is standard input), or the diagnostic to print: a file that is
    /// missing, a directory or unreadable, or bytes that are not UTF-8 (`path:line:col`).
    /// - Parameter name: how the script is named in diagnostics (`<stdin>` for `-`); the path by default.
    static func source(_ path: String, name: String? = nil) -> Result<String, Problem> {
        switch read(path) {
        case .success(let data): return decode(data, name: name ?? path)
        case .failure(let problem): return .failure(problem)
        }
    }

    /// `data` as text, or where it stops being UTF-8.
    static func decode(_ data: Data, name: String) -> Result<String, Problem> {
        switch SourceText.decode(data) {
        case .success(let text): return .success(text)
        case .failure(let bad):
            return .failure(Problem(markup: invalidUTF8(bad, name: name)))
        }
    }

    /// `name:line:col: error: invalid UTF-8 (byte N of the file)`.
    static func invalidUTF8(_ bad: SourceText.InvalidUTF8, name: String, of what: String = "the file") -> Markup {
        var markup = Markup("\(name):\(bad.line):\(bad.column)", .location)
        markup.append(": ")
        markup.append(Diagnostic.Severity.error.rawValue, .severity(.error))
        markup.append(": invalid UTF-8 (byte \(bad.byte) of \(what))")
        return markup
    }

    private static func read(_ path: String) -> Result<Data, Problem> {
        if path == "-" { return .success(FileHandle.standardInput.readDataToEndOfFile()) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(Problem(markup: .message(.error, "cannot read '\(path)': no such file")))
        }
        if isDirectory.boolValue {
            return .failure(Problem(markup: .message(.error, "cannot read '\(path)': it is a directory")))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Problem(markup: .message(.error, "cannot read '\(path)': permission denied or not a regular file")))
        }
        return .success(data)
    }

    /// Why a script cannot be run, as printed.
    struct Problem: Error {
        var markup: Markup
    }
}
