import Foundation
import VMPCore

/// What Tab can complete, gathered from the session when Tab is pressed.
struct CompletionNames {
    /// The session's own chain.
    var chain: Chain
    /// Chains loaded beside it (`load … as li`, the built-in `vanadium` under `--chain`), by name.
    var chains: [String: Chain] = [:]
    /// Bound names that are not functions (`x`, `ans`, `args`).
    var variables: [String] = []
    /// User functions (`fn f(…)`).
    var functions: [String] = []
    var commands: [String] = MetaCommand.names.map { ":" + $0 }
    var helpTopics: [String] = Help.topics.keys.sorted()
    /// Where relative paths in `load`/`export` strings resolve; `nil`: the current directory.
    var baseDirectory: String?

    init(chain: Chain) { self.chain = chain }

    init(session: Session) {
        self.init(chain: session.chain)
        chains = session.chains
        for binding in session.boundNames {
            if binding.isFunction { functions.append(binding.name) } else { variables.append(binding.name) }
        }
        baseDirectory = session.baseDirectory
    }

    /// Names as the evaluator resolves them: the session's bindings against `chain` (or a loaded chain's own names).
    func resolver(for chain: Chain? = nil) -> NameResolver {
        guard let chain else {
            return NameResolver(chain: self.chain, otherChains: chains.keys.filter { $0 != self.chain.name }.sorted(), bound: [variables + functions])
        }
        return NameResolver(chain: chain)
    }

    /// Every name `resolver` knows, as Tab inserts it: functions (built-in or the user's) with
    /// `(`; matrices (`A[2020]`), values (`audit`, `stages`), options (`total`) and the rest bare.
    func completions(_ resolver: NameResolver) -> [String] {
        resolver.candidates.map { name in
            switch resolver.resolve(name) {
            case .builtin(let builtin): return builtin.completesWithParenthesis ? name + "(" : name
            case .binding where functions.contains(name): return name + "("
            default: return name
            }
        }
    }

    /// The chain a dotted prefix names (`li` in `li.S3.`), or the session's own chain.
    func chain(named name: String?) -> Chain? {
        guard let name else { return chain }
        if name == chain.name { return chain }
        return chains[name]
    }
}

/// The result of pressing Tab: the candidates for the text before the cursor.
struct Completion: Equatable {
    /// The end of the text before the cursor that every candidate starts with.
    var typed: String
    /// Full replacements for `typed`, sorted, without duplicates.
    var candidates: [String]
    /// How each candidate is listed on a second Tab (a path's last component).
    var shown: [String]

    init(typed: String, candidates: [String], shown: ((String) -> String)? = nil) {
        self.typed = typed
        let matching = Array(Set(candidates.filter { $0.hasPrefix(typed) })).sorted()
        self.candidates = matching
        self.shown = matching.map { shown?($0) ?? $0 }
    }

    static let none = Completion(typed: "", candidates: [])

    /// What Tab inserts at the cursor: the rest of the only candidate, or of the longest
    /// common prefix of all of them (empty when there is nothing more in common).
    var insertion: String {
        guard var common = candidates.first else { return "" }
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common.removeLast() }
        }
        return common.count > typed.count ? String(common.dropFirst(typed.count)) : ""
    }
}

/// Tab completion by context (the REPL binds it to Tab through libedit's `EL_ADDFN`):
///
/// - `:` at the start: the REPL's commands; after `:help `, help topics; after `:lesson `,
///   the shipped lessons; after `:load `
///   and `:save `, file paths; after `:echo `, `on`/`off`;
/// - inside a string after `load`, or after `to` in an `export`: file paths;
/// - after `S3.`: the stage's quantities; after `li.`: a chain's stages, quantities and
///   built-ins; after `li.S3.`: that chain's quantities;
/// - digits (or nothing) inside `[`: the years the data has;
/// - nothing typed: the stage ids (at the start, after `(`, after `,`, …);
/// - a word: stages, quantities, built-ins and user functions (with `(`), keywords,
///   variables and chain names.
enum Completer {
    static func complete(_ before: String, names: CompletionNames) -> Completion {
        let line = before.drop { $0 == " " || $0 == "\t" }
        if line.hasPrefix(":") { return command(String(line), names: names) }
        return code(before, names: names)
    }

    // MARK: Commands

    private static func command(_ line: String, names: CompletionNames) -> Completion {
        guard let space = line.firstIndex(of: " ") else { return Completion(typed: line, candidates: names.commands) }
        let name = String(line[line.index(after: line.startIndex)..<space])
        let argument = String(line[space...].drop { $0 == " " })
        switch name {
        case "help":
            return Completion(typed: argument, candidates: names.helpTopics)
        case "echo":
            return Completion(typed: argument, candidates: ["on", "off"])
        case "lesson":
            return Completion(typed: argument, candidates: ((try? Lesson.builtIn()) ?? []).map(\.name))
        case "load", "save", "save!":
            let path = argument.hasPrefix("\"") ? String(argument.dropFirst()) : argument
            return paths(path, base: names.baseDirectory)
        case "source", "explain":
            return code(argument, names: names)
        default:
            return .none
        }
    }

    // MARK: Expressions

    private static func code(_ before: String, names: CompletionNames) -> Completion {
        let scan = Scan(before)
        if scan.inComment { return .none }
        if let stringStart = scan.openString {
            let typed = String(String.UnicodeScalarView(scan.scalars[min(stringStart, scan.scalars.count)...]))
            return scan.stringTakesPath ? paths(typed, base: names.baseDirectory) : .none
        }
        let word = scan.trailingWord
        let beforeWord = scan.scalars.count - word.unicodeScalars.count
        let previous = beforeWord > 0 ? scan.scalars[beforeWord - 1] : nil

        if previous == ".", beforeWord >= 2, scan.scalars[beforeWord - 2] != "." {
            return members(of: scan.dottedPath(endingAt: beforeWord - 1), word: word, names: names)
        }
        if scan.innermostBracket == "[", word.allSatisfy(\.isNumber) {
            let chain = names.chain(named: scan.chainPrefixOfBracket.flatMap { names.chains[$0] != nil ? $0 : nil })
            return Completion(typed: word, candidates: (chain?.years ?? names.chain.years).map(String.init))
        }
        if word.first?.isNumber == true { return .none }
        if word.isEmpty {
            return Completion(typed: "", candidates: names.chain.stages.map(\.id))
        }
        // The contextual words of the grammar (shock … push|pull, load … as, export … to … overwrite,
        // plot chain … title … caption … to)
        // complete too, bare.
        let candidates = names.completions(names.resolver()) + Array(keywords) + ["push", "pull", "as", "to", "overwrite", "chain", "title", "caption"]
        return Completion(typed: word, candidates: candidates)
    }

    /// After `base.`: a stage's quantities, or a chain's stages, quantities and built-ins.
    private static func members(of path: [String], word: String, names: CompletionNames) -> Completion {
        let stageMembers = StageField.allCases.map(\.rawValue)
        switch path.count {
        case 1:
            let base = path[0]
            if base == names.chain.name || names.chains[base] != nil, let chain = names.chain(named: base) {
                return Completion(typed: word, candidates: names.completions(names.resolver(for: chain)).filter { $0 != chain.name })
            }
            if names.chain.stage(base) != nil {
                return Completion(typed: word, candidates: names.chain.quantityNames + stageMembers)
            }
            if names.variables.contains(base) {
                // A shock response: r.S4 is one stage's row.
                return Completion(typed: word, candidates: names.chain.stages.map(\.id))
            }
        case 2:
            if path[0] == names.chain.name || names.chains[path[0]] != nil, let chain = names.chain(named: path[0]),
               chain.stage(path[1]) != nil {
                return Completion(typed: word, candidates: chain.quantityNames + stageMembers)
            }
        default:
            break
        }
        return .none
    }

    // MARK: Paths

    /// Entries of the directory of `typed` (relative to `base`, else the current directory)
    /// whose names start with its last component; directories end in `/`. Hidden entries
    /// only when the component starts with `.`.
    static func paths(_ typed: String, base: String?) -> Completion {
        let slash = typed.lastIndex(of: "/")
        let directoryPart = slash.map { String(typed[...$0]) } ?? ""
        let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var directory = directoryPart.isEmpty ? "." : directoryPart
        if !directory.hasPrefix("/"), let base { directory = base + "/" + directory }
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: directory) else { return .none }
        let candidates = entries.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }.map { entry -> String in
            var isDirectory: ObjCBool = false
            let full = directory + "/" + entry
            return directoryPart + entry + (fm.fileExists(atPath: full, isDirectory: &isDirectory) && isDirectory.boolValue ? "/" : "")
        }
        return Completion(typed: typed, candidates: candidates) { candidate in
            let trimmed = candidate.hasSuffix("/") ? String(candidate.dropLast()) : candidate
            let name = trimmed.split(separator: "/").last.map(String.init) ?? trimmed
            return candidate.hasSuffix("/") ? name + "/" : name
        }
    }

    // MARK: Listing

    /// `items` in columns (column-major, as `ls` does), fitted to `width` display columns by
    /// display width, so CJK names line up. One string per row, no trailing spaces.
    static func columns(_ items: [String], width: Int) -> [String] {
        guard !items.isEmpty else { return [] }
        let cell = (items.map(DisplayWidth.of).max() ?? 0) + 2
        let perRow = max(1, (max(width, 1) + 2) / cell)
        let rows = (items.count + perRow - 1) / perRow
        return (0..<rows).map { row in
            var line = ""
            for column in 0..<perRow {
                let index = row + column * rows
                guard index < items.count else { break }
                line += DisplayWidth.pad(items[index], to: cell)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}

/// The text before the cursor as completion needs it: the lexer's tokens (so strings,
/// interpolations and comments are read once, by the lexer), the open brackets, and the
/// word being typed.
private struct Scan {
    let scalars: [Unicode.Scalar]
    /// Where the text of the string the cursor is in starts; `nil` outside a string.
    let openString: Int?
    let inComment: Bool
    /// The tokens before the cursor.
    private let tokens: [Token]
    /// The open brackets, innermost last: the bracket and its token's index.
    private var brackets: [(String, Int)] = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        let prefix = Lexer.tokenizePrefix(text)
        tokens = prefix.tokens.filter { $0.kind != .end }
        openString = prefix.openString
        inComment = prefix.inComment
        for (i, token) in tokens.enumerated() where token.kind == .symbol {
            switch token.text {
            case "(", "[": brackets.append((token.text, i))
            case ")", "]": if !brackets.isEmpty { brackets.removeLast() }
            default: break
            }
        }
    }

    static func isWordScalar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
    }

    /// The identifier (or number) being typed, just before the cursor.
    var trailingWord: String {
        String(String.UnicodeScalarView(scalars.reversed().prefix { Scan.isWordScalar($0) }.reversed()))
    }

    var innermostBracket: Unicode.Scalar? { brackets.last.flatMap { $0.0.unicodeScalars.first } }

    /// `li` in `li.S3.cost[` or `li.X[`: the first name of the dotted path before the open `[`.
    var chainPrefixOfBracket: String? {
        guard let (bracket, index) = brackets.last, bracket == "[" else { return nil }
        var names: [String] = []
        var i = index - 1
        while i >= 0, tokens[i].kind == .identifier {
            names.insert(tokens[i].text, at: 0)
            guard i >= 1, tokens[i - 1].isSymbol(".") else { break }
            i -= 2
        }
        return names.count >= 2 ? names[0] : nil
    }

    /// The names of `a.b.c` ending just before index `end` (exclusive).
    func dottedPath(endingAt end: Int) -> [String] {
        var parts: [String] = []
        var i = end
        while true {
            var start = i
            while start > 0, Scan.isWordScalar(scalars[start - 1]) { start -= 1 }
            guard start < i else { break }
            parts.insert(String(String.UnicodeScalarView(scalars[start..<i])), at: 0)
            guard start > 0, scalars[start - 1] == "." else { break }
            i = start - 1
        }
        return parts
    }

    /// Whether the open string holds a path: it is the string right after `load`, or after
    /// `to` in an `export` statement.
    var stringTakesPath: Bool {
        // The statement's tokens: since the last newline, `;` or `{`.
        let statement = tokens.reversed().prefix { !($0.kind == .newline || $0.isSymbol(";") || $0.isSymbol("{")) }
        guard let last = statement.first else { return false }
        if last.kind == .keyword, last.text == "load" { return true }
        return last.kind == .identifier && last.text == "to" && statement.contains { $0.kind == .keyword && $0.text == "export" }
    }
}
