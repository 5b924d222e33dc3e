import Foundation
import Testing
@testable import VMPCore

/// Gathering the published values a result came from stays linear in what is gathered: the
/// cells of a model result share one list of the year's origins (thousands for a large
/// chain), and `--format json`, `:source` and arithmetic once scanned those lists
/// quadratically (`--format json -e 'L[2020]'` on a 300-stage chain ran for minutes). Each
/// fast way is checked equal to the plain quadratic one.
@Suite struct OriginScaleTests {
    static func origin(_ k: Int) -> Origin {
        Origin(label: "Z[2020][s\(k)][t]", published: PublishedValue(value: Double(k), text: "\(k)", unit: "t",
                                                                      provenance: Provenance(source: "test")))
    }

    /// The plain rule: `a`, then what `b` adds, in order of first use.
    static func naiveUnion(_ a: [Origin], _ b: [Origin]) -> [Origin] {
        var out = a
        for o in b where !out.contains(o) { out.append(o) }
        return out
    }

    @Test func unionEqualsThePlainRule() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            // Lists with repeats inside neither, overlapping each other, small and large.
            let size = [0, 1, 3, 10, 40, 200].randomElement(using: &rng) ?? 0
            let a = Array(Set((0..<size).map { _ in Int.random(in: 0..<(2 * size + 1), using: &rng) })).map(Self.origin)
            let b = Array(Set((0..<size).map { _ in Int.random(in: 0..<(2 * size + 1), using: &rng) })).map(Self.origin)
            #expect(Origin.union(a, b) == Self.naiveUnion(a, b))
            #expect(Origin.union(a, a) == a)
            #expect(Origin.union([], b) == b)
        }
    }

    @Test func originsOfATableWhoseCellsShareOneListEqualThePlainRule() {
        let shared = (0..<300).map(Self.origin)
        let other = [Self.origin(5000), Self.origin(3)]
        var cells = Array(repeating: Array(repeating: Optional(Quantity(1, origins: shared)), count: 12), count: 12)
        cells[7][9] = Quantity(2, origins: other)
        cells[8][1] = nil
        let table = Table(title: "t", rowKind: .supplier, rowKeys: (0..<12).map { "s\($0)" }, columnKind: .stage,
                          columnKeys: (0..<12).map { "s\($0)" }, cells: cells)
        let plain = cells.joined().reduce(into: [Origin]()) { out, q in out = Self.naiveUnion(out, q?.origins ?? []) }
        #expect(Value.table(table).origins == plain)
        #expect(Value.table(table).origins.count == 301)
        // Arithmetic on such cells keeps one list, not a copy per operand pair.
        let q = Quantity(1, origins: shared)
        #expect(q.computed(2, Unit.one, with: q).origins == shared)
    }

    /// Above 32 stages every cell of a matrix product shares the origins of both factors,
    /// gathered once; for L × L (each cell of L comes from the year's flows) that is the very
    /// list of one cell of L. JSON lists each source once.
    @Test func largeMatrixProductAndJSONOfALargeChain() throws {
        let chain = try Chain.load(manifest: PymrioFolderTests.folder, name: "m", year: 2019)
        #expect(chain.stages.count > 32)
        let session = Session(chain: chain)
        var lines: [String] = []
        let outcome = session.run("let p = L[2019] * L[2019]\n:source p[reg1_food][reg2_mining]\n:source L[2019][reg1_food][reg2_mining]") { lines.append($0) }
        #expect(outcome.succeeded, "\(outcome.diagnostics.map(\.message))")
        #expect(lines.count == 2)
        #expect(!(lines.first ?? "").isEmpty && lines.first == lines.last)
        let json = Session(chain: chain, formatter: Formatter(style: .json))
        var out: [String] = []
        #expect(json.run("L[2019]") { out.append($0) }.succeeded)
        let object = try JSONSerialization.jsonObject(with: Data((out.first ?? "").utf8)) as? [String: Any]
        let sources = try #require(object?["sources"] as? [[String: Any]])
        let labels = sources.compactMap { $0["label"] as? String }
        #expect(!labels.isEmpty && Set(labels).count == labels.count, "each source once")
    }

    /// A hint listing the stages of a large chain is cut (it listed all 300).
    @Test func stageListInAHintIsCut() {
        let stages = (1...300).map { String(format: "s%03d", $0) }
        #expect(Suggest.name("s1", stages: stages, among: []) == "the stages are s001, s002, s003, s004, s005, s006, s007, s008, s009, s010, …, s300 (300 stages; stages lists them)")
        #expect(Suggest.name("S9", stages: ["S1", "S2"], among: []) == "the stages are S1, S2")
    }
}
