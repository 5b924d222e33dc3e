import Foundation

/// The flows (or coefficients) of one year of a wide table or pymrio folder, kept as the dense
/// n × n matrix they were read as: a 2000-sector table is four million values, which as
/// dictionary entries take seconds to build and most of a gigabyte. ``Chain/linkages`` still
/// shows every value (as a `[LinkageKey: PublishedValue]`, built on first use and kept), and the
/// input-output system of the year is built from the matrix directly
/// (``ChainContext/flowSystem(_:_:)``).
public struct DenseLinkages: Sendable {
    public var kind: LinkageKind
    public var year: Int
    /// Stage ids of the rows and columns, in chain order.
    public var ids: [String]
    /// Row-major values (row = supplying stage i, column = receiving stage j); NA cells are absent
    /// from ``present``.
    public var values: [Double]
    /// Each value's digits as printed.
    public var texts: [String]
    /// `false` where the cell was empty (NA).
    public var present: [Bool]
    public var unit: String
    public var provenance: Provenance

    /// The published values, keyed as sparse linkages are.
    func entries(into out: inout [LinkageKey: PublishedValue]) {
        let n = ids.count
        out.reserveCapacity(out.count + n * n)
        for i in 0..<n {
            for j in 0..<n where present[i * n + j] {
                out[LinkageKey(from: ids[i], to: ids[j], kind: kind, year: year)] =
                    PublishedValue(value: values[i * n + j], text: texts[i * n + j], unit: unit, provenance: provenance)
            }
        }
    }
}

/// A chain's linkages: sparse entries (long-layout rows) and dense blocks (wide tables), with
/// the merged dictionary built once, when first asked for. Immutable once made (a chain that
/// changes its linkages gets a new store), so copies of a chain share it safely.
final class LinkageStore: @unchecked Sendable {
    let sparse: [LinkageKey: PublishedValue]
    let dense: [DenseLinkages]
    private let lock = NSLock()
    private var merged: [LinkageKey: PublishedValue]?

    init(sparse: [LinkageKey: PublishedValue], dense: [DenseLinkages] = []) {
        self.sparse = sparse
        self.dense = dense
        if dense.isEmpty { merged = sparse }
    }

    /// Every linkage, sparse and dense.
    var all: [LinkageKey: PublishedValue] {
        lock.lock()
        defer { lock.unlock() }
        if let merged { return merged }
        var out = sparse
        for block in dense { block.entries(into: &out) }
        merged = out
        return out
    }

    /// `true` when some linkage of `kind` (in `year`, when given) exists.
    func has(_ kind: LinkageKind, year: Int?) -> Bool {
        if dense.contains(where: { $0.kind == kind && (year == nil || $0.year == year) && $0.present.contains(true) }) { return true }
        return sparse.keys.contains { $0.kind == kind && (year == nil || $0.year == year) }
    }
}

extension Chain {
    /// The dense blocks of the chain's linkages (wide tables, pymrio folders).
    public var denseLinkages: [DenseLinkages] { linkageStore.dense }

    /// Adds `blocks` to the chain's linkages (their keys must not be among the sparse ones).
    mutating func addDense(_ blocks: [DenseLinkages]) {
        linkageStore = LinkageStore(sparse: linkageStore.sparse, dense: linkageStore.dense + blocks)
    }
}
