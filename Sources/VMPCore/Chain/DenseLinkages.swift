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
///
/// Sparse entries read from long-layout files come as a list of distinct keys with their
/// values (``init(rows:dense:)``): the dictionary of them is built on first use, so loading a
/// chain and using only its dense or derived parts never hashes every row twice.
final class LinkageStore: @unchecked Sendable {
    let dense: [DenseLinkages]
    private let lock = NSLock()
    /// The sparse entries as given, when given as a list; `nil` once ``sparse`` is built from them.
    private var rows: [(key: LinkageKey, value: PublishedValue)]?
    private var sparseBuilt: [LinkageKey: PublishedValue]?
    private var merged: [LinkageKey: PublishedValue]?

    init(sparse: [LinkageKey: PublishedValue], dense: [DenseLinkages] = []) {
        self.sparseBuilt = sparse
        self.dense = dense
        if dense.isEmpty { merged = sparse }
    }

    /// A store of sparse entries with distinct keys (the caller has refused repeated rows), as
    /// ``init(sparse:dense:)`` with their dictionary.
    init(rows: [(key: LinkageKey, value: PublishedValue)], dense: [DenseLinkages] = []) {
        self.rows = rows
        self.dense = dense
    }

    /// The same sparse entries (not yet made a dictionary if they were not) with `blocks` added.
    init(_ store: LinkageStore, adding blocks: [DenseLinkages]) {
        store.lock.lock()
        defer { store.lock.unlock() }
        rows = store.rows
        sparseBuilt = store.sparseBuilt
        dense = store.dense + blocks
        if dense.isEmpty { merged = store.merged }
    }

    /// The sparse entries as a dictionary; the caller holds `lock`.
    private func sparseLocked() -> [LinkageKey: PublishedValue] {
        if let sparseBuilt { return sparseBuilt }
        var out: [LinkageKey: PublishedValue] = [:]
        out.reserveCapacity(rows?.count ?? 0)
        // Keys are distinct (init(rows:)): the last value of a key wins, as assignment would.
        for row in rows ?? [] { out[row.key] = row.value }
        sparseBuilt = out
        rows = nil
        return out
    }

    /// The sparse entries (long-layout rows).
    var sparse: [LinkageKey: PublishedValue] {
        lock.lock()
        defer { lock.unlock() }
        return sparseLocked()
    }

    /// Every linkage, sparse and dense.
    var all: [LinkageKey: PublishedValue] {
        lock.lock()
        defer { lock.unlock() }
        if let merged { return merged }
        var out = sparseLocked()
        for block in dense { block.entries(into: &out) }
        merged = out
        return out
    }

    /// The sparse entries of `kind` in `year`, in no particular order, without building the
    /// dictionary of all of them when it is not built yet.
    func sparseEntries(_ kind: LinkageKind, year: Int) -> [(key: LinkageKey, value: PublishedValue)] {
        lock.lock()
        defer { lock.unlock() }
        if let rows { return rows.filter { $0.key.kind == kind && $0.key.year == year } }
        return (sparseBuilt ?? [:]).filter { $0.key.kind == kind && $0.key.year == year }.map { ($0.key, $0.value) }
    }

    /// Every linkage of `kind` in `year`, sparse and dense: the entries of ``all`` with that
    /// kind and year, in no particular order. Without dense blocks of that kind and year it
    /// does not build ``all``.
    func entries(_ kind: LinkageKind, year: Int) -> [(key: LinkageKey, value: PublishedValue)] {
        guard dense.contains(where: { $0.kind == kind && $0.year == year }) else { return sparseEntries(kind, year: year) }
        return all.filter { $0.key.kind == kind && $0.key.year == year }.map { ($0.key, $0.value) }
    }

    /// `true` when some linkage of `kind` (in `year`, when given) exists.
    func has(_ kind: LinkageKind, year: Int?) -> Bool {
        if dense.contains(where: { $0.kind == kind && (year == nil || $0.year == year) && $0.present.contains(true) }) { return true }
        lock.lock()
        defer { lock.unlock() }
        if let rows { return rows.contains { $0.key.kind == kind && (year == nil || $0.key.year == year) } }
        return (sparseBuilt ?? [:]).keys.contains { $0.kind == kind && (year == nil || $0.year == year) }
    }
}

extension Chain {
    /// The dense blocks of the chain's linkages (wide tables, pymrio folders).
    public var denseLinkages: [DenseLinkages] { linkageStore.dense }

    /// Adds `blocks` to the chain's linkages (their keys must not be among the sparse ones).
    mutating func addDense(_ blocks: [DenseLinkages]) {
        linkageStore = LinkageStore(linkageStore, adding: blocks)
    }
}
