import Foundation

/// Forgiving topic lookup for `:help TOPIC`, shared by the REPL and the `:help` statement of
/// scripts and `-e`, and wrapping of help text to a width.
extension Help {
    /// What `:help TOPIC` shows: the text, or (when no topic matches) a message.
    public enum Answer: Equatable, Sendable {
        /// Help text to print.
        case text(String)
        /// No topic matches: the message says so and suggests the nearest topics.
        case notFound(String)
    }

    /// Finds help for `query`, in this order: the topic itself; the topic ignoring case
    /// (`:help na`); topics whose names contain the query (`:help linkage` lists forward and
    /// backward linkage); topics whose help text uses the query as a word (`:help Leontief`
    /// shows `L`, the topic that uses the word earliest, and names the others); else the
    /// nearest topic names by edit distance.
    public static func lookup(_ query: String) -> Answer {
        let query = query.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return .text(overview) }
        if let text = topics[query] { return .text(text) }
        let lowered = query.lowercased()
        let names = topics.keys.sorted()
        let sameIgnoringCase = names.filter { $0.lowercased() == lowered }
        if sameIgnoringCase.count == 1, let text = topics[sameIgnoringCase[0]] { return .text(text) }

        let byName = names.filter { $0.lowercased().contains(lowered) || $0.lowercased().replacingOccurrences(of: "_", with: " ").contains(lowered) }
        if byName.count == 1, let text = topics[byName[0]] { return .text(text) }
        if !byName.isEmpty {
            let lines = byName.map { "  :help \($0) — \(summary(of: $0))" }
            return .text("Topics about \(query):\n" + lines.joined(separator: "\n"))
        }

        // Topics whose text uses the query as a word, the one that uses it earliest first.
        var byText: [(name: String, position: Int)] = []
        for name in names {
            if let text = topics[name], let at = wordPosition(of: lowered, in: text.lowercased()) { byText.append((name, at)) }
        }
        byText.sort { (a: (name: String, position: Int), b: (name: String, position: Int)) -> Bool in
            a.position != b.position ? a.position < b.position : a.name < b.name
        }
        if let best = byText.first, let text = topics[best.name] {
            var shown = "\(query): see :help \(best.name)\n" + text
            let others = byText.dropFirst().map(\.name)
            if !others.isEmpty { shown += "\n(\(query) is also mentioned in: \(others.joined(separator: ", ")))" }
            return .text(shown)
        }

        let limit = max(2, query.count / 2)
        var scored: [(name: String, distance: Int)] = []
        for name in names {
            let distance = Suggest.distance(lowered, name.lowercased())
            if distance <= limit { scored.append((name, distance)) }
        }
        scored.sort { (a: (name: String, distance: Int), b: (name: String, distance: Int)) -> Bool in
            a.distance != b.distance ? a.distance < b.distance : a.name < b.name
        }
        let nearest: [String] = scored.prefix(3).map { $0.name }
        var message = "no help for \(query)"
        if let hint = Suggest.didYouMean(query, among: names) {
            message += "; \(hint)"
        } else if let word = nearestTextWord(to: lowered) {
            var mentions: [String] = []
            for name in names where topics[name].flatMap({ wordPosition(of: word, in: $0.lowercased()) }) != nil { mentions.append(name) }
            message += "; did you mean '\(word)'? (:help \(word) — in \(mentions.prefix(4).joined(separator: ", ")))"
        } else {
            if !nearest.isEmpty { message += "; nearest topics: \(nearest.joined(separator: ", "))" }
        }
        return .notFound(message)
    }

    /// The word of the help text closest to `word` by edit distance (at most a third of its
    /// letters apart), for a misspelt term: `leontef` → `leontief`.
    static func nearestTextWord(to word: String) -> String? {
        guard word.count >= 4 else { return nil }
        var words = Set<String>()
        for text in topics.values {
            for w in text.lowercased().split(whereSeparator: { !($0.isLetter || $0 == "_") }) where w.count >= 4 { words.insert(String(w)) }
        }
        return Suggest.didYouMean(word, among: words.sorted()) == nil ? nil : closest(word, among: words.sorted())
    }

    private static func closest(_ word: String, among candidates: [String]) -> String? {
        var best: (word: String, distance: Int)?
        for candidate in candidates {
            let d = Suggest.distance(word, candidate)
            if d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.word
    }

    /// The first clause of a topic's text, after its `NAME —` heading, cut to 48 characters.
    static func summary(of topic: String) -> String {
        guard let text = topics[topic] else { return "" }
        var body = Substring(text)
        if let dash = text.range(of: " — ") { body = text[dash.upperBound...] }
        let firstLine = body.prefix { $0 != "\n" }
        let clause = firstLine.prefix { $0 != "." && $0 != ";" && $0 != "(" }.trimmingCharacters(in: .whitespaces)
        return clause.count > 48 ? String(clause.prefix(47)) + "…" : clause
    }

    /// The offset of `word` in `text` where it stands as a whole word (letters, digits and
    /// `_` do not continue it on either side), or `nil`.
    static func wordPosition(of word: String, in text: String) -> Int? {
        let isWordCharacter = { (c: Character) in c.isLetter || c.isNumber || c == "_" }
        var searchFrom = text.startIndex
        while let found = text.range(of: word, range: searchFrom..<text.endIndex) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !(before.map(isWordCharacter) ?? false) && !(after.map(isWordCharacter) ?? false) {
                return text.distance(from: text.startIndex, to: found.lowerBound)
            }
            searchFrom = found.upperBound
        }
        return nil
    }

    /// `text` with every line longer than `width` columns broken at spaces; a continuation
    /// line keeps the line's indentation plus two spaces. A word longer than the width stays
    /// whole. Widths below 20 are taken as 20.
    public static func wrap(_ text: String, width: Int) -> String {
        let width = max(20, width)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard DisplayWidth.of(String(line)) > width else { return String(line) }
            let indent = String(line.prefix { $0 == " " })
            let continuation = indent + "  "
            var lines: [String] = []
            var current = indent
            for word in line.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: false) {
                // Runs of spaces (the overview's columns) are kept, except at a break.
                if word.isEmpty, current == continuation { continue }
                let prefix = current == indent || current == continuation ? current : current + " "
                if DisplayWidth.of(prefix + word) > width, current != indent, current != continuation {
                    lines.append(String(current.reversed().drop { $0 == " " }.reversed()))
                    current = continuation + word
                } else {
                    current = prefix + word
                }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
