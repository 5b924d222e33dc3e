/// The kinds of token the ``Lexer`` produces.
public enum TokenKind: Hashable, Sendable {
    case number          // 12, 0.070, 1e-3
    case string          // "text with {interpolation}"
    case identifier      // S3, cost, link, t
    case keyword         // let fn if then else for in print and or not true false NA
    case symbol          // ( ) [ ] { } , . .. + - * / ^ % = == != < <= > >= : ;
    case newline
    case end
}

/// One token: its kind, its exact text, and where it stands in the source.
public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    /// The text as written (for strings: the contents between the quotes, escapes undone).
    public var text: String
    public var range: SourceRange
    /// For numbers: the value (finite, checked by the lexer).
    public var number: Double?
    /// For strings: the offset (in scalars) of the first character after the opening quote,
    /// so interpolated expressions get true positions. `rawText` keeps the unescaped source.
    public var rawText: String?

    public init(kind: TokenKind, text: String, range: SourceRange, number: Double? = nil, rawText: String? = nil) {
        self.kind = kind
        self.text = text
        self.range = range
        self.number = number
        self.rawText = rawText
    }

    func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
    func isKeyword(_ s: String) -> Bool { kind == .keyword && text == s }
}

/// Words reserved by the grammar (`Grammar/vmp.ebnf`).
public let keywords: Set<String> = [
    "let", "fn", "if", "then", "else", "for", "in", "print", "and", "or", "not", "true", "false", "NA",
    "shock", "by", "load", "export", "plot",
]
