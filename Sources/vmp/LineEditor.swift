import CEditLine
import Foundation
import VMPCore

// The line editor for the REPL: libedit (NetBSD editline) with persistent history, Tab
// completion, coloured prompts, and the SIGINT flag the evaluator polls. This is the only
// Swift file that imports CEditLine; the rest of vmp sees `LineReader`, `LineEvent` and
// `Interrupts` (completion itself is `Completer`, in Completion.swift).
//
// Decisions follow docs/libedit.md: native el_* API with el_wgets, locale set before el_init
// (§4), EL_ADDFN completion with the reader found through EL_CLIENTDATA (§3), prompt escapes
// delimited by \1 (EL_PROMPT_ESC, §2), a SIGINT handler without SA_RESTART (§6), native
// History saved with H_SAVE, never truncated (§7), and libedit driven from the main thread
// only (§9).

/// What one read at the prompt produced.
enum LineEvent: Equatable {
    /// A line as typed, without its trailing newline.
    case line(String)
    /// Ctrl-C: the line being typed was discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the terminal went away.
    case endOfInput
}

/// Reads lines at a prompt and keeps the history.
protocol LineReader: AnyObject {
    func read(prompt: String) -> LineEvent
    /// Adds one complete input (possibly several lines) to the history.
    func addHistory(_ entry: String)
    /// Puts the terminal and signal handlers back as they were.
    func close()
}

/// The SIGINT flag shared by the prompt and the evaluator.
///
/// While the REPL runs, SIGINT is caught by a C handler that only sets a flag. At the prompt
/// the handler stays installed (Ctrl-C discards the line); during an evaluation it is one-shot,
/// so a second Ctrl-C gets the default action and kills the process (docs/libedit.md §6).
enum Interrupts {
    /// Whether Ctrl-C was pressed since the last `clear()`. Safe to call from any thread.
    static var isRaised: Bool { vmp_interrupt_flag_is_set() != 0 }

    static func clear() { vmp_interrupt_flag_clear() }

    /// Handler for the prompt: every Ctrl-C sets the flag and interrupts a blocked read.
    static func armForPrompt() { _ = vmp_sigint_install(0) }

    /// Handler for an evaluation: the first Ctrl-C sets the flag, the second kills.
    static func armForEvaluation() { _ = vmp_sigint_install(1) }

    /// Restores the SIGINT disposition vmp found at start.
    static func disarm() { _ = vmp_sigint_restore() }
}

/// Makes the C library decode multibyte input as UTF-8: the user's locale if it is UTF-8,
/// otherwise C.UTF-8 (or en_US.UTF-8). Without this libedit edits byte by byte and drops
/// non-ASCII input (docs/libedit.md §4).
func useUTF8CharacterLocale() {
    func isUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }
    if setlocale(LC_CTYPE, "") != nil, isUTF8() { return }
    for fallback in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
        if setlocale(LC_CTYPE, fallback) != nil, isUTF8() { return }
    }
}

/// A libedit-backed reader: emacs key bindings (then ~/.editrc), wide-character input, and a
/// history of up to 1000 entries kept in `$XDG_STATE_HOME/vmp/history`.
final class EditLineReader: LineReader {
    private var editor: OpaquePointer?
    private var history: OpaquePointer?
    /// Where the history is saved; `nil` when it is not (no home, or an unreadable file).
    private var historyPath: String?
    private var warnedAboutSaving = false
    private let warn: (String) -> Void
    /// Computes the candidates for the text before the cursor when Tab is pressed.
    var completer: ((String) -> Completion)?
    /// The line and cursor of the last Tab that found several candidates and inserted
    /// nothing: a second Tab there lists them.
    private var ambiguousTab: String?

    static let historyHeader = "_HiStOrY_V2_\n"

    /// `nil` if libedit cannot start on this terminal. `warn` reports history-file problems.
    init?(warn: @escaping (String) -> Void) {
        self.warn = warn
        useUTF8CharacterLocale()
        // "vmp", not argv[0]: ~/.editrc lines for this program are written "vmp:bind -v".
        guard let editor = vmp_el_init("vmp") else { return nil }
        self.editor = editor
        _ = vmp_el_set_editor(editor, "emacs")
        // libedit's own handlers (resize, suspend, tty restore) during editing; they hand
        // SIGINT on to ours.
        _ = vmp_el_set_signal(editor, 1)
        vmp_set_prompt_text("vmp> ")
        _ = vmp_el_use_prompt_buffer(editor)
        _ = vmp_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        _ = vmp_el_addfn(editor, "vmp-complete", "complete a name, year, command or path", completeKey)
        for (key, function) in [
            ("^I", "vmp-complete"),
            ("^R", "em-inc-search-prev"),
            ("^W", "ed-delete-prev-word"),
            ("\\e[1;5D", "ed-prev-word"), ("\\e[1;5C", "em-next-word"),
            ("\\e[H", "ed-move-to-beg"), ("\\e[F", "ed-move-to-end"),
            ("\\e[1~", "ed-move-to-beg"), ("\\e[4~", "ed-move-to-end"),
            ("\\eOH", "ed-move-to-beg"), ("\\eOF", "ed-move-to-end"),
        ] {
            _ = vmp_el_bind(editor, key, function)
        }

        if let history = vmp_history_init() {
            self.history = history
            _ = vmp_history_setsize(history, 1000)
            _ = vmp_history_setunique(history, 1)
            _ = vmp_el_set_history(editor, history)
            historyPath = prepareHistoryFile()
            if let path = historyPath, !loadHistory(from: path) { historyPath = nil }
        }
        // The user's ~/.editrc (or $EDITRC) last, so it can override the bindings above.
        _ = el_source(editor, nil)
        Interrupts.armForPrompt()
    }

    deinit { close() }

    func close() {
        if let editor {
            el_end(editor)  // restores the terminal
            self.editor = nil
        }
        if let history {
            history_end(history)
            self.history = nil
        }
        Interrupts.disarm()
    }

    func read(prompt: String) -> LineEvent {
        guard let editor else { return .endOfInput }
        vmp_set_prompt_text(prompt)
        Interrupts.clear()
        Interrupts.armForPrompt()
        var count: Int32 = 0
        guard let wide = el_wgets(editor, &count) else {
            if count < 0 && (Interrupts.isRaised || vmp_errno() == EINTR) {
                Interrupts.clear()
                writeToTerminal("\n")
                return .interrupted
            }
            writeToTerminal("\n")
            return .endOfInput
        }
        Interrupts.clear()
        var scalars = String.UnicodeScalarView()
        for i in 0..<Int(max(0, count)) {
            if let scalar = Unicode.Scalar(UInt32(bitPattern: wide[i])) { scalars.append(scalar) }
        }
        var line = String(scalars)
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }

    func addHistory(_ entry: String) {
        guard let history, !entry.isEmpty else { return }
        _ = vmp_history_enter(history, entry)
        if let historyPath { save(history, to: historyPath) }
    }

    // MARK: History file

    /// `$XDG_STATE_HOME/vmp/history`, else `~/.local/state/vmp/history`, its directory created.
    /// `nil` when there is no usable location (a warning says why).
    private func prepareHistoryFile() -> String? {
        let env = ProcessInfo.processInfo.environment
        let base: String
        if let state = env["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = state
        } else if let home = env["HOME"], !home.isEmpty {
            base = home + "/.local/state"
        } else {
            return nil
        }
        let directory = base + "/vmp"
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            warn("cannot create \(directory) (\(error.localizedDescription)); history will not be saved")
            return nil
        }
        return directory + "/history"
    }

    /// Loads the history file if there is one. A file that is not a libedit history file is
    /// left untouched: one warning, an empty history, and nothing saved this session.
    private func loadHistory(from path: String) -> Bool {
        guard let history else { return false }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return true }
        if isDirectory.boolValue { return refuse(path, because: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            return refuse(path, because: "it cannot be read")
        }
        if let problem = EditLineReader.problem(withHistoryData: data) { return refuse(path, because: problem) }
        if !data.isEmpty && vmp_history_load(history, path) < 0 {
            return refuse(path, because: "libedit could not load it")
        }
        return true
    }

    private func refuse(_ path: String, because problem: String) -> Bool {
        warn("ignoring history file \(path): \(problem); it is left unchanged and this session's history will not be saved")
        return false
    }

    /// Why `data` is not a history file vmp wrote, or `nil` if it is one (or empty).
    static func problem(withHistoryData data: Data) -> String? {
        if data.isEmpty { return nil }
        if !data.starts(with: Data(historyHeader.utf8)) {
            return "it is not a libedit history file (no \(historyHeader.dropLast()) header)"
        }
        if data.contains(0) { return "it contains NUL bytes" }
        if String(data: data, encoding: .utf8) == nil { return "it is not valid UTF-8" }
        return nil
    }

    /// Saves the whole history (bounded by H_SETSIZE) to a temporary file with mode 0600 and
    /// renames it over `path`, so a crash never leaves half a file.
    private func save(_ history: OpaquePointer, to path: String) {
        do throws(WriteError) {
            try AtomicFile.replace(path, overwrite: true, permissions: 0o600) { temporary throws(WriteError) in
                guard vmp_history_save(history, temporary) >= 0, chmod(temporary, 0o600) == 0 else {
                    throw .failed(path, reason: String(cString: strerror(errno)))
                }
            }
        } catch {
            if !warnedAboutSaving {
                warnedAboutSaving = true
                let reason: String
                switch error {
                case .failed(_, let why): reason = why
                case .noDirectory(let directory): reason = "directory \(directory) does not exist"
                case .exists: reason = "it exists"
                }
                warn("cannot save history to \(path): \(reason)")
            }
        }
    }

    // MARK: Completion

    /// Tab: inserts the rest of the only candidate, or the longest common prefix of several;
    /// a second Tab with nothing more in common lists them in columns (docs/libedit.md §3).
    fileprivate func completeAtCursor() -> UInt8 {
        guard let editor, let completer, let info = el_wline(editor) else { return UInt8(CC_ERROR) }
        let typed = info.pointee.cursor - info.pointee.buffer
        var scalars = String.UnicodeScalarView()
        for i in 0..<max(0, typed) {
            if let scalar = Unicode.Scalar(UInt32(bitPattern: info.pointee.buffer[i])) { scalars.append(scalar) }
        }
        let before = String(scalars)
        let completion = completer(before)
        if completion.candidates.isEmpty {
            ambiguousTab = nil
            return UInt8(CC_REFRESH_BEEP)
        }
        let insertion = completion.insertion
        if !insertion.isEmpty {
            ambiguousTab = nil
            var wide = insertion.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            wide.append(0)
            return el_winsertstr(editor, wide) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_ERROR)
        }
        if completion.candidates.count == 1 {
            return UInt8(CC_REFRESH)
        }
        if ambiguousTab != before {
            ambiguousTab = before
            return UInt8(CC_REFRESH_BEEP)
        }
        ambiguousTab = nil
        let rows = Completer.columns(completion.shown, width: Int(vmp_terminal_columns()))
        writeToTerminal("\n" + rows.joined(separator: "\n") + "\n")
        return UInt8(CC_REDISPLAY)
    }
}

/// libedit's entry for the Tab key: finds the reader from the editor's client data.
private let completeKey: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editor, _ in
    guard let editor, let data = vmp_el_get_clientdata(editor) else { return UInt8(CC_ERROR) }
    return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().completeAtCursor()
}

/// A reader for terminals libedit cannot drive (`TERM=dumb`, or el_init failed): plain lines,
/// no editing, no history file. Ctrl-C still discards the line.
final class PlainLineReader: LineReader {
    init() { Interrupts.armForPrompt() }

    func read(prompt: String) -> LineEvent {
        writeToTerminal(prompt.filter { $0 != "\u{1}" })
        Interrupts.clear()
        Interrupts.armForPrompt()
        // Byte by byte with read(2), not readLine(): a Ctrl-C must surface as EINTR here.
        var bytes: [UInt8] = []
        while true {
            var byte: UInt8 = 0
            let count = Foundation.read(0, &byte, 1)
            if count == 1 {
                if byte == UInt8(ascii: "\n") { break }
                bytes.append(byte)
            } else if count == 0 {
                if bytes.isEmpty {
                    writeToTerminal("\n")
                    return .endOfInput
                }
                break
            } else if errno == EINTR {
                if Interrupts.isRaised {
                    Interrupts.clear()
                    writeToTerminal("\n")
                    return .interrupted
                }
            } else {
                return .endOfInput
            }
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
    }

    func addHistory(_ entry: String) {}

    func close() { Interrupts.disarm() }
}

/// Writes text to standard output unbuffered (prompts and the newline after Ctrl-C/Ctrl-D).
private func writeToTerminal(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
