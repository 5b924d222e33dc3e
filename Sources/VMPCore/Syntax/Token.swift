/// The kinds of token the ``Lexer`` produces.
public enum TokenKind: Hashable, Sendable {
    case number          // 12, 0.070, 1e-3
    case string          // "text" (a string without interpolation)
    /// A string with interpolations is a run of tokens: `"a {x} b {y} c"` is
    /// stringStart("a "), x, stringMiddle(" b "), y, stringEnd(" c"). The middle and end
    /// tokens start at the `}` that closes the interpolation before them.
    case stringStart
    case stringMiddle
    case stringEnd
    case identifier      // S3, cost, link, t
    case keyword         // let fn if then else for in print and or not true false NA
    case symbol          // ( ) [ ] { } , . .. + - * / ^ % = == != < <= > >= : ;
    case newline
    case end
}

/// One token: its kind, its exact text, and where it stands in the source.
public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    /// The text as written (for strings and their pieces: the text, escapes undone).
    public var text: String
    public var range: SourceRange
    /// For numbers: the value (finite, checked by the lexer).
    public var number: Double?

    public init(kind: TokenKind, text: String, range: SourceRange, number: Double? = nil) {
        self.kind = kind
        self.text = text
        self.range = range
        self.number = number
    }

    public func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
    public func isKeyword(_ s: String) -> Bool { kind == .keyword && text == s }
}

/// Words reserved by the grammar (`Grammar/vmp.ebnf`).
public let keywords: Set<String> = [
    "let", "fn", "if", "then", "else", "for", "in", "print", "and", "or", "not", "true", "false", "NA",
    "shock", "by", "load", "export", "plot", "aggregate",
]
