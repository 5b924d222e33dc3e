import Foundation

/// The input-output systems of a session, one per chain and year, built on first use so that
/// further shocks and inverses of the same year reuse their LU factorisations.
final class ModelCache: @unchecked Sendable {
    /// Which system: a chain (by its load ``Chain/identity``) and a year.
    struct Key: Hashable {
        var chain: UUID
        var year: Int
        /// The model closed with respect to households (Type II multipliers).
        var closed = false
    }

    private let lock = NSLock()
    private var systems: [Key: IOSystem] = [:]

    /// The cached system of `key`, or the one `build` makes (cached only when it succeeds).
    func system(_ key: Key, _ build: () throws(Diagnostic) -> IOSystem) throws(Diagnostic) -> IOSystem {
        lock.lock()
        let hit = systems[key]
        lock.unlock()
        if let hit { return hit }
        let built = try build()
        lock.lock()
        systems[key] = built
        lock.unlock()
        return built
    }

    /// Which origins: a chain, a year and the kind of linkage they are.
    struct OriginsKey: Hashable {
        var chain: UUID
        var year: Int
        var kind: LinkageKind
    }

    private var origins: [OriginsKey: [Origin]] = [:]

    /// The cached origins of `key`, or those `make` gives (a chain's data never change under
    /// its ``Chain/identity``, so the list is made once per session).
    func origins(_ key: OriginsKey, _ make: () -> [Origin]) -> [Origin] {
        lock.lock()
        let hit = origins[key]
        lock.unlock()
        if let hit { return hit }
        let made = make()
        lock.lock()
        origins[key] = made
        lock.unlock()
        return made
    }
}

/// The chain a computation works on: its published values (with their provenance), its
/// input-output system of each year (``system(_:_:)``), and the formatter that words its
/// diagnostics. Built-ins receive one of these (inside ``BuiltinCall``), never the evaluator.
///
/// Rows of every matrix are the supplying stage i, columns the receiving stage j
/// (docs/model.md §1).
struct ChainContext {
    let chain: Chain
    let models: ModelCache
    let formatter: Formatter
    /// Polled between the years of a long computation; `true` stops it with `interrupted`.
    let isInterrupted: () -> Bool

    /// The value operations (arithmetic with units, indexing), worded by this formatter.
    var ops: Operations { Operations(formatter: formatter) }

    /// The stage ids in chain order.
    var stageIDs: [String] { chain.stages.map(\.id) }

    /// The chain's years as row keys (`"2015"` … `"2022"`).
    var yearKeys: [String] { chain.years.map(String.init) }

    func checkInterrupt(_ range: SourceRange) throws(Diagnostic) {
        if isInterrupted() { throw Diagnostic(.interrupted, "interrupted", at: range) }
    }

    // MARK: - Published values

    /// The published value of `key` as a quantity with its origin, or `nil` (NA).
    /// - Throws: when the dataset gives it a unit outside the registry.
    func published(_ key: QuantityKey) throws(Diagnostic) -> Quantity? {
        guard let p = chain.quantities[key] else { return nil }
        return try quantity(from: p, label: key.label)
    }

    /// A published value as a quantity that remembers where it came from (`label`).
    func quantity(from p: PublishedValue, label: String) throws(Diagnostic) -> Quantity {
        let unit: Unit
        do {
            unit = try chain.unit(p.unit)
        } catch {
            throw Diagnostic(.runtime, "the dataset gives \(label) the unknown unit '\(p.unit)'", at: nil)
        }
        return Quantity(p.value, unit, printed: p.text, origins: [Origin(label: label, published: p)])
    }

    /// `S3.cost`: the series over the chain's years if any year is published, else the
    /// undated value, else NA. `S3.name` and the other ``StageField``s read the stage itself.
    /// - Throws: for a name that is neither a quantity of the chain nor a stage field.
    func stageMember(_ stage: Stage, _ name: String, _ range: SourceRange) throws(Diagnostic) -> Value {
        guard chain.quantityNames.contains(name) else {
            if let field = StageField(rawValue: name) { return .string(field.value(of: stage)) }
            let hint = Suggest.didYouMean(name, among: chain.quantityNames + StageField.allCases.map(\.rawValue))
                ?? "quantities: \(chain.quantityNames.joined(separator: ", "))"
            throw Diagnostic(.runtime, "stage \(stage.id) has no quantity '\(name)'", at: range, hint: hint)
        }
        var items: [Quantity?] = []
        for y in chain.years { items.append(try published(QuantityKey(stage: stage.id, quantity: name, year: y))) }
        if items.contains(where: { $0 != nil }) {
            return .keyed(Keyed(label: "\(stage.id).\(name)", keyKind: .year, keys: yearKeys, items: items))
        }
        if let undated = try published(QuantityKey(stage: stage.id, quantity: name, year: nil)) {
            return .quantity(undated)
        }
        return .na("\(stage.id).\(name) is not published")
    }

    /// `cost`: a years × stages table if any year is published, else a vector of undated values by stage.
    func panel(_ name: String) throws(Diagnostic) -> Value {
        let ids = stageIDs
        var cells: [[Quantity?]] = []
        for y in chain.years {
            var row: [Quantity?] = []
            for id in ids { row.append(try published(QuantityKey(stage: id, quantity: name, year: y))) }
            cells.append(row)
        }
        if cells.joined().contains(where: { $0 != nil }) {
            return .table(Table(title: name, rowKind: .year, rowKeys: yearKeys, columnKind: .stage, columnKeys: ids, cells: cells))
        }
        var items: [Quantity?] = []
        for id in ids { items.append(try published(QuantityKey(stage: id, quantity: name, year: nil))) }
        return .keyed(Keyed(label: name, keyKind: .stage, keys: ids, items: items))
    }

    /// A stage argument. - Throws: when `arg` is not a stage, listing the chain's stages.
    func stage(_ arg: Argument) throws(Diagnostic) -> Stage {
        guard case .stage(let s) = arg.value else {
            throw Diagnostic(.runtime, "expected a stage (\(stageIDs.joined(separator: ", "))), found \(ops.describe(arg.value))", at: arg.range)
        }
        return s
    }

    // MARK: - The system of a year

    /// A year of the chain. - Throws: when `v` is not a whole number in the chain's years.
    func checkYear(_ v: Value, _ range: SourceRange) throws(Diagnostic) -> Int {
        let year = try ops.integer(v, range, "a year")
        guard chain.years.contains(year) else {
            throw Diagnostic(.runtime, "year \(year) is outside the chain's years \(chain.years.lowerBound)..\(chain.years.upperBound)", at: range)
        }
        return year
    }

    /// The input-output system of `year` (n×n, n = the chain's stages). Full mode
    /// (A = Z x̂⁻¹, B = x̂⁻¹ Z) when the chain has flows that year (``flowSystem(_:_:)``: every
    /// stage's output is then needed); otherwise the published coefficients as matrices: B
    /// from the forward linkages, A from the backward ones, each value at (from, to); zeros
    /// elsewhere (docs/model.md §5).
    /// - Throws: when the inverse does not exist (spectral radius ≥ 1, singular) or outputs are missing.
    ///
    /// With a household stage declared (``Chain/households``) this is the open model: the
    /// household row and column are exogenous, 0 in A and B. `closed` keeps them (Type II
    /// multipliers; docs/model.md §8.1).
    func system(_ year: Int, _ range: SourceRange, closed: Bool = false) throws(Diagnostic) -> IOSystem {
        let outside = closed ? nil : chain.households
        return try models.system(ModelCache.Key(chain: chain.identity, year: year, closed: closed)) { () throws(Diagnostic) -> IOSystem in
            if let full = try flowSystem(year, range, exogenous: outside) { return full }
            let ids = stageIDs
            let n = ids.count
            var a = Matrix(rows: n, cols: n, repeating: 0), b = Matrix(rows: n, cols: n, repeating: 0)
            var haveA = false, haveB = false
            let position = chain.stagePositions
            for (key, v) in chain.linkages where key.year == year {
                guard let i = position[key.from], let j = position[key.to] else { continue }
                if let outside, key.from == outside || key.to == outside { continue }
                switch key.kind {
                case .backward: a[i, j] = v.value; haveA = true
                case .forward: b[i, j] = v.value; haveB = true
                case .flow: continue
                }
            }
            if !haveA, !haveB, chain.hasFlows {
                // A chain given as flows that has none this year: say that, not "no coefficients".
                let years = chain.years.filter { chain.hasFlows(in: $0) }.map(String.init).joined(separator: ", ")
                throw Diagnostic(.runtime, "chain \(chain.name) has no flows for \(year): its model needs the flows of the year (flows are given for \(years))", at: range)
            }
            do throws(IOModelError) {
                return try IOSystem.fromCoefficients(A: haveA ? a : nil, B: haveB ? b : nil, stageIDs: ids)
            } catch {
                throw diagnostic(error, year: year, range)
            }
        }
    }

    /// Model failures as diagnostics that say what does not exist and why.
    func diagnostic(_ error: IOModelError, year: Int, _ range: SourceRange) -> Diagnostic {
        switch error {
        case .notConvergent(let rho):
            return Diagnostic(.runtime, "the chain's inverse does not exist for \(year): spectral radius \(formatter.number(rho)) ≥ 1, so a shock grows without bound", at: range,
                              hint: "check the coefficients of \(year) (Hawkins–Simon: the spectral radius must be below 1)")
        case .singular:
            return Diagnostic(.runtime, "the chain's inverse does not exist for \(year): I − A (or I − B) is singular", at: range)
        case .missingCoefficients(let mode):
            return Diagnostic(.runtime, "no published \(mode == .pull ? "backward" : "forward") linkages for \(year): a \(mode.rawValue) needs them", at: range)
        case .unknownStage(let id):
            return Diagnostic(.runtime, "unknown stage '\(id)'", at: range)
        case .linearAlgebra(.lapackUnavailable(let why)):
            return Diagnostic(.runtime, "the model for \(year) needs LAPACKE, which could not be loaded: \(why)", at: range,
                              hint: "install it: apt-get install liblapacke libopenblas0")
        default:
            return Diagnostic(.runtime, "the model failed for \(year): \(error)", at: range)
        }
    }

    /// `body` applied to the system of `year`, its model errors turned into diagnostics.
    func model<T>(_ year: Int, _ range: SourceRange, _ body: (IOSystem) throws(IOModelError) -> T) throws(Diagnostic) -> T {
        let sys = try system(year, range)
        do throws(IOModelError) {
            return try body(sys)
        } catch {
            throw diagnostic(error, year: year, range)
        }
    }

    /// The published data a model result of `year` rests on: the flows where the chain has
    /// them, else the coefficients of `kind` (backward for A, L and pulls; forward for B, G, pushes).
    func modelOrigins(_ kind: LinkageKind, _ year: Int) -> [Origin] {
        let used: LinkageKind = chain.hasFlows(in: year) ? .flow : kind
        return models.origins(ModelCache.OriginsKey(chain: chain.identity, year: year, kind: used)) {
            // Only the entries of that kind and year (not the whole dictionary of linkages).
            return chain.linkageStore.entries(used, year: year)
                .sorted { ($0.key.from, $0.key.to) < ($1.key.from, $1.key.to) }
                .map { Origin(label: $0.key.label, published: $0.value) }
        }
    }
}
