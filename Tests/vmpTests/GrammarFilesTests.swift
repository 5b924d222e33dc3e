import Foundation
import Testing
@testable import VMPCore
@testable import vmp

/// The editor grammars in `Grammar/` (TextMate `vmp.tmLanguage.json`, Vim `vmp.vim`) agree
/// with the language: every keyword (`keywords`), every built-in (`Builtins.names`), every
/// unit word and every REPL command is highlighted, the TextMate patterns compile, and
/// tokenising the scripts in `Scripts/` with them leaves nothing unmatched.
@Suite struct GrammarFilesTests {
    static let root = VMPProcess.root

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func textMate() throws -> TextMateGrammar {
        try TextMateGrammar(json: Data(text("Grammar/vmp.tmLanguage.json").utf8))
    }

    // MARK: The word lists

    /// The words of a `\b(?:a|b|c)\b` pattern.
    static func alternation(_ pattern: String) -> Set<String> {
        guard let open = pattern.range(of: "(?:"), let close = pattern.range(of: ")\\b", options: .backwards) else { return [] }
        return Set(pattern[open.upperBound..<close.lowerBound].split(separator: "|").map(String.init))
    }

    @Test func textMateBuiltinsAreExactlyTheRegistry() throws {
        let grammar = try Self.textMate()
        let listed = Self.alternation(try #require(grammar.repository["builtins"]?["match"] as? String))
        let expected = Set(Builtins.names)
        #expect(listed == expected, """
            Grammar/vmp.tmLanguage.json "builtins" should be: \\\\b(?:\(Builtins.names.joined(separator: "|")))\\\\b \
            (missing: \(expected.subtracting(listed).sorted()), not built-ins: \(listed.subtracting(expected).sorted()))
            """)
        // Each name is matched whole by the rule (and a longer word is not).
        let rule = try #require(grammar.regex(grammar.repository["builtins"]?["match"] as? String))
        for name in Builtins.names {
            #expect(TextMateGrammar.matchesWhole(rule, name), "\(name)")
            #expect(!TextMateGrammar.matchesWhole(rule, name + "x"))
        }
    }

    @Test func textMateKeywordsAreExactlyTheLanguagesKeywords() throws {
        let grammar = try Self.textMate()
        let listed = Self.alternation(try #require(grammar.repository["keywords"]?["match"] as? String))
            .union(Self.alternation(try #require(grammar.repository["constants"]?["match"] as? String)))
        #expect(listed == keywords, "missing: \(keywords.subtracting(listed).sorted()), not keywords: \(listed.subtracting(keywords).sorted())")
    }

    @Test func textMateHighlightsEveryUnitWordAfterANumberAndEveryREPLCommand() throws {
        let grammar = try Self.textMate()
        let number = try #require(grammar.regex(grammar.repository["number"]?["match"] as? String))
        let conversion = try #require(grammar.regex(grammar.repository["conversion"]?["match"] as? String))
        for word in UnitRegistry.words.keys {
            #expect(TextMateGrammar.matchesWhole(number, "50 \(word)"), "50 \(word)")
            guard word != "%" else { continue }
            #expect(TextMateGrammar.matchesWhole(number, "50 \(word)/day"), "50 \(word)/day")
            #expect(TextMateGrammar.matchesWhole(conversion, "in 10^4 \(word)"), "in 10^4 \(word)")
        }
        #expect(TextMateGrammar.matchesWhole(number, "50 (10^4 t)"))
        #expect(TextMateGrammar.matchesWhole(number, "37.979 million RMB/t"))
        let command = try #require(grammar.regex(grammar.repository["repl-command"]?["match"] as? String))
        for name in MetaCommand.names {
            #expect(TextMateGrammar.matchesWhole(command, ":" + name), ":\(name)")
        }
    }

    /// `syn keyword GROUP words…` lines of the Vim file, by group; `syn match vmpKeyword "\<w\>"` adds w.
    static func vimWords() throws -> [String: Set<String>] {
        var groups: [String: Set<String>] = [:]
        for line in try text("Grammar/vmp.vim").split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            if fields.count > 3, fields[0] == "syn", fields[1] == "keyword" {
                groups[fields[2], default: []].formUnion(fields[3...].filter { $0 != "contained" })
            } else if fields.count == 4, fields[0] == "syn", fields[1] == "match", fields[3].hasPrefix("\"\\<"), fields[3].hasSuffix("\\>\"") {
                groups[fields[2], default: []].insert(String(fields[3].dropFirst(3).dropLast(3)))
            }
        }
        return groups
    }

    @Test func vimListsEveryKeywordAndExactlyTheBuiltins() throws {
        let groups = try Self.vimWords()
        let listedKeywords = (groups["vmpKeyword"] ?? []).union(groups["vmpConstant"] ?? [])
        #expect(listedKeywords == keywords, "missing: \(keywords.subtracting(listedKeywords).sorted())")
        #expect(groups["vmpBuiltin"] == Set(Builtins.names),
                "Grammar/vmp.vim should have: syn keyword vmpBuiltin \(Builtins.names.joined(separator: " "))")
        let vim = try Self.text("Grammar/vmp.vim")
        for word in UnitRegistry.words.keys where word != "%" {
            #expect(vim.contains("\\|\(word)\\|") || vim.contains("\\%(\(word)\\|") || vim.contains("\\|\(word)\\)"), "unit \(word)")
        }
        for name in MetaCommand.names {
            #expect(vim.contains(name.hasSuffix("!") ? name : "\\|\(name)\\|") || vim.contains("\\%(\(name)\\|") || vim.contains("\\|\(name)\\)"),
                    ":\(name)")
        }
    }

    // MARK: The TextMate grammar as a tokeniser

    @Test func textMatePatternsCompile() throws {
        let grammar = try Self.textMate()
        #expect(grammar.patternCount > 15)
        #expect(grammar.problems.isEmpty, "\(grammar.problems)")
    }

    /// Every line of every script in `Scripts/` is covered by the grammar's rules: what is
    /// left between tokens (outside strings) is whitespace only.
    @Test(arguments: ["paper", "shocks", "compare", "figures"])
    func scriptTokenisesWithoutUnmatchedRegions(_ name: String) throws {
        let grammar = try Self.textMate()
        let lines = try Self.text("Scripts/\(name).vmp").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 10)
        for (index, line) in lines.enumerated() {
            let result = grammar.tokenise(String(line))
            #expect(result.unmatched.isEmpty, "Scripts/\(name).vmp:\(index + 1): unmatched \(result.unmatched) in: \(line)")
        }
    }

    /// The tokeniser sees what it should: scopes inside an interpolation nested in a string
    /// nested in an interpolation, units after numbers, and a character no rule matches.
    @Test func tokeniserFindsScopesAndUnmatchedText() throws {
        let grammar = try Self.textMate()
        let line = #"print "S2 in {y}: {if S2.cost[y] > 5 million RMB then "up {link(S2, S3)[y]}" else "down"}" # note"#
        let result = grammar.tokenise(line)
        #expect(result.unmatched.isEmpty)
        let scopes = result.tokens.map { "\($0.text)=\($0.scope)" }
        #expect(scopes.contains("print=keyword.control.vmp"))
        #expect(scopes.contains("y=string.quoted.double.vmp meta.interpolation.vmp variable.other.vmp"))
        #expect(scopes.contains("million RMB=string.quoted.double.vmp meta.interpolation.vmp entity.name.type.unit.vmp"))
        #expect(scopes.contains("link=string.quoted.double.vmp meta.interpolation.vmp string.quoted.double.vmp meta.interpolation.vmp support.function.builtin.vmp"))
        #expect(scopes.contains("S3=string.quoted.double.vmp meta.interpolation.vmp string.quoted.double.vmp meta.interpolation.vmp constant.other.stage.vmp"))
        #expect(scopes.contains("# note=comment.line.number-sign.vmp"))
        #expect(grammar.tokenise("let x = 1 ¤ 2").unmatched == ["¤"])
        let conversion = grammar.tokenise("S4.output[2022] in 10^4 t").tokens.map { "\($0.text)=\($0.scope)" }
        #expect(conversion.contains("10^4 t=entity.name.type.unit.vmp"))
        #expect(grammar.tokenise(":save! a.vmp").tokens.map(\.scope).contains("keyword.other.command.vmp"))
    }
}

/// A small reading of a TextMate grammar: its rules (`match`, `begin`/`end` with `patterns`,
/// `include` of `#name` and `$self`), compiled with NSRegularExpression (ICU), and a line
/// tokeniser that applies them as TextMate does: at each position the earliest match wins,
/// ties go to the end pattern, then to the first rule listed.
struct TextMateGrammar {
    typealias Rule = [String: Any]
    let top: [Rule]
    let repository: [String: Rule]
    private(set) var regexes: [String: NSRegularExpression] = [:]
    private(set) var problems: [String] = []
    var patternCount: Int { regexes.count }

    init(json: Data) throws {
        let object = try JSONSerialization.jsonObject(with: json)
        guard let root = object as? [String: Any], let top = root["patterns"] as? [Rule],
              let repository = root["repository"] as? [String: Rule] else {
            throw CocoaError(.coderReadCorrupt)
        }
        self.top = top
        self.repository = repository
        for (key, rule) in repository { compile(rule, at: key) }
    }

    private mutating func compile(_ rule: Rule, at path: String) {
        for key in ["match", "begin", "end"] {
            guard let pattern = rule[key] as? String else { continue }
            do {
                let regex = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
                regexes[pattern] = regex
                if regex.firstMatch(in: "", range: NSRange(location: 0, length: 0)) != nil, key != "end" {
                    problems.append("\(path).\(key) matches the empty string")
                }
            } catch {
                problems.append("\(path).\(key) does not compile: \(pattern)")
            }
        }
        for (i, inner) in ((rule["patterns"] as? [Rule]) ?? []).enumerated() {
            if let include = inner["include"] as? String {
                if include != "$self", repository[String(include.dropFirst())] == nil { problems.append("\(path): unknown include \(include)") }
            } else {
                compile(inner, at: "\(path).patterns[\(i)]")
            }
        }
    }

    func regex(_ pattern: String?) -> NSRegularExpression? { pattern.flatMap { regexes[$0] } }

    static func matchesWhole(_ regex: NSRegularExpression, _ text: String) -> Bool {
        let range = NSRange(location: 0, length: (text as NSString).length)
        return regex.firstMatch(in: text, options: [.anchored], range: range)?.range == range
    }

    struct Token { var text: String; var scope: String }

    /// Tokens with their scope path, and the text outside every rule (other than whitespace)
    /// in code — at the top level and inside rules that include `$self`.
    func tokenise(_ line: String) -> (tokens: [Token], unmatched: [String]) {
        var tokens: [Token] = []
        var unmatched: [String] = []
        let text = line as NSString
        _ = scan(text, from: 0, patterns: top, end: nil, scopes: [], isCode: true, tokens: &tokens, unmatched: &unmatched)
        return (tokens, unmatched)
    }

    private func resolve(_ patterns: [Rule]) -> [Rule] {
        patterns.flatMap { rule -> [Rule] in
            guard let include = rule["include"] as? String else { return [rule] }
            if include == "$self" { return resolve(top) }
            return repository[String(include.dropFirst())].map { resolve([$0]) } ?? []
        }
    }

    private func search(_ pattern: String?, in text: NSString, from position: Int) -> NSTextCheckingResult? {
        guard let regex = regex(pattern), position <= text.length else { return nil }
        return regex.firstMatch(in: text as String, options: [.withTransparentBounds, .withoutAnchoringBounds],
                                range: NSRange(location: position, length: text.length - position))
    }

    /// Scans from `position` until `end` matches (returns where it ends) or the line ends.
    private func scan(_ text: NSString, from start: Int, patterns: [Rule], end: String?, scopes: [String], isCode: Bool,
                      tokens: inout [Token], unmatched: inout [String]) -> Int {
        let rules = resolve(patterns)
        var position = start
        func gap(to location: Int) {
            guard location > position else { return }
            let skipped = text.substring(with: NSRange(location: position, length: location - position))
            if isCode, !skipped.trimmingCharacters(in: .whitespaces).isEmpty {
                unmatched.append(skipped.trimmingCharacters(in: .whitespaces))
            }
        }
        while position < text.length || end != nil {
            var best: (match: NSTextCheckingResult, rule: Rule?)?
            if let endMatch = search(end, in: text, from: position) { best = (endMatch, nil) }
            for rule in rules {
                guard let match = search((rule["match"] ?? rule["begin"]) as? String, in: text, from: position) else { continue }
                if let current = best, match.range.location >= current.match.range.location { continue }
                best = (match, rule)
            }
            guard let (match, rule) = best else {
                gap(to: text.length)
                return text.length
            }
            gap(to: match.range.location)
            guard let rule else { return match.range.location + match.range.length }  // the end pattern
            let name = (rule["name"] as? String).map { scopes + [$0] } ?? scopes
            if rule["match"] != nil {
                emit(match, rule: rule, in: text, scopes: name, tokens: &tokens)
                position = match.range.location + max(1, match.range.length)
            } else {
                let inner = (rule["patterns"] as? [Rule]) ?? []
                let innerIsCode = inner.contains { $0["include"] as? String == "$self" }
                position = scan(text, from: match.range.location + match.range.length, patterns: inner, end: rule["end"] as? String,
                                scopes: name, isCode: innerIsCode, tokens: &tokens, unmatched: &unmatched)
                if position >= text.length { return text.length }
            }
        }
        return position
    }

    private func emit(_ match: NSTextCheckingResult, rule: Rule, in text: NSString, scopes: [String], tokens: inout [Token]) {
        let captures = rule["captures"] as? [String: [String: String]] ?? [:]
        if captures.isEmpty {
            tokens.append(Token(text: text.substring(with: match.range), scope: scopes.joined(separator: " ")))
            return
        }
        for group in 1..<match.numberOfRanges {
            let range = match.range(at: group)
            guard range.location != NSNotFound, let name = captures[String(group)]?["name"] else { continue }
            tokens.append(Token(text: text.substring(with: range), scope: (scopes + [name]).joined(separator: " ")))
        }
    }
}
