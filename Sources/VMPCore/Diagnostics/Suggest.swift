/// "Did you mean" by edit distance.
enum Suggest {
    /// A hint for an unknown name: the list of stages for a stage-like name (`S9`), else the
    /// closest of `candidates` (earlier ones win ties).
    static func name(_ name: String, stages: [String], among candidates: [String]) -> String? {
        if let first = name.first, stages.contains(where: { $0.first == first }), name.count > 1,
           name.dropFirst().allSatisfy(\.isNumber) {
            // A long list is cut: the first ten, then the last, and how many there are.
            guard stages.count > 12, let last = stages.last else { return "the stages are \(stages.joined(separator: ", "))" }
            return "the stages are \(stages.prefix(10).joined(separator: ", ")), …, \(last) (\(stages.count) stages; stages lists them)"
        }
        return didYouMean(name, among: candidates)
    }

    static func didYouMean(_ name: String, among candidates: [String]) -> String? {
        // Short names match almost anything at distance 1; very long ones match nothing.
        guard (3...64).contains(name.count) else { return nil }
        let limit = max(1, name.count / 3)
        // Earlier candidates win ties: the caller lists the user's own names first.
        var best: (name: String, distance: Int)?
        for candidate in candidates where abs(candidate.count - name.count) <= limit {
            let d = distance(name.lowercased(), candidate.lowercased())
            if d <= limit, d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best.map { "did you mean '\($0.name)'?" }
    }

    /// Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = Array(repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { row[j] = min(row[j], before[j - 2] + 1) }
            }
            before = previous
            previous = row
        }
        return previous[b.count]
    }
}
