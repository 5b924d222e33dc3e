/// Text with the kind of each part marked: what the core returns for results and diagnostics,
/// so that renderers need not read rendered text back. The terminal renderer of the `vmp`
/// executable colours by kind; ``plain`` ignores the kinds; exporters use the values themselves.
public struct Markup: Sendable, Equatable, CustomStringConvertible {
    /// What a part of the text is.
    public enum Kind: Sendable, Equatable {
        case plain
        /// The digits of a number.
        case number
        /// A unit after a number or in a heading: `million RMB`.
        case unit
        /// A table's header row (units inside it are ``unit`` parts).
        case header
        /// `file:line:col` before a diagnostic.
        case location
        /// The severity word of a diagnostic: `error`, `warning`, `note`.
        case severity(Diagnostic.Severity)
        /// The caret line under the cause of a diagnostic: `^~~~`.
        case caret
        /// `hint:` before a hint.
        case hint
    }

    /// One run of text of one kind.
    public struct Part: Sendable, Equatable {
        public var kind: Kind
        public var text: String

        public init(kind: Kind, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    public private(set) var parts: [Part] = []

    public init() {}

    public init(_ text: String, _ kind: Kind = .plain) {
        append(text, kind)
    }

    /// The text without kinds.
    public var plain: String { parts.map(\.text).joined() }

    public var description: String { plain }

    /// Appends `text` as a part of `kind` (merged with the last part when it has the same kind).
    public mutating func append(_ text: String, _ kind: Kind = .plain) {
        guard !text.isEmpty else { return }
        if let last = parts.last, last.kind == kind {
            parts[parts.count - 1].text += text
        } else {
            parts.append(Part(kind: kind, text: text))
        }
    }

    public mutating func append(_ other: Markup) {
        for part in other.parts { append(part.text, part.kind) }
    }

    public static func + (a: Markup, b: Markup) -> Markup {
        var out = a
        out.append(b)
        return out
    }

    /// `items` joined by `separator` (plain).
    public static func joined(_ items: [Markup], separator: String) -> Markup {
        var out = Markup()
        for (i, item) in items.enumerated() {
            if i > 0 { out.append(separator) }
            out.append(item)
        }
        return out
    }

    /// The lines of the text, each with its parts (a part spanning lines is split).
    public var lines: [Markup] {
        var out = [Markup()]
        for part in parts {
            let pieces = part.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i > 0 { out.append(Markup()) }
                out[out.count - 1].append(String(piece), part.kind)
            }
        }
        return out
    }

    /// The display width of the text (CJK characters count two columns).
    public var width: Int { DisplayWidth.of(plain) }

    /// `name (unit)` in a heading: the name as `kind`, the unit marked as a unit.
    public static func heading(_ name: String, unit: String?, _ kind: Kind = .header) -> Markup {
        var out = Markup(name, kind)
        if let unit, !unit.isEmpty {
            out.append(" (", kind)
            out.append(unit, .unit)
            out.append(")", kind)
        }
        return out
    }

    /// A message of the command line in the diagnostics' form: `vmp: error: cannot read 'x'`.
    public static func message(_ severity: Diagnostic.Severity, _ text: String, from source: String = "vmp") -> Markup {
        var out = Markup(source, .location)
        out.append(": ")
        out.append(severity.rawValue, .severity(severity))
        out.append(": " + text)
        return out
    }
}
