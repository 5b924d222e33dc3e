import Foundation

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

    /// A result as the core rendered it (units and table headers coloured on a terminal).
    func result(_ text: String) {
        writeOut((colourOut ? Colour.result(text) : text) + "\n")
    }

    /// A result after the parsed form of its input: `-(2^2) = -4`, or the form on its own
    /// line above a result of several lines.
    func result(_ text: String, echoing form: String) {
        let shown = colourOut ? Colour.wrap(form, Colour.dim) : form
        if text.contains("\n") {
            writeOut(shown + " =\n")
            result(text)
        } else {
            writeOut(shown + " = ")
            result(text)
        }
    }

    /// Plain text on standard output (help, notices).
    func line(_ text: String) {
        writeOut(text + "\n")
    }

    /// Rendered diagnostics, or any message with `error:` in it, on standard error.
    func error(_ text: String) {
        writeErr((colourErr ? Colour.diagnostics(text) : text) + "\n")
    }

    func warning(_ message: String) {
        error("vmp: warning: \(message)")
    }

    /// `interrupted`, after the `^C` the terminal echoed.
    func interrupted() {
        writeErr("\n" + (colourErr ? Colour.wrap("interrupted", Colour.yellow) : "interrupted") + "\n")
    }
}

/// Reading a script file, with the reason when it cannot be read.
enum ScriptFile {
    /// The bytes of `path` (`-` is standard input), or the message to print.
    static func read(_ path: String) -> Result<Data, ReadError> {
        if path == "-" { return .success(FileHandle.standardInput.readDataToEndOfFile()) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(ReadError(message: "vmp: error: cannot read '\(path)': no such file"))
        }
        if isDirectory.boolValue {
            return .failure(ReadError(message: "vmp: error: cannot read '\(path)': it is a directory"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ReadError(message: "vmp: error: cannot read '\(path)': permission denied or not a regular file"))
        }
        return .success(data)
    }

    struct ReadError: Error {
        var message: String
    }
}
