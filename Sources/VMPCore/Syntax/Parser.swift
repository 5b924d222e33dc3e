import Foundation

/// Builds statements from tokens: `Parser.parse(source) -> ([Statement], [Diagnostic])`.
///
/// Recursive descent, one function per rule of `Grammar/vmp.ebnf` (each quotes its rule).
/// After an error the parser skips to the end of the line (or `;`) and goes on, so a script
/// gets all its syntax errors at once. Nesting deeper than ``Parser/maxDepth`` is a
/// ``Diagnostic/Kind-swift.enum/limit`` diagnostic, never a stack overflow.
public struct Parser {
    /// How deeply brackets, blocks, `if`s and unary operators may nest.
    public static let maxDepth = 200
    /// How many binary operators one chain may have (`1 + 1 + …`): the tree it builds is
    /// that deep, and walking or freeing a deeper one would exhaust the stack.
    public static let maxChain = 10_000

    private var tokens: [Token]
    private var position = 0
    /// Names bound by statements that failed to parse (``parseRecovering(_:)``).
    private var boundByBrokenStatements: [String] = []
    private var depth = 0
    private var chainLength = 0

    /// Unit words beyond the registry's: those the session's chains declare (`new_units`).
    private var declaredUnits: Set<String> = []

    public init(tokens: [Token], declaredUnits: Set<String> = []) {
        self.tokens = tokens
        self.declaredUnits = declaredUnits
    }

    /// Lexes and parses a whole source. Diagnostics come in source order; a lexical error
    /// ends the parse (nothing after it is reliable).
    /// `declaredUnits`: unit words the session's chains add to the registry.
    public static func parse(_ source: String, declaredUnits: Set<String> = []) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        let tokens: [Token]
        do {
            tokens = try Lexer.tokenize(source)
        } catch {
            return ([], [error])
        }
        var parser = Parser(tokens: tokens, declaredUnits: declaredUnits)
        return parser.parseProgram()
    }

    /// ``parse(_:)``, and the names that statements with syntax errors would have bound
    /// (`let x = 1 +* 2` binds `x`), so that a checker walking the statements that did parse
    /// does not call their later uses unknown.
    public static func parseRecovering(_ source: String, declaredUnits: Set<String> = []) -> (statements: [Statement], diagnostics: [Diagnostic], boundByBrokenStatements: [String]) {
        let tokens: [Token]
        do {
            tokens = try Lexer.tokenize(source)
        } catch {
            return ([], [error], [])
        }
        var parser = Parser(tokens: tokens, declaredUnits: declaredUnits)
        let (statements, diagnostics) = parser.parseProgram()
        return (statements, diagnostics, parser.boundByBrokenStatements)
    }

    // MARK: - Token helpers

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    private func peek(_ k: Int = 1) -> Token { tokens[min(position + k, tokens.count - 1)] }
    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    private func error(_ message: String, at token: Token? = nil, hint: String? = nil) -> Diagnostic {
        let t = token ?? current
        if t.kind == .end {
            let text = message.replacingOccurrences(of: ", found end of input", with: "")
            return Diagnostic(.unexpectedEndOfInput, "unexpected end of input: " + text, at: endOfLastToken, hint: hint)
        }
        return Diagnostic(.syntax, message, at: t.range, hint: hint)
    }

    /// Just after the last token before the end, so "unexpected end of input" points at the
    /// line that is unfinished rather than at an empty line past it.
    private var endOfLastToken: SourceRange {
        guard let last = tokens.last(where: { $0.kind != .end && $0.kind != .newline }) else {
            return current.range
        }
        let r = last.range
        let column = r.column + (r.end - r.start)
        return SourceRange(start: r.end, end: r.end + 1, line: r.line, column: column)
    }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .end: return "end of input"
        case .newline: return "end of line"
        case .string, .stringStart: return "a string"
        case .stringMiddle, .stringEnd: return "'}'"
        case .number: return "number \(t.text)"
        default: return "'\(t.text)'"
        }
    }

    @discardableResult
    private mutating func expectSymbol(_ s: String, _ what: String) throws(Diagnostic) -> Token {
        guard current.isSymbol(s) else {
            throw error("expected '\(s)' \(what), found \(describe(current))")
        }
        let t = current
        advance()
        return t
    }

    private mutating func expectIdentifier(_ what: String) throws(Diagnostic) -> Token {
        guard current.kind == .identifier else {
            if current.kind == .keyword {
                throw error("expected \(what), found keyword '\(current.text)' (keywords cannot be names)")
            }
            throw error("expected \(what), found \(describe(current))")
        }
        let t = current
        advance()
        return t
    }

    private mutating func enter() throws(Diagnostic) {
        depth += 1
        if depth > Parser.maxDepth {
            throw Diagnostic(.limit, "nesting is too deep (more than \(Parser.maxDepth) levels)", at: current.range)
        }
    }

    private mutating func leave() { depth -= 1 }

    /// Counts one more binary operator in the chains being parsed (including enclosing ones),
    /// which bounds the depth of the tree they build.
    private mutating func countChain() throws(Diagnostic) {
        chainLength += 1
        if chainLength > Parser.maxChain {
            throw Diagnostic(.limit, "expression is too long (more than \(Parser.maxChain) operators in a row)", at: current.range,
                             hint: "split it with 'let' bindings")
        }
    }

    // MARK: - Statements

    /// program = { sep } [ statement { sep { sep } statement } { sep } ] EOF ;
    /// sep = NEWLINE | ";" ;
    mutating func parseProgram() -> ([Statement], [Diagnostic]) {
        var statements: [Statement] = []
        var diagnostics: [Diagnostic] = []
        while true {
            while current.kind == .newline || current.isSymbol(";") { advance() }
            if current.kind == .end { break }
            let first = position
            do throws(Diagnostic) {
                depth = -1 // the statement's own expression is level 0; each bracket adds one
                statements.append(try parseStatement())
                if !(current.kind == .newline || current.isSymbol(";") || current.kind == .end) {
                    throw error("expected end of statement, found \(describe(current))",
                                hint: current.kind == .identifier && tokens[max(0, position - 1)].kind == .number
                                    ? "'\(current.text)' is not a unit; units: \(UnitRegistry.wordsList) (a chain adds its own with new_units in its manifest)" : nil)
                }
            } catch {
                diagnostics.append(error)
                if let name = bindingName(ofStatementAt: first) { boundByBrokenStatements.append(name) }
                if error.kind == .unexpectedEndOfInput { break }
                recover()
            }
        }
        return (statements, diagnostics)
    }

    /// The name a statement starting at token `index` binds: `let NAME`, `fn NAME`, or
    /// `load … as NAME` or `aggregate … as NAME` (on its line).
    private func bindingName(ofStatementAt index: Int) -> String? {
        guard index + 1 < tokens.count else { return nil }
        let first = tokens[index], second = tokens[index + 1]
        if (first.isKeyword("let") || first.isKeyword("fn")), second.kind == .identifier { return second.text }
        guard first.isKeyword("load") || first.isKeyword("aggregate") else { return nil }
        var i = index + 1
        while i + 1 < tokens.count, tokens[i].kind != .newline, tokens[i].kind != .end {
            if tokens[i].kind == .identifier, tokens[i].text == "as", tokens[i + 1].kind == .identifier { return tokens[i + 1].text }
            i += 1
        }
        return nil
    }

    /// Skips to the next statement boundary outside braces.
    private mutating func recover() {
        var braces = 0
        while current.kind != .end {
            if current.isSymbol("{") { braces += 1 }
            if current.isSymbol("}") { braces -= 1 }
            if braces <= 0 && (current.kind == .newline || current.isSymbol(";")) { return }
            advance()
        }
    }

    /// statement = let_statement | fn_statement | for_statement | print_statement | load_statement | aggregate_statement | export_statement | plot_statement | command | expression ;
    mutating func parseStatement() throws(Diagnostic) -> Statement {
        let start = current
        if start.isKeyword("let") {
            // let_statement = "let" IDENT "=" expression ;
            advance()
            let name = try expectIdentifier("a name after 'let'")
            try expectSymbol("=", "after the name in 'let'")
            skipNewlines()
            let value = try parseExpression()
            return .let(name.text, value, nameRange: name.range, start.range.through(value.range))
        }
        if start.isKeyword("fn") {
            // fn_statement = "fn" IDENT "(" [ IDENT { "," IDENT } ] ")" "=" expression ;
            advance()
            let name = try expectIdentifier("a function name after 'fn'")
            try expectSymbol("(", "after the function name")
            var params: [String] = []
            if !current.isSymbol(")") {
                repeat {
                    let p = try expectIdentifier("a parameter name")
                    if params.contains(p.text) {
                        throw Diagnostic(.syntax, "parameter '\(p.text)' appears twice", at: p.range)
                    }
                    params.append(p.text)
                } while try consumeComma()
            }
            try expectSymbol(")", "to close the parameter list")
            try expectSymbol("=", "before the function body")
            skipNewlines()
            let body = try parseExpression()
            return .function(name: name.text, params: params, body: body, nameRange: name.range, start.range.through(body.range))
        }
        if start.isKeyword("for") {
            // for_statement = "for" IDENT "in" expression block ;
            advance()
            let variable = try expectIdentifier("a loop variable after 'for'")
            guard current.isKeyword("in") else { throw error("expected 'in' after the loop variable, found \(describe(current))") }
            advance()
            let over = try parseExpression()
            let (body, end) = try parseBlock()
            return .for(variable: variable.text, over, body: body, start.range.through(end))
        }
        if start.isKeyword("print") {
            // print_statement = "print" expression ;
            advance()
            let value = try parseExpression()
            return .print(value, start.range.through(value.range))
        }
        if start.isKeyword("load") {
            // load_statement = "load" expression "as" IDENT [ "year" expression ] ;
            advance()
            let path = try parseExpression()
            guard current.kind == .identifier, current.text == "as" else {
                throw error("expected 'as' and a name after the chain's path, found \(describe(current))", hint: "load \"chain.toml\" as li")
            }
            advance()
            let name = try expectIdentifier("a name for the chain after 'as'")
            if current.kind == .identifier, current.text == "year" {
                // The year of a table that has none (a pymrio folder, a wide table without a year).
                advance()
                let year = try parseExpression()
                return .load(path: path, name: name.text, nameRange: name.range, year: year, start.range.through(year.range))
            }
            return .load(path: path, name: name.text, nameRange: name.range, start.range.through(name.range))
        }
        if start.isKeyword("aggregate") {
            // aggregate_statement = "aggregate" [ IDENT ] "(" IDENT { "," IDENT } ")" "as" IDENT ;
            advance()
            var source: Token?
            if current.kind == .identifier {
                source = current
                advance()
            }
            try expectSymbol("(", "and the stages to merge after 'aggregate'\(source.map { " \($0.text)" } ?? "")")
            var stages: [Token] = []
            repeat {
                skipNewlines()
                stages.append(try expectIdentifier("a stage to merge"))
                skipNewlines()
            } while try consumeComma()
            try expectSymbol(")", "to close the list of stages")
            guard current.kind == .identifier, current.text == "as" else {
                throw error("expected 'as' and a name for the new chain after the stages, found \(describe(current))", hint: "aggregate (S1, S2) as merged")
            }
            advance()
            let name = try expectIdentifier("a name for the new chain after 'as'")
            let request = AggregateRequest(source: source?.text, sourceRange: source?.range, stages: stages.map(\.text),
                                           stageRanges: stages.map(\.range), name: name.text, nameRange: name.range)
            return .aggregate(request, start.range.through(name.range))
        }
        if start.isKeyword("export") {
            // export_statement = "export" expression "to" expression [ "overwrite" ] ;
            advance()
            let value = try parseExpression()
            guard current.kind == .identifier, current.text == "to" else {
                throw error("expected 'to' and a file name after the value, found \(describe(current))", hint: "export cost to \"cost.csv\"")
            }
            advance()
            let path = try parseExpression()
            var end = path.range
            var overwrite = false
            if current.kind == .identifier, current.text == "overwrite" {
                overwrite = true
                end = current.range
                advance()
            }
            return .export(value, path: path, overwrite: overwrite, start.range.through(end))
        }
        if start.isKeyword("plot") {
            return try parsePlot()
        }
        if start.isSymbol(":") {
            // command = ":" ( ( "source" | "explain" ) expression | "help" { topic_word } ) ;
            advance()
            let name = try expectIdentifier("a command name after ':'")
            if name.text == "help" { return parseHelpTopic(start) }
            guard name.text == "source" || name.text == "explain" else {
                let hint = "in scripts the commands are ':source EXPR', ':explain EXPR' and ':help [TOPIC]'; the REPL also has "
                    + Parser.replCommands.filter { $0 != "help" }.map { ":" + $0 }.joined(separator: ", ")
                if Parser.replCommands.contains(name.text), name.text != "help" {
                    throw Diagnostic(.syntax, "':\(name.text)' is a REPL command: it works at the vmp> prompt, not in a script", at: name.range, hint: hint)
                }
                throw Diagnostic(.syntax, "unknown command ':\(name.text)'", at: name.range, hint: hint)
            }
            let value = try parseExpression()
            return name.text == "source" ? .source(value, start.range.through(value.range)) : .explain(value, start.range.through(value.range))
        }
        return .expression(try parseExpression())
    }

    /// topic_word = any token but a newline, ";" or the end ;
    ///
    /// The words after `:help`, up to the end of the statement, as typed: `:help forward
    /// linkage`, `:help :source`. Tokens that touch in the source are joined without a space.
    private mutating func parseHelpTopic(_ start: Token) -> Statement {
        var topic = ""
        var end = start.range
        var previousEnd: Int?
        while current.kind != .newline, current.kind != .end, !current.isSymbol(";") {
            if let previousEnd, previousEnd != current.range.start { topic += " " }
            topic += current.kind == .string ? current.text.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) : current.text
            previousEnd = current.range.end
            end = current.range
            advance()
        }
        return .help(topic: topic.isEmpty ? nil : topic, start.range.through(end))
    }

    /// plot_statement = "plot" ( "chain" [ additive [ additive ] ] | expression { "," expression } ) [ "title" expression ] [ "caption" expression ] [ "to" expression [ "overwrite" ] ] ;
    ///
    /// `chain`, `title`, `caption`, `to` and `overwrite` are words only here. `chain` starts a
    /// diagram when what follows it cannot continue an expression (`plot chain 2020`, `plot chain`).
    private mutating func parsePlot() throws(Diagnostic) -> Statement {
        let start = current
        advance()
        var request = PlotRequest(subjects: [])
        var end = start.range
        let isWord = { (t: Token, w: String) in t.kind == .identifier && t.text == w }
        let ends = { (t: Token) in t.kind == .newline || t.kind == .end || t.isSymbol(";") || t.isSymbol("}") }
        let optionWords = ["title", "caption", "to"]
        if isWord(current, "chain"), ends(peek()) || peek().kind == .number || peek().kind == .identifier {
            request.isChain = true
            end = current.range
            advance()
            while request.chainArguments.count < 2, !ends(current), !optionWords.contains(where: { isWord(current, $0) }) {
                let argument = try parseAdditive()
                request.chainArguments.append(argument)
                end = argument.range
            }
        } else {
            if ends(current) {
                throw error("expected a value to plot after 'plot', found \(describe(current))", hint: "plot link(S2, S3), plot cost[2018], plot chain 2020")
            }
            repeat {
                let subject = try parseExpression()
                request.subjects.append(subject)
                end = subject.range
            } while try consumeComma()
        }
        // `title`, `caption` and `to` may begin continuation lines (followed by a value, they
        // cannot begin a statement of their own).
        func continues(_ w: String) -> Bool {
            var k = 0
            while peek(k).kind == .newline { k += 1 }
            let next = peek(k + 1)
            return isWord(peek(k), w) && (k == 0 || next.kind == .string || next.kind == .stringStart || next.kind == .identifier || next.kind == .number)
        }
        func take(_ w: String) -> Bool {
            guard continues(w) else { return false }
            skipNewlines()
            advance()
            return true
        }
        if take("title") {
            let title = try parseExpression()
            request.title = title
            end = title.range
        }
        if take("caption") {
            let caption = try parseExpression()
            request.caption = caption
            end = caption.range
        }
        if take("to") {
            let path = try parseExpression()
            request.path = path
            end = path.range
            if isWord(current, "overwrite") {
                request.overwrite = true
                end = current.range
                advance()
            }
        }
        guard ends(current) else {
            throw error("expected 'title', 'caption', 'to' or the end of the plot statement, found \(describe(current))",
                        hint: "plot link() title \"Forward linkages\" to \"fig.svg\" overwrite")
        }
        return .plot(request, start.range.through(end))
    }

    /// "did you mean 'million'?" for a word near a unit word; `nil` if none is near.
    static func nearestUnitWord(_ word: String) -> String? {
        Suggest.didYouMean(word, among: UnitRegistry.words.keys.sorted())
    }

    /// The hint when a unit was expected at `token`: the nearest unit word, else the list.
    private func unitHint(_ token: Token) -> String {
        (token.kind == .identifier ? Parser.nearestUnitWord(token.text) : nil) ?? "units: \(UnitRegistry.wordsList)"
    }

    /// The commands only the REPL knows (`:help`, `:save`, …); the language itself has `:source` and `:explain`.
    public static let replCommands = ["help", "quit", "vars", "reset", "load", "save", "save!", "echo"]

    /// A literal value (number, quantity, string, boolean, NA, percentage): never callable.
    private static func isLiteral(_ e: Expr) -> Bool {
        switch e {
        case .number, .quantity, .string, .bool, .na: return true
        case .percent(let inner, _): return isLiteral(inner)
        default: return false
        }
    }

    /// The binary operator the current symbol spells, if it is one that `accepts`.
    private func binaryOperator(where accepts: (BinaryOperator) -> Bool) -> BinaryOperator? {
        guard current.kind == .symbol, let op = BinaryOperator(rawValue: current.text), accepts(op) else { return nil }
        return op
    }

    private mutating func consumeComma() throws(Diagnostic) -> Bool {
        if current.isSymbol(",") {
            advance()
            return true
        }
        return false
    }

    /// block = "{" { sep } [ statement { sep { sep } statement } { sep } ] "}" ;
    private mutating func parseBlock() throws(Diagnostic) -> ([Statement], SourceRange) {
        try enter()
        defer { leave() }
        try expectSymbol("{", "to open the loop body")
        var body: [Statement] = []
        while true {
            while current.kind == .newline || current.isSymbol(";") { advance() }
            if current.isSymbol("}") {
                let end = current.range
                advance()
                return (body, end)
            }
            if current.kind == .end { throw error("expected '}' to close the block") }
            body.append(try parseStatement())
            guard current.kind == .newline || current.isSymbol(";") || current.isSymbol("}") else {
                throw error("expected end of statement, found \(describe(current))")
            }
        }
    }

    // MARK: - Expressions, one function per precedence level

    /// expression = if_expression | conversion ;
    mutating func parseExpression() throws(Diagnostic) -> Expr {
        try enter()
        defer { leave() }
        if current.isKeyword("if") {
            // if_expression = "if" expression "then" expression "else" expression ;
            let start = current
            advance()
            let condition = try parseExpression()
            skipNewlines()
            guard current.isKeyword("then") else { throw error("expected 'then' after the condition, found \(describe(current))") }
            advance()
            skipNewlines()
            let yes = try parseExpression()
            skipNewlines()
            guard current.isKeyword("else") else { throw error("expected 'else' (every 'if' needs one), found \(describe(current))") }
            advance()
            skipNewlines()
            let no = try parseExpression()
            return .conditional(condition, yes, no, start.range.through(no.range))
        }
        return try parseConversion()
    }

    /// conversion = or_expression [ "in" unit ] ;
    private mutating func parseConversion() throws(Diagnostic) -> Expr {
        let value = try parseOr()
        if current.isKeyword("in") {
            advance()
            guard let unit = try parseUnit(afterNumber: false) else {
                throw error("expected a unit after 'in', found \(describe(current))", hint: unitHint(current))
            }
            // A misspelt unit word after a good one (`in million RMD`) is still a unit problem.
            if current.kind == .identifier, let nearest = Parser.nearestUnitWord(current.text) {
                throw Diagnostic(.syntax, "unknown unit '\(current.text)'", at: current.range, hint: nearest)
            }
            if current.kind == .symbol, BinaryOperator(rawValue: current.text) != nil {
                throw error("expected end of statement, found \(describe(current))",
                            hint: "'in' binds loosest: put the conversion in parentheses, (\(InfixPrinter.print(.convert(value, unit, value.range.through(unit.range))))) \(current.text) …")
            }
            return .convert(value, unit, value.range.through(unit.range))
        }
        return value
    }

    /// or_expression = and_expression { "or" and_expression } ;
    private mutating func parseOr() throws(Diagnostic) -> Expr {
        let enclosing = chainLength
        defer { chainLength = enclosing }
        var left = try parseAnd()
        while current.isKeyword("or") {
            try countChain()
            let op = current
            advance()
            skipNewlines()
            let right = try parseAnd()
            left = .binary(op: .or, left, right, opRange: op.range, left.range.through(right.range))
        }
        return left
    }

    /// and_expression = not_expression { "and" not_expression } ;
    private mutating func parseAnd() throws(Diagnostic) -> Expr {
        let enclosing = chainLength
        defer { chainLength = enclosing }
        var left = try parseNot()
        while current.isKeyword("and") {
            try countChain()
            let op = current
            advance()
            skipNewlines()
            let right = try parseNot()
            left = .binary(op: .and, left, right, opRange: op.range, left.range.through(right.range))
        }
        return left
    }

    /// not_expression = "not" not_expression | comparison ;
    private mutating func parseNot() throws(Diagnostic) -> Expr {
        if current.isKeyword("not") {
            try enter()
            defer { leave() }
            let op = current
            advance()
            let operand = try parseNot()
            return .unary(op: .not, operand, opRange: op.range, op.range.through(operand.range))
        }
        return try parseComparison()
    }

    /// comparison = range [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) range ] ;
    private mutating func parseComparison() throws(Diagnostic) -> Expr {
        let left = try parseRange()
        if let op = binaryOperator(where: \.isComparison) {
            let opToken = current
            advance()
            skipNewlines()
            let right = try parseRange()
            if binaryOperator(where: \.isComparison) != nil {
                throw error("comparisons do not chain; combine them with 'and'")
            }
            return .binary(op: op, left, right, opRange: opToken.range, left.range.through(right.range))
        }
        if current.isSymbol("=") {
            throw error("'=' is not a comparison", hint: "use '==' to compare, or 'let NAME = …' to bind a name")
        }
        return left
    }

    /// range = additive [ ".." additive ] ;
    private mutating func parseRange() throws(Diagnostic) -> Expr {
        let left = try parseAdditive()
        if current.isSymbol("..") {
            advance()
            let right = try parseAdditive()
            return .range(left, right, left.range.through(right.range))
        }
        return left
    }

    /// additive = multiplicative { ( "+" | "-" ) multiplicative } ;
    private mutating func parseAdditive() throws(Diagnostic) -> Expr {
        let enclosing = chainLength
        defer { chainLength = enclosing }
        var left = try parseMultiplicative()
        while let op = binaryOperator(where: { [.add, .subtract].contains($0) }) {
            try countChain()
            let opToken = current
            advance()
            skipNewlines()
            let right = try parseMultiplicative()
            left = .binary(op: op, left, right, opRange: opToken.range, left.range.through(right.range))
        }
        return left
    }

    /// multiplicative = unary { ( "*" | "/" ) unary } ;
    private mutating func parseMultiplicative() throws(Diagnostic) -> Expr {
        let enclosing = chainLength
        defer { chainLength = enclosing }
        var left = try parseUnary()
        while let op = binaryOperator(where: { [.multiply, .divide].contains($0) }) {
            try countChain()
            let opToken = current
            advance()
            skipNewlines()
            let right = try parseUnary()
            left = .binary(op: op, left, right, opRange: opToken.range, left.range.through(right.range))
        }
        return left
    }

    /// unary = ( "-" | "+" ) unary | power ;
    private mutating func parseUnary() throws(Diagnostic) -> Expr {
        if current.isSymbol("-") || current.isSymbol("+") {
            try enter()
            defer { leave() }
            let op = current
            advance()
            let operand = try parseUnary()
            return .unary(op: op.isSymbol("-") ? .negate : .plus, operand, opRange: op.range, op.range.through(operand.range))
        }
        return try parsePower()
    }

    /// power = postfix [ "^" unary ] ;   (right-associative; binds tighter than unary minus)
    private mutating func parsePower() throws(Diagnostic) -> Expr {
        let base = try parsePostfix()
        if current.isSymbol("^") {
            try enter()
            defer { leave() }
            let op = current
            advance()
            skipNewlines()
            let exponent = try parseUnary()
            return .binary(op: .power, base, exponent, opRange: op.range, base.range.through(exponent.range))
        }
        return base
    }

    /// postfix = primary { "." IDENT | "[" expression "]" | "(" [ arguments ] ")" | "%" } ;
    /// arguments = expression { "," expression } ;
    private mutating func parsePostfix() throws(Diagnostic) -> Expr {
        // A postfix chain (`x%%%…`, `f(1)(1)…`) nests its tree as a binary chain does: counted alike.
        let enclosing = chainLength
        defer { chainLength = enclosing }
        var value = try parsePrimary()
        while true {
            if current.isSymbol(".") || current.isSymbol("[") || current.isSymbol("(") || current.isSymbol("%") {
                try countChain()
            }
            if current.isSymbol(".") {
                advance()
                let name = try expectIdentifier("a name after '.'")
                value = .member(value, name.text, nameRange: name.range, value.range.through(name.range))
            } else if current.isSymbol("[") {
                advance()
                let index = try parseExpression()
                let close = try expectSymbol("]", "to close the index")
                value = .index(value, index, value.range.through(close.range))
            } else if current.isSymbol("("), Parser.isLiteral(value) {
                // `(2)(4)`, `2(4)`: a literal is never a function; an operator is missing.
                let before = tokens[max(0, position - 1)]
                let shown = before.isSymbol(")") ? "')'" : describe(before)
                let numeric: Bool
                switch value {
                case .number, .quantity, .percent: numeric = true
                default: numeric = false
                }
                throw Diagnostic(.syntax, "missing operator between \(shown) and '('", at: current.range,
                                 hint: numeric ? "write * to multiply: \(InfixPrinter.print(value)) * (…)" : nil)
            } else if current.isSymbol("(") {
                advance()
                var args: [Expr] = []
                if !current.isSymbol(")") {
                    repeat { args.append(try parseExpression()) } while try consumeComma()
                }
                let close = try expectSymbol(")", "to close the argument list")
                value = .call(value, args, value.range.through(close.range))
            } else if current.isSymbol("%") {
                let op = current
                advance()
                value = .percent(value, value.range.through(op.range))
            } else {
                return value
            }
        }
    }

    /// primary = NUMBER [ unit ] | STRING | IDENT | "true" | "false" | "NA" | "(" expression ")" | record | shock ;
    private mutating func parsePrimary() throws(Diagnostic) -> Expr {
        let t = current
        if t.isSymbol("{") { return try parseRecord() }
        switch t.kind {
        case .keyword where t.text == "shock":
            return try parseShock()
        case .number:
            advance()
            let value = t.number ?? 0
            if let unit = try parseUnit(afterNumber: true) {
                return .quantity(value, text: t.text, unit, t.range.through(unit.range))
            }
            return .number(value, text: t.text, t.range)
        case .string:
            advance()
            return .string([.text(t.text)], t.range)
        case .stringStart:
            return try parseInterpolatedString()
        case .identifier:
            advance()
            return .name(t.text, t.range)
        case .keyword where t.text == "true" || t.text == "false":
            advance()
            return .bool(t.text == "true", t.range)
        case .keyword where t.text == "NA":
            advance()
            return .na(t.range)
        case .symbol where t.text == "(":
            advance()
            let inner = try parseExpression()
            try expectSymbol(")", "to close '('")
            return inner
        default:
            let previous = tokens[max(0, position - 1)]
            throw error("expected a value, found \(describe(t))",
                        hint: t.isSymbol(">") && previous.isSymbol("-") ? "to convert a unit, write 'in': 5 kt in t" : nil)
        }
    }

    /// shock = "shock" additive ( "by" additive shock_when | shock_when ) ;
    ///
    /// One stage by a size (`shock S2 by +10% in 2020`), or several at once: a record
    /// (`shock {agri: +600 USD, manu: +1500 USD} in 2009 pull`) or any expression giving a
    /// vector by stage (`shock df in 2009 pull`). The sizes stop before `in` (no unit
    /// conversion there).
    private mutating func parseShock() throws(Diagnostic) -> Expr {
        try enter()
        defer { leave() }
        let start = current
        advance()
        let stage = try parseAdditive()
        if current.isKeyword("in") {
            let (years, mode, end) = try parseShockWhen()
            return .vectorShock(size: stage, years: years, mode: mode, start.range.through(end))
        }
        guard current.isKeyword("by") else {
            throw error("expected 'by' and a size after the shocked stage, found \(describe(current))",
                        hint: "shock S2 by +10% in 2020, or several stages: shock {S2: +5 t/day, S3: +2 t/day} in 2020")
        }
        advance()
        let size = try parseAdditive()
        guard current.isKeyword("in") else {
            throw error("expected 'in' and a year after the shock size, found \(describe(current))",
                        hint: "shock S2 by +10% in 2020")
        }
        let (years, mode, end) = try parseShockWhen()
        return .shock(stage: stage, size: size, years: years, mode: mode, start.range.through(end))
    }

    /// shock_when = "in" postfix [ ".." postfix ] [ "push" | "pull" ] ;
    ///
    /// The years are one year or a range; without `push` or `pull` the chain's default
    /// direction applies (`push`, Ghosh, for the built-in chain; `pull` is Leontief).
    private mutating func parseShockWhen() throws(Diagnostic) -> (years: Expr, mode: ShockMode?, end: SourceRange) {
        advance() // "in"
        var years = try parsePostfix()
        if current.isSymbol("..") {
            advance()
            let last = try parsePostfix()
            years = .range(years, last, years.range.through(last.range))
        }
        var mode: ShockMode?
        var end = years.range
        if current.kind == .identifier, let m = ShockMode(rawValue: current.text) {
            mode = m
            end = current.range
            advance()
        }
        return (years, mode, end)
    }

    /// record = "{" record_field { "," record_field } [ "," ] "}" ;
    /// record_field = postfix ":" expression ;
    ///
    /// A value per stage, a vector by stage (0 for the stages not named): `{agri: +600 USD,
    /// manu: +1500 USD}`; the keys name stages (`agri`, `m.agri`), the values are any
    /// expressions. An empty record is an error.
    private mutating func parseRecord() throws(Diagnostic) -> Expr {
        try enter()
        defer { leave() }
        let open = current.range
        advance()
        // A record may span lines (braces also delimit blocks, so the lexer keeps the line
        // breaks inside them): they are skipped around its entries.
        skipNewlines()
        if current.isSymbol("}") {
            throw Diagnostic(.syntax, "an empty record: name at least one stage and its value", at: open.through(current.range),
                             hint: "shock {agri: +600 USD, manu: +1500 USD} in 2009 pull")
        }
        var fields: [RecordField] = []
        while true {
            let key = try parsePostfix()
            guard current.isSymbol(":") else {
                throw error("expected ':' and a size after the stage \(InfixPrinter.print(key)), found \(describe(current))",
                            hint: "{agri: +600 USD, manu: +1500 USD}")
            }
            advance()
            skipNewlines()
            fields.append(RecordField(key: key, value: try parseExpression()))
            skipNewlines()
            if current.isSymbol(",") {
                advance()
                skipNewlines()
                if current.isSymbol("}") { break }
                continue
            }
            guard current.isSymbol("}") else {
                throw error("expected ',' or '}' in the record, found \(describe(current))", hint: "{agri: +600 USD, manu: +1500 USD}")
            }
            break
        }
        let close = current.range
        advance()
        return .record(fields, open.through(close))
    }

    /// unit = "(" unit ")" | unit_group { "/" unit_group } ;
    /// unit_group = unit_word { unit_word } ;
    /// unit_word = ( UNIT_NAME | "10" "^" INTEGER | "%" ) [ "^" INTEGER ] ;
    ///
    /// After a number only registered unit names start a unit (`50 t/day`), or a scaled unit in
    /// parentheses, as values print (`50 (10^4 t)`); after `in`, a scale `10^4` may start one
    /// too. A `/` belongs to the unit only when a unit word follows it.
    private mutating func parseUnit(afterNumber: Bool) throws(Diagnostic) -> UnitExpr? {
        if current.isSymbol("("), isUnitWord(peek(), next: peek(2), allowScale: true), peek().kind == .number {
            let open = current.range
            advance()
            guard var inner = try parseUnit(afterNumber: false) else {
                throw error("expected a unit after '(', found \(describe(current))", hint: "units: \(UnitRegistry.wordsList)")
            }
            let close = current.range
            try expectSymbol(")", "to close the unit")
            inner.range = open.through(close)
            return inner
        }
        guard startsUnitWord(allowScale: !afterNumber) else { return nil }
        let start = current.range
        var end = start
        var factors: [(word: String, power: Int)] = []
        var sign = 1
        while true {
            while startsUnitWord(allowScale: !afterNumber || !factors.isEmpty) {
                var (word, range) = (current.text, current.range)
                advance()
                if word == "10" {
                    advance() // "^"
                    let exp = try signedInteger()
                    word = "10^\(exp.value)"
                    range = range.through(exp.range)
                }
                var power = 1
                if current.isSymbol("^"), word != "%", !word.hasPrefix("10^") {
                    advance()
                    let exp = try signedInteger()
                    power = exp.value
                    range = range.through(exp.range)
                }
                factors.append((word, sign * power))
                end = range
            }
            if current.isSymbol("/"), peekStartsUnitWord(allowScale: true) {
                advance()
                sign = -1
                continue
            }
            break
        }
        return UnitExpr(factors: factors, range: start.through(end))
    }

    private mutating func signedInteger() throws(Diagnostic) -> (value: Int, range: SourceRange) {
        var negative = false
        let start = current.range
        if current.isSymbol("-") { negative = true; advance() }
        guard current.kind == .number, let v = Int(current.text), v <= 24 else {
            throw error("expected a small whole-number exponent in the unit, found \(describe(current))")
        }
        let r = start.through(current.range)
        advance()
        return (negative ? -v : v, r)
    }

    private func startsUnitWord(allowScale: Bool) -> Bool {
        isUnitWord(current, next: peek(), allowScale: allowScale)
    }

    private func peekStartsUnitWord(allowScale: Bool) -> Bool {
        isUnitWord(peek(), next: peek(2), allowScale: allowScale)
    }

    private func isUnitWord(_ t: Token, next: Token, allowScale: Bool) -> Bool {
        if t.kind == .identifier { return UnitRegistry.isWord(t.text) || declaredUnits.contains(t.text) }
        if t.isSymbol("%") { return allowScale }
        return allowScale && t.kind == .number && t.text == "10" && next.isSymbol("^")
    }

    // MARK: - String interpolation

    /// STRING = '"' { character | "{" expression "}" } '"' ;  (`\{` and `\}` are literal braces)
    ///
    /// The lexer has split the string at its interpolations: stringStart, an expression,
    /// then stringMiddle and another expression, …, stringEnd.
    private mutating func parseInterpolatedString() throws(Diagnostic) -> Expr {
        try enter()
        defer { leave() }
        let start = current
        advance()
        var parts: [StringPart] = start.text.isEmpty ? [] : [.text(start.text)]
        while true {
            parts.append(.expr(try parseExpression()))
            let piece = current
            guard piece.kind == .stringMiddle || piece.kind == .stringEnd else {
                throw error("expected '}' to end the interpolation, found \(describe(piece))")
            }
            advance()
            if !piece.text.isEmpty { parts.append(.text(piece.text)) }
            if piece.kind == .stringEnd { return .string(parts, start.range.through(piece.range)) }
        }
    }
}
