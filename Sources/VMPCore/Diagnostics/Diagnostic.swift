/// A place in a source text: offsets in Unicode scalars plus the 1-based line and column of the start.
///
/// Columns count Unicode scalars (characters as typed); the renderer turns them into
/// display columns so carets line up under CJK text.
public struct SourceRange: Hashable, Sendable {
    /// Offset of the first character, in Unicode scalars from the start of the source.
    public var start: Int
    /// Offset one past the last character, in Unicode scalars.
    public var end: Int
    /// 1-based line of `start`.
    public var line: Int
    /// 1-based column of `start`, in Unicode scalars.
    public var column: Int

    public init(start: Int, end: Int, line: Int, column: Int) {
        self.start = start
        self.end = end
        self.line = line
        self.column = column
    }

    /// The range covering both `self` and `other` (which must start later).
    public func through(_ other: SourceRange) -> SourceRange {
        SourceRange(start: start, end: max(end, other.end), line: line, column: column)
    }
}

/// One problem found in the input: lexical, syntactic, or during evaluation.
///
/// The core only builds diagnostics; the driver (CLI, REPL) renders them with
/// ``Diagnostic/render(source:name:)``.
public struct Diagnostic: Error, Hashable, Sendable {
    public enum Severity: String, Sendable { case error, warning, note }
    /// Which stage of the pipeline found the problem; drives REPL continuation, never the text.
    public enum Kind: Hashable, Sendable {
        case lexical
        case syntax
        /// The input ended inside an open bracket, block or string: the REPL asks for more.
        case unexpectedEndOfInput
        case runtime
        case limit
        case interrupted
    }

    public var severity: Severity
    public var kind: Kind
    public var message: String
    /// Where; `nil` when the problem has no position in the source (e.g. a missing dataset file).
    public var range: SourceRange?
    /// A further hint, printed on a line of its own after the caret ("did you mean …").
    public var hint: String?
    /// The user function whose body failed; the range is then the outermost call's.
    public var function: String?

    public init(_ kind: Kind, _ message: String, at range: SourceRange?, hint: String? = nil,
                severity: Severity = .error) {
        self.kind = kind
        self.message = message
        self.range = range
        self.hint = hint
        self.severity = severity
    }

    /// An input ran out of its step budget (``Session/maxSteps``).
    static func stepBudgetExhausted(_ steps: Int, at range: SourceRange) -> Diagnostic {
        Diagnostic(.limit, "evaluation budget of \(steps) step\(steps == 1 ? "" : "s") exhausted", at: range,
                   hint: "each statement, round of a loop and function call is a step; --max-steps sets the budget")
    }

    /// `load` or `export` in a session that may not touch files (``Session/allowsFileAccess``).
    static func noFileAccess(_ what: String, at range: SourceRange) -> Diagnostic {
        Diagnostic(.runtime, "\(what) is disabled: this session does not read or write files", at: range)
    }

    /// `name:line:col: error: message`, the source line, and a caret under the column
    /// (placed by display width), then `hint: …` if there is one.
    public func render(source: String, name: String) -> String {
        markup(lines: SourceLines(source), name: name).plain
    }

    /// ``render(source:name:)`` with its parts marked: the location, the severity word, the
    /// caret line and `hint:`, for a renderer that colours them.
    public func markup(source: String, name: String) -> Markup {
        markup(lines: SourceLines(source), name: name)
    }

    /// As ``markup(source:name:)``, with the source's lines found once for many diagnostics:
    /// each is then rendered in time proportional to the window it shows, not to the source.
    func markup(lines: SourceLines, name: String) -> Markup {
        var out = Markup()
        func head(_ location: String, _ text: String) {
            out.append(location, .location)
            out.append(": ")
            out.append(severity.rawValue, .severity(severity))
            out.append(": " + text)
        }
        if let range {
            let within = function.map { " (in fn \($0))" } ?? ""
            head("\(name):\(range.line):\(range.column)", "\(message)\(within)")
            if let line = lines.line(range.line) {
                let shown = Diagnostic.clip(line, around: range.column)
                let scalars = Array(shown.text.unicodeScalars)
                out.append("\n  " + shown.text)
                let length = range.end.subtractingReportingOverflow(range.start)
                let width = max(1, min(length.overflow ? 1 : length.partialValue, scalars.count - shown.caretColumn + 1))
                let pad = String(repeating: " ", count: DisplayWidth.of(String(String.UnicodeScalarView(scalars.prefix(shown.caretColumn - 1)))))
                let under = String(String.UnicodeScalarView(scalars.dropFirst(shown.caretColumn - 1).prefix(width)))
                out.append("\n  " + pad)
                out.append("^" + String(repeating: "~", count: max(0, DisplayWidth.of(under) - 1)), .caret)
            }
        } else {
            head(name, message)
        }
        if let hint {
            out.append("\n  ")
            out.append("hint:", .hint)
            out.append(" \(hint)")
        }
        return out
    }

    /// Line `number` (1-based) of `source` without its line break, as it can be shown, or `nil`
    /// if there is no such line. Lines end as ``LineBreak`` says, the same as the lexer counts.
    static func line(_ number: Int, of source: String) -> String? {
        SourceLines(source).line(number).map { String(String.UnicodeScalarView($0)).shownInDiagnostic() }
    }

    /// Long lines (a 10 MB one-liner) are shown as a window of 100 scalars around the column.
    /// Total: any column (even one outside the line) gives a window and a caret column within
    /// one past its end.
    static func clip(_ text: String, around column: Int) -> (text: String, caretColumn: Int) {
        clip(Array(text.unicodeScalars)[...], around: column)
    }

    /// The window of `line` (as it can be shown) around `column`; only the window is copied.
    static func clip(_ line: ArraySlice<Unicode.Scalar>, around column: Int) -> (text: String, caretColumn: Int) {
        let count = line.count
        let column = min(max(column, 1), count + 1)
        let shown = { (part: ArraySlice<Unicode.Scalar>) in String(String.UnicodeScalarView(part)).shownInDiagnostic() }
        guard count > 120 else { return (shown(line), column) }
        let from = max(0, column - 60)
        let to = min(count, from + 100)
        let window = line[(line.startIndex + from)..<(line.startIndex + max(from, to))]
        let prefix = from > 0 ? "…" : ""
        return (prefix + shown(window) + (to < count ? "…" : ""), column - from + (from > 0 ? 1 : 0))
    }
}

/// A source's scalars and where each of its lines starts and ends (before its break), found
/// once so that many diagnostics of one source render without scanning it again.
struct SourceLines {
    private let scalars: [Unicode.Scalar]
    /// `bounds[k]`: the scalars of line k + 1, without its line break.
    private var bounds: [Range<Int>] = []

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
        var start = 0
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if LineBreak.isBreak(c, before: i + 1 < scalars.count ? scalars[i + 1] : nil) {
                // A `\r` before this `\n` belongs to the break, not to the line.
                let end = c == "\n" && i > start && scalars[i - 1] == "\r" ? i - 1 : i
                bounds.append(start..<end)
                start = i + 1
            }
            i += 1
        }
        bounds.append(start..<scalars.count)
    }

    /// The scalars of line `number` (1-based), or `nil` if there is no such line.
    func line(_ number: Int) -> ArraySlice<Unicode.Scalar>? {
        guard number >= 1, number <= bounds.count else { return nil }
        return scalars[bounds[number - 1]]
    }
}

/// How source text divides into lines, for the lexer's line numbers, the line a diagnostic
/// shows and the line of a bad UTF-8 byte alike: `\n`, `\r\n` and a lone `\r` each end a
/// line (as in Swift). U+2028 and U+2029 do not: they are characters of the line (an
/// unexpected character outside strings and comments, shown as U+FFFD).
public enum LineBreak {
    /// Whether a new line starts after `scalar`, given the scalar that follows it (`nil` at the
    /// end): after `\n`, and after a `\r` not followed by `\n` (in `\r\n` the line ends after
    /// the `\n`).
    public static func isBreak(_ scalar: Unicode.Scalar, before next: Unicode.Scalar?) -> Bool {
        scalar == "\n" || (scalar == "\r" && next != "\n")
    }

    /// Whether `scalar` is, or starts, a line break.
    public static func starts(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r"
    }
}

extension String {
    /// The line as it can be shown safely, one shown scalar for each scalar of the line so that
    /// columns stay true: tabs as spaces, and control and format characters (ESC, zero-width
    /// space, a stray carriage return) and U+2028/U+2029 as U+FFFD, so nothing is sent to the
    /// terminal raw.
    fileprivate func shownInDiagnostic() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { c -> Unicode.Scalar in
            if c == "\t" { return " " }
            switch c.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: return "\u{FFFD}"
            default: return c
            }
        }))
    }
}

/// Terminal display width of text: East-Asian wide and full-width characters take two
/// columns, combining marks and zero-width characters none.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        // Printable ASCII is one column a byte (the usual table cell), without Unicode lookups.
        if text.utf8.allSatisfy({ (0x20..<0x7F).contains($0) }) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if (0x20..<0x7F).contains(v) { return 1 }
        if v == 0 || v == 0x200B || v == 0x200D || v == 0xFE0F { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// `text` padded with spaces on the left (`right: true`) or right to `width` display columns.
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(text)))
        return right ? fill + text : text + fill
    }
}
