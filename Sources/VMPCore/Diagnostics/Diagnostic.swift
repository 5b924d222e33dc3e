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

    /// `name:line:col: error: message`, the source line, and a caret under the column
    /// (placed by display width), then `hint: …` if there is one.
    public func render(source: String, name: String) -> String {
        markup(source: source, name: name).plain
    }

    /// ``render(source:name:)`` with its parts marked: the location, the severity word, the
    /// caret line and `hint:`, for a renderer that colours them.
    public func markup(source: String, name: String) -> Markup {
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
            if let text = Diagnostic.line(range.line, of: source) {
                let shown = Diagnostic.clip(text, around: range.column)
                out.append("\n  " + shown.text)
                let width = max(1, min(range.end - range.start, shown.text.unicodeScalars.count - shown.caretColumn + 1))
                let pad = String(repeating: " ", count: DisplayWidth.of(String(String.UnicodeScalarView(shown.text.unicodeScalars.prefix(shown.caretColumn - 1)))))
                let under = String(String.UnicodeScalarView(shown.text.unicodeScalars.dropFirst(shown.caretColumn - 1).prefix(width)))
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

    static func line(_ number: Int, of source: String) -> String? {
        var current = 1
        var lineStart = source.unicodeScalars.startIndex
        var index = lineStart
        let scalars = source.unicodeScalars
        while index != scalars.endIndex {
            if scalars[index] == "\n" {
                if current == number { return String(scalars[lineStart..<index]).replacingTabs() }
                current += 1
                lineStart = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        return current == number ? String(scalars[lineStart..<index]).replacingTabs() : nil
    }

    /// Long lines (a 10 MB one-liner) are shown as a window of 100 scalars around the column.
    static func clip(_ text: String, around column: Int) -> (text: String, caretColumn: Int) {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count > 120 else { return (text, column) }
        let from = max(0, column - 60)
        let to = min(scalars.count, from + 100)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[from..<to])
        let prefix = from > 0 ? "…" : ""
        return (prefix + String(view) + (to < scalars.count ? "…" : ""), column - from + (from > 0 ? 1 : 0))
    }
}

extension String {
    /// The line as it can be shown safely: tabs as spaces, no carriage returns, and other
    /// control and format characters (ESC, zero-width space) as U+FFFD, so nothing is sent to
    /// the terminal raw.
    fileprivate func replacingTabs() -> String {
        String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "\r" }.map { c -> Unicode.Scalar in
            if c == "\t" { return " " }
            switch c.properties.generalCategory {
            case .control, .format: return "\u{FFFD}"
            default: return c
            }
        }))
    }
}

/// Terminal display width of text: East-Asian wide and full-width characters take two
/// columns, combining marks and zero-width characters none.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
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
