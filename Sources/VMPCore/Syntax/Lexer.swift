/// Turns source text into tokens: `tokenize(source) -> [Token]`.
///
/// Comments run from `#` to the end of the line (a first line `#!…` is a comment too).
/// Newlines are tokens, except inside `(` `)` and `[` `]`, where they are skipped. A line ends
/// with `\n`, `\r\n` or a lone `\r` (see ``LineBreak``): each is one newline token, and lines
/// and columns count the way diagnostics show the line.
/// A string with interpolations `"a {x} b"` is a run of tokens (``TokenKind/stringStart``,
/// the expression's tokens, ``TokenKind/stringMiddle`` …, ``TokenKind/stringEnd``), so the
/// parser and completion see the expressions inside strings as tokens too.
/// Errors: a number out of the range of a Double (`1e309`, `1e-400`), a string not closed on
/// its line, an interpolation without its `}`, a character that starts no token.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var bracketDepth = 0

    public init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// The interpolations open around the current position, innermost last: where its `{`
    /// stands (for errors) and how many `{` inside it are open.
    private var interpolations: [(open: SourceRange, braces: Int)] = []
    private let offsetBase = 0

    /// All tokens of the source, ending with `.end`; or the first lexical error.
    public static func tokenize(_ source: String) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(source)
        return try lexer.run()
    }

    /// The tokens of text that may stop anywhere (the text before the cursor, for completion):
    /// as many tokens as lex, and whether the text ends inside a string or a comment.
    public struct Prefix: Sendable {
        public var tokens: [Token]
        /// The scalar offset where the text of the string the prefix ends in starts (after its
        /// quote, or after the `}` of its last interpolation); `nil` outside a string.
        public var openString: Int?
        /// The prefix ends inside a comment.
        public var inComment: Bool
    }

    /// ``Prefix`` of `source`: never fails; lexing stops at the first error.
    public static func tokenizePrefix(_ source: String) -> Prefix {
        var lexer = Lexer(source)
        var tokens: [Token] = []
        do {
            tokens = try lexer.run(into: &tokens)
        } catch {
            // Keep what was lexed before the error.
        }
        return Prefix(tokens: tokens, openString: lexer.openStringText, inComment: lexer.endedInComment)
    }

    /// For ``tokenizePrefix(_:)``: where the text of an unclosed string starts; whether the
    /// text ends inside a comment.
    private var openStringText: Int?
    private var endedInComment = false

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private func peek(_ k: Int = 1) -> Unicode.Scalar? { index + k < scalars.count ? scalars[index + k] : nil }

    /// Moves past the current scalar, counting lines as ``LineBreak`` does (the `\r` of `\r\n`
    /// is the last column of its line). At the end of the input it does nothing.
    private mutating func advance() {
        guard index < scalars.count else { return }
        let c = scalars[index]
        index += 1
        if LineBreak.isBreak(c, before: current) {
            line += 1
            column = 1
        } else {
            column += 1
        }
    }

    private func rangeFrom(_ start: (Int, Int, Int)) -> SourceRange {
        SourceRange(start: offsetBase + start.0, end: offsetBase + index, line: start.1, column: start.2)
    }

    mutating func run() throws(Diagnostic) -> [Token] {
        var tokens: [Token] = []
        return try run(into: &tokens)
    }

    /// Lexes into `tokens` (which keeps what was lexed when an error is thrown).
    private mutating func run(into tokens: inout [Token]) throws(Diagnostic) -> [Token] {
        while let c = current {
            let start = (index, line, column)
            switch c {
            case " ", "\t":
                advance()
            case "#":
                while let d = current, !LineBreak.starts(d) { advance() }
                endedInComment = current == nil
            case "\n", "\r":
                if let open = interpolations.last?.open { throw Lexer.unclosedInterpolation(open) }
                if c == "\r", peek() == "\n" { advance() } // `\r\n` is one line break
                advance()
                if bracketDepth == 0 {
                    tokens.append(Token(kind: .newline, text: "\n", range: rangeFrom(start)))
                }
            case "{" where !interpolations.isEmpty:
                interpolations[interpolations.count - 1].braces += 1
                tokens.append(try symbol(start))
            case "}" where interpolations.last?.braces == 0:
                // The end of an interpolation: the string goes on.
                interpolations.removeLast()
                advance()
                tokens.append(try stringText(start, opening: false))
            case "}" where !interpolations.isEmpty:
                interpolations[interpolations.count - 1].braces -= 1
                tokens.append(try symbol(start))
            case "0"..."9":
                tokens.append(try number(start))
            case "." where peek().map { ("0"..."9").contains($0) } == true
                && (index == 0 || !(Lexer.isIdentifierContinue(scalars[index - 1]) || ".)]\"".unicodeScalars.contains(scalars[index - 1]))):
                // `.5`, `50*.85` (not `x.5`, `2015...2022`): say how to write it, not "expected a value, found '.'".
                advance()
                digits()
                let text = String(String.UnicodeScalarView(scalars[start.0..<index]))
                throw Diagnostic(.lexical, "a number needs a digit before its decimal point", at: rangeFrom(start), hint: "write 0\(text)")
            case "\"":
                advance() // opening quote
                tokens.append(try stringText(start, opening: true))
            default:
                if Lexer.isIdentifierStart(c) {
                    while let d = current, Lexer.isIdentifierContinue(d) { advance() }
                    let text = String(String.UnicodeScalarView(scalars[start.0..<index]))
                    tokens.append(Token(kind: keywords.contains(text) ? .keyword : .identifier, text: text, range: rangeFrom(start)))
                } else {
                    tokens.append(try symbol(start))
                }
            }
        }
        if let open = interpolations.last?.open { throw Lexer.unclosedInterpolation(open) }
        tokens.append(Token(kind: .end, text: "", range: SourceRange(start: offsetBase + index, end: offsetBase + index, line: line, column: column)))
        return tokens
    }

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || ("0"..."9").contains(c) || c.properties.generalCategory == .nonspacingMark
            || c.properties.generalCategory == .decimalNumber
    }

    private mutating func symbol(_ start: (Int, Int, Int)) throws(Diagnostic) -> Token {
        guard let c = current else { throw Diagnostic(.lexical, "unexpected end of input", at: rangeFrom(start)) }
        let two: [String] = ["..", "==", "!=", "<=", ">="]
        if let n = peek() {
            let pair = String(Character(c)) + String(Character(n))
            if two.contains(pair) {
                advance(); advance()
                return Token(kind: .symbol, text: pair, range: rangeFrom(start))
            }
        }
        let single = "()[]{},.+-*/^%=<>:;"
        guard single.unicodeScalars.contains(c) else {
            advance()
            let invisible = [.control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator].contains(c.properties.generalCategory)
            let hex = String(c.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            let shown = invisible || c == "\u{FFFD}" ? code : "'\(Character(c))' (\(code))"
            let lookalikes: [Unicode.Scalar: String] = ["\u{2212}": "-", "\u{00D7}": "*", "\u{00F7}": "/", "\u{201C}": "\"", "\u{201D}": "\"", "\u{2013}": "-"]
            throw Diagnostic(.lexical, "unexpected character \(shown)", at: rangeFrom(start),
                             hint: lookalikes[c].map { "write the ASCII '\($0)'" })
        }
        switch c {
        case "(", "[": bracketDepth += 1
        case ")", "]": bracketDepth = max(0, bracketDepth - 1)
        default: break
        }
        advance()
        return Token(kind: .symbol, text: String(Character(c)), range: rangeFrom(start))
    }

    private mutating func digits() {
        while let d = current, ("0"..."9").contains(d) { advance() }
    }

    private mutating func number(_ start: (Int, Int, Int)) throws(Diagnostic) -> Token {
        digits()
        try notDecimal(start)
        // A fraction needs a digit after the dot, so `2015..2022` stays a range.
        if current == ".", let n = peek(), ("0"..."9").contains(n) {
            advance()
            digits()
        } else if current == ".", peek().map({ $0 != "." && !Lexer.isIdentifierStart($0) }) ?? true {
            // `5.` or `5. t` (not `5..7`, not `x.cost`-like member access).
            advance()
            let text = String(String.UnicodeScalarView(scalars[start.0..<index]))
            throw Diagnostic(.lexical, "a digit must follow the decimal point in \(text)", at: rangeFrom(start),
                             hint: "write \(text.dropLast()) or \(text)0")
        }
        if current == "e" || current == "E" {
            let save = (index, line, column)
            advance()
            if current == "+" || current == "-" { advance() }
            if let d = current, ("0"..."9").contains(d) {
                digits()
            } else if current.map({ !Lexer.isIdentifierContinue($0) }) ?? true {
                // `1e`, `1e+`: an exponent without digits (but `1else` is `1` then `else`).
                let text = String(String.UnicodeScalarView(scalars[start.0..<index]))
                throw Diagnostic(.lexical, "the exponent of \(text) has no digits", at: rangeFrom(start),
                                 hint: "an exponent is written 1e3 (1000) or 2.5e-4")
            } else {
                (index, line, column) = save
            }
        }
        if current == "_", let n = peek(), ("0"..."9").contains(n) {
            // `1_000`: no digit separators.
            while let d = current, d == "_" || ("0"..."9").contains(d) { advance() }
            let text = String(String.UnicodeScalarView(scalars[start.0..<index]))
            throw Diagnostic(.lexical, "digits cannot be grouped with '_' in \(text)", at: rangeFrom(start),
                             hint: "write \(text.filter { $0 != "_" })")
        }
        let text = String(String.UnicodeScalarView(scalars[start.0..<index]))
        let range = rangeFrom(start)
        guard let value = Double(text), value.isFinite else {
            throw Diagnostic(.lexical, "number literal \(text) is out of range (largest is about 1.8e308)", at: range)
        }
        let mantissaHasDigit = text.unicodeScalars.prefix { $0 != "e" && $0 != "E" }.contains { ("1"..."9").contains($0) }
        if mantissaHasDigit && (value == 0 || value.magnitude < Double.leastNormalMagnitude) {
            throw Diagnostic(.lexical, "number literal \(text) is too small to represent (the smallest is \(Double.leastNormalMagnitude))", at: range)
        }
        return Token(kind: .number, text: text, range: range, number: value)
    }

    /// After a lone `0`: `0x1F`, `0b101`, `0o17` are not numbers of the language; say what to write.
    private mutating func notDecimal(_ start: (Int, Int, Int)) throws(Diagnostic) {
        guard index == start.0 + 1, scalars[start.0] == "0", let p = current else { return }
        let bases: [Unicode.Scalar: (radix: Int, name: String)] = ["x": (16, "hexadecimal"), "X": (16, "hexadecimal"),
                                                                  "b": (2, "binary"), "B": (2, "binary"), "o": (8, "octal"), "O": (8, "octal")]
        guard let base = bases[p], let n = peek(), Int(String(Character(n)), radix: base.radix) != nil else { return }
        advance()
        while let d = current, Lexer.isIdentifierContinue(d) { advance() }
        let text = String(String.UnicodeScalarView(scalars[start.0..<index]))
        let value = Int(String(text.dropFirst(2)), radix: base.radix).flatMap { $0 <= 1 << 53 ? $0 : nil }
        throw Diagnostic(.lexical, "\(base.name) numbers like \(text) are not supported: numbers are decimal", at: rangeFrom(start),
                         hint: value.map { "write \($0)" })
    }

    /// The text of a string from the current position (just after its opening quote, or after
    /// the `}` of an interpolation) to its closing quote or its next unescaped `{`, escapes
    /// undone: a whole ``TokenKind/string``, or a piece of a string with interpolations.
    private mutating func stringText(_ start: (Int, Int, Int), opening: Bool) throws(Diagnostic) -> Token {
        var text = String.UnicodeScalarView()
        openStringText = index
        while true {
            guard let c = current, !LineBreak.starts(c) else {
                if current != nil { openStringText = nil }
                // A string opened inside an interpolation that never closed: the `{` is the cause.
                if let open = interpolations.last?.open { throw Lexer.unclosedInterpolation(open) }
                throw Diagnostic(.lexical, "unterminated string (strings end on the line they start)", at: rangeFrom(start),
                                 hint: "close it with \"")
            }
            if c == "\"" {
                advance()
                openStringText = nil
                return Token(kind: opening ? .string : .stringEnd, text: String(text), range: rangeFrom(start))
            }
            if c == "{" {
                let brace = (index, line, column)
                advance()
                interpolations.append((rangeFrom(brace), 0))
                openStringText = nil
                return Token(kind: opening ? .stringStart : .stringMiddle, text: String(text), range: rangeFrom(start))
            }
            if c == "}" {
                let brace = (index, line, column)
                advance()
                throw Diagnostic(.syntax, "'}' in a string has no matching '{'", at: rangeFrom(brace), hint: "write \\} for a literal brace")
            }
            if c == "\\" {
                let escStart = (index, line, column)
                advance()
                guard let e = current, !LineBreak.starts(e) else {
                    throw Diagnostic(.lexical, "unterminated string (strings end on the line they start)", at: rangeFrom(start),
                                     hint: "close it with \"")
                }
                switch e {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "\"", "\\", "{", "}": text.append(e)
                default:
                    advance()
                    throw Diagnostic(.lexical, "unknown escape \\\(Character(e)) (known: \\n \\t \\\" \\\\ \\{ \\})", at: rangeFrom(escStart))
                }
                advance()
                continue
            }
            text.append(c)
            advance()
        }
    }

    private static func unclosedInterpolation(_ open: SourceRange) -> Diagnostic {
        Diagnostic(.syntax, "'{' in a string has no matching '}'", at: open, hint: "write \\{ for a literal brace")
    }
}
