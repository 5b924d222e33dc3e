// The input–output (IO) core of the M-P chain model: coefficient matrices, Leontief and Ghosh
// inverses and linkages, for any number n of stages (shock responses: IOModel+Shocks.swift).
//
// Conventions (docs/model.md §1, §5): rows = supplying stage i, columns = receiving
// stage j; Z and x in one unit (t/yr or t/day of V content, or money); coefficients are
// dimensionless; a response is in the unit of the shock. Formulas follow the standard
// demand-driven (Leontief) and supply-driven (Ghosh) IO model: Miller & Blair (2009),
// *Input–Output Analysis*, ch. 2 (§2.4 power series) and ch. 12 (Ghosh); Eurostat Manual of
// Supply, Use and Input–Output Tables (2008) pp. 506–507 and the UN Handbook on Supply, Use and
// Input–Output Tables pp. 622–639, as implemented by R `iotables` (backward_linkages,
// forward_linkages, ghosh_inverse_create) and Python `pymrio.tools.iomath` (calc_A, calc_B,
// calc_L, calc_G).

import Foundation

// MARK: - Errors and modes

/// Direction of a shock: demand-pull (Leontief, upstream) or supply-push (Ghosh, downstream).
public enum ShockMode: String, Hashable, Sendable, CaseIterable {
    /// Δx = L Δy: extra final demand at a stage pulls inputs from its suppliers (backward).
    case pull
    /// Δx′ = Δw′ G: extra primary supply at a stage is pushed to its customers (forward).
    /// Supply-driven quantity readings of the Ghosh model are disputed (Dietzenbacher 1997);
    /// interpret with caution.
    case push
}

/// What can go wrong building or using an ``IOSystem``.
public enum IOModelError: Error, Equatable, Sendable {
    /// A coefficient or flow matrix is not square.
    case nonSquare(rows: Int, cols: Int)
    /// A matrix or vector does not have one entry per stage (`what` names it: "Z", "x", "A", …).
    case dimensionMismatch(what: String, expected: Int, actual: Int)
    /// Stage ids are empty, blank or duplicated (the message says which).
    case invalidStageIDs(String)
    /// No stage has this id.
    case unknownStage(String)
    /// Total output x_j is 0, so a_ij = z_ij / x_j and b_ji = z_ji / x_j are undefined.
    case zeroOutput(stage: String)
    /// Total output x_j is negative.
    case negativeOutput(stage: String, value: Double)
    /// NaN or ±∞ in an input or a result (`what` names it).
    case notFinite(what: String)
    /// The system was built from coefficients without the matrix this needs: A for `pull`
    /// (L, backward linkages), B for `push` (G, forward linkages). Never derived from the other.
    case missingCoefficients(ShockMode)
    /// I − A (pull) or I − B (push) is singular; `pivot` is the 0-based stage index of the zero
    /// (or numerically negligible) pivot of its LU factors.
    case singular(pivot: Int)
    /// ρ(A) (pull) or ρ(B) (push) ≥ 1: the power series I + A + A² + … diverges and the
    /// Leontief/Ghosh inverse has no meaning as a multiplier (Hawkins–Simon conditions fail).
    case notConvergent(spectralRadius: Double)
    /// `rounds` is negative or above ``IOSystem/maxTraceRounds``.
    case invalidRounds(Int)
    /// A normalised (Rasmussen–Hirschman) index is undefined: the matrix sums to 0.
    case undefinedIndex
    /// Any other failure reported by the linear algebra layer.
    case linearAlgebra(LinearAlgebraError)

    init(_ error: LinearAlgebraError, what: String) {
        switch error {
        case .singular(let pivot): self = .singular(pivot: pivot)
        case .nonSquare(let rows, let cols): self = .nonSquare(rows: rows, cols: cols)
        case .notFinite: self = .notFinite(what: what)
        case .dimensionMismatch(let expected, let actual):
            self = .dimensionMismatch(what: what, expected: expected, actual: actual)
        default: self = .linearAlgebra(error)
        }
    }
}

/// Runs a linear-algebra step, translating its error into an ``IOModelError``.
@inline(__always)
func la<T>(_ what: String, _ body: () throws(LinearAlgebraError) -> T) throws(IOModelError) -> T {
    do throws(LinearAlgebraError) {
        return try body()
    } catch {
        throw IOModelError(error, what: what)
    }
}

// MARK: - Results

/// Coefficients-only mode with user-supplied outputs x (docs/model.md §5.3): the flows implied by the
/// forward and by the backward coefficients, and how far they disagree.
public struct FlowDiscrepancy: Equatable, Sendable {
    /// Z_fwd = x̂ B: z_ij = b_ij x_i.
    public let forwardFlows: Matrix
    /// Z_bwd = A x̂: z_ij = a_ij x_j.
    public let backwardFlows: Matrix
    /// |Z_fwd − Z_bwd| / |Z_fwd| element-wise; 0 where both are 0, +∞ where only Z_fwd is 0.
    public let relative: Matrix
}

// MARK: - Cache

/// Memoises factorisations, spectral radii and inverses of one ``IOSystem`` (shared by copies of
/// the immutable value; thread-safe). Each kind of result has its own typed table, keyed by the
/// direction it serves (pull: A, L; push: B, G).
final class IOSystemCache: @unchecked Sendable {
    /// The cached numbers of a direction.
    enum Number: Hashable {
        /// min(‖M‖₁, ‖M‖∞), a cheap upper bound of ρ(M).
        case convergenceBound(ShockMode)
        /// ρ(M) from the eigenvalues.
        case spectralRadius(ShockMode)
    }

    private let lock = NSRecursiveLock()
    private var factorizations: [ShockMode: Result<LUFactorization, IOModelError>] = [:]
    private var numbers: [Number: Result<Double, IOModelError>] = [:]
    /// L (pull) and G (push).
    private var inverses: [ShockMode: Result<Matrix, IOModelError>] = [:]
    /// A (pull) and B (push) of a system built from flows, formed on first use.
    private var coefficientMatrices: [ShockMode: Result<Matrix, IOModelError>] = [:]
    private var luCount = 0

    private func memo<K: Hashable, T>(_ table: ReferenceWritableKeyPath<IOSystemCache, [K: Result<T, IOModelError>]>, _ key: K,
                                      _ compute: () -> Result<T, IOModelError>) -> Result<T, IOModelError> {
        lock.lock()
        defer { lock.unlock() }
        if let hit = self[keyPath: table][key] { return hit }
        let value = compute()
        self[keyPath: table][key] = value
        return value
    }

    /// The LU factors of I − M for `key`'s direction, computed once.
    func factorization(_ key: ShockMode, _ compute: () -> Result<LUFactorization, IOModelError>) -> Result<LUFactorization, IOModelError> {
        memo(\.factorizations, key, compute)
    }

    func number(_ key: Number, _ compute: () -> Result<Double, IOModelError>) -> Result<Double, IOModelError> {
        memo(\.numbers, key, compute)
    }

    /// L (`.pull`) or G (`.push`), computed once.
    func inverse(_ key: ShockMode, _ compute: () -> Result<Matrix, IOModelError>) -> Result<Matrix, IOModelError> {
        memo(\.inverses, key, compute)
    }

    /// A (`.pull`) or B (`.push`) of a system built from flows, formed once.
    func coefficientMatrix(_ key: ShockMode, _ compute: () -> Result<Matrix, IOModelError>) -> Result<Matrix, IOModelError> {
        memo(\.coefficientMatrices, key, compute)
    }

    func countFactorization() {
        lock.lock()
        luCount += 1
        lock.unlock()
    }

    var factorizationCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return luCount
    }
}

// MARK: - IOSystem

/// An n-stage input–output system (rows = supplier i, columns = receiver j), in one of two modes:
///
/// * **Full mode** (``fromFlows(Z:x:stageIDs:)``): from flows Z (n×n) and outputs x (n); derives
///   A = Z x̂⁻¹ and B = x̂⁻¹ Z (formed only when asked for as matrices: L, G, the linkages and
///   one-stage shocks read a_ij = z_ij / x_j and b_ij = z_ij / x_i from Z, bit for bit the same,
///   so an n = 10,000 system holds Z, the LU, L and G, not A and B as well). One LU
///   factorisation of I − A (formed in the array dgetrf factorises in place) serves both directions, because
///   B = x̂⁻¹ A x̂ and G = x̂⁻¹ L x̂ (docs/model.md §2.6).
/// * **Coefficients-only mode** (``fromCoefficients(A:B:stageIDs:)``, docs/model.md §5.2): A serves
///   only pull/L/backward linkages, B only push/G/forward linkages, each with its own
///   factorisation. Neither is ever derived from the other, and no x is inferred (the published
///   vanadium coefficients admit no single x, docs/model.md §6).
///
/// Inverses, factorisations and spectral radii are computed on first use and cached. Every
/// pull/push response is one LU solve with the cached factors (not a product with an explicit
/// inverse). The type is an immutable value; copies share the cache.
public struct IOSystem: Sendable {
    /// How the system was built.
    public enum Construction: String, Sendable {
        case flows
        case coefficients
    }

    /// Upper limit for ``trace(stage:size:mode:rounds:)``.
    public static let maxTraceRounds = 10_000

    public let construction: Construction
    /// Stage ids in matrix order (e.g. S1 … S5).
    public let stageIDs: [String]
    /// Flows z_ij (n×n, unit of x) — full mode only.
    public let Z: Matrix?
    /// Total outputs x_j (n) — full mode only.
    public let x: [Double]?
    /// Technical (input) coefficients a_ij = z_ij / x_j, A = Z x̂⁻¹ (n×n, dimensionless).
    /// `nil` in coefficients-only mode when not supplied. In full mode it is formed from Z and x
    /// on first use and then cached: L, the linkages and single-stage shocks read z_ij / x_j
    /// straight from Z, so a large system never holds A (nor B) unless asked for it.
    public var A: Matrix? {
        construction == .flows ? flowCoefficients(.pull) : givenA
    }
    /// Allocation (output) coefficients b_ij = z_ij / x_i, B = x̂⁻¹ Z (n×n, dimensionless).
    /// `nil` in coefficients-only mode when not supplied. Full mode: formed on first use, as ``A``.
    public var B: Matrix? {
        construction == .flows ? flowCoefficients(.push) : givenB
    }
    /// A and B as given in coefficients-only mode (`nil` in full mode).
    private let givenA: Matrix?
    private let givenB: Matrix?

    let cache = IOSystemCache()

    /// Number of stages n.
    public var count: Int { stageIDs.count }

    private init(construction: Construction, stageIDs: [String], Z: Matrix?, x: [Double]?, A: Matrix?, B: Matrix?) {
        self.construction = construction
        self.stageIDs = stageIDs
        self.Z = Z
        self.x = x
        self.givenA = A
        self.givenB = B
    }

    // MARK: Construction

    /// Full mode: A = Z x̂⁻¹ and B = x̂⁻¹ Z (docs/model.md §2.1–2.2; pymrio calc_A / calc_B).
    /// - Parameters:
    ///   - Z: n×n flows, z_ij from stage i (row) to stage j (column), in the unit of x.
    ///   - x: n total outputs.
    ///   - stageIDs: n distinct, non-empty ids.
    /// - Throws: ``IOModelError/invalidStageIDs(_:)``, ``IOModelError/nonSquare(rows:cols:)``,
    ///   ``IOModelError/dimensionMismatch(what:expected:actual:)``, ``IOModelError/notFinite(what:)``,
    ///   ``IOModelError/zeroOutput(stage:)`` (x_j = 0, naming stage j),
    ///   ``IOModelError/negativeOutput(stage:value:)``.
    public static func fromFlows(Z: Matrix, x: [Double], stageIDs: [String]) throws(IOModelError) -> IOSystem {
        try validate(stageIDs)
        let n = stageIDs.count
        try checkSquare(Z, n: n, what: "Z")
        guard x.count == n else { throw .dimensionMismatch(what: "x", expected: n, actual: x.count) }
        guard Z.isFinite else { throw .notFinite(what: "Z") }
        for (j, xj) in x.enumerated() {
            guard xj.isFinite else { throw .notFinite(what: "x[\(stageIDs[j])]") }
            if xj == 0 { throw .zeroOutput(stage: stageIDs[j]) }
            if xj < 0 { throw .negativeOutput(stage: stageIDs[j], value: xj) }
        }
        // Every a_ij = z_ij / x_j and b_ij = z_ij / x_i must be finite; A and B themselves are
        // formed only when asked for (``A``, ``B``).
        let finite = Z.elements.withUnsafeBufferPointer { z in
            x.withUnsafeBufferPointer { x in
                for i in 0..<n {
                    for j in 0..<n where !(z[i * n + j] / x[j]).isFinite || !(z[i * n + j] / x[i]).isFinite {
                        return false
                    }
                }
                return true
            }
        }
        guard finite else { throw .notFinite(what: "coefficients (x too small)") }
        return IOSystem(construction: .flows, stageIDs: stageIDs, Z: Z, x: x, A: nil, B: nil)
    }

    /// Coefficients-only mode (docs/model.md §5.2): A is used only for pull/L/backward linkages and B only
    /// for push/G/forward linkages; a missing one makes those operations throw
    /// ``IOModelError/missingCoefficients(_:)``. At least one must be given.
    /// - Parameters:
    ///   - A: n×n technical coefficients (dimensionless) or `nil`.
    ///   - B: n×n allocation coefficients (dimensionless) or `nil`.
    /// - Throws: ``IOModelError/invalidStageIDs(_:)``, ``IOModelError/nonSquare(rows:cols:)``,
    ///   ``IOModelError/dimensionMismatch(what:expected:actual:)``, ``IOModelError/notFinite(what:)``,
    ///   ``IOModelError/missingCoefficients(_:)`` (both `nil`).
    public static func fromCoefficients(A: Matrix?, B: Matrix?, stageIDs: [String]) throws(IOModelError) -> IOSystem {
        try validate(stageIDs)
        let n = stageIDs.count
        guard A != nil || B != nil else { throw .missingCoefficients(.pull) }
        if let A {
            try checkSquare(A, n: n, what: "A")
            guard A.isFinite else { throw .notFinite(what: "A") }
        }
        if let B {
            try checkSquare(B, n: n, what: "B")
            guard B.isFinite else { throw .notFinite(what: "B") }
        }
        return IOSystem(construction: .coefficients, stageIDs: stageIDs, Z: nil, x: nil, A: A, B: B)
    }

    private static func validate(_ ids: [String]) throws(IOModelError) {
        guard !ids.isEmpty else { throw .invalidStageIDs("no stages") }
        var seen = Set<String>()
        for id in ids {
            if id.trimmingCharacters(in: .whitespaces).isEmpty { throw .invalidStageIDs("blank stage id") }
            if !seen.insert(id).inserted { throw .invalidStageIDs("duplicate stage id \(id)") }
        }
    }

    private static func checkSquare(_ m: Matrix, n: Int, what: String) throws(IOModelError) {
        guard m.isSquare else { throw .nonSquare(rows: m.rows, cols: m.cols) }
        guard m.rows == n else { throw .dimensionMismatch(what: what, expected: n, actual: m.rows) }
    }

    /// The 0-based index of stage `id`.
    /// - Throws: ``IOModelError/unknownStage(_:)``.
    public func index(of id: String) throws(IOModelError) -> Int {
        guard let k = stageIDs.firstIndex(of: id) else { throw .unknownStage(id) }
        return k
    }

    // MARK: Factorisations (cached)

    /// The coefficient matrix that drives `mode` (A for pull; B for push), or throws
    /// ``IOModelError/missingCoefficients(_:)``.
    public func coefficients(_ mode: ShockMode) throws(IOModelError) -> Matrix {
        guard let m = mode == .pull ? A : B else { throw .missingCoefficients(mode) }
        return m
    }

    /// Which factorisation serves `mode`: in full mode always that of I − A (G = x̂⁻¹ L x̂).
    private func factorKey(_ mode: ShockMode) -> ShockMode {
        construction == .flows ? .pull : mode
    }

    /// The LU factors of I − M (M = A or B, see `factorKey`), after checking ρ(M) < 1.
    /// Order of checks: singular I − M first (exact or numerical zero pivot), then ρ(M) ≥ 1.
    func solver(_ mode: ShockMode) throws(IOModelError) -> LUFactorization {
        let key = factorKey(mode)
        let source = try coefficientSource(key)
        let lu = cache.factorization(key) { () -> Result<LUFactorization, IOModelError> in
            cache.countFactorization()
            do throws(IOModelError) {
                // I − M formed straight into the array that dgetrf factorises in place.
                var iMinus = source.identityMinus()
                return .success(try la("I - \(key == .pull ? "A" : "B")") { () throws(LinearAlgebraError) in
                    try LUFactorization(factorizing: &iMinus, n: count)
                })
            } catch {
                return .failure(error)
            }
        }
        let factors = try lu.get()
        // rho(M) <= min(||M||_1, ||M||_inf): when that bound is < 1, convergence is proven in
        // O(n^2) and dgeev is not needed; otherwise fall back to the exact rho (same error as before).
        if try convergenceBound(key) >= 1 {
            let rho = try spectralRadius(key)
            guard rho < 1 else { throw .notConvergent(spectralRadius: rho) }
        }
        return factors
    }

    /// min(||M||_1, ||M||_inf) >= rho(M), cached.
    func convergenceBound(_ key: ShockMode) throws(IOModelError) -> Double {
        let m = try coefficientSource(key)
        return try cache.number(.convergenceBound(key)) { () -> Result<Double, IOModelError> in
            var colMax = 0.0, rowMax = 0.0
            var cols = [Double](repeating: 0, count: m.n)
            m.withCoefficients { c in
                for i in 0..<m.n {
                    var r = 0.0
                    for j in 0..<m.n { let v = abs(c(i, j)); r += v; cols[j] += v }
                    rowMax = max(rowMax, r)
                }
            }
            colMax = cols.max() ?? 0
            return .success(min(colMax, rowMax))
        }.get()
    }

    /// ρ(A) (pull) or ρ(B) (push), from all eigenvalues (LAPACK dgeev); cached. In full mode
    /// ρ(B) = ρ(A) since B = x̂⁻¹ A x̂. Convergence of the power series I + M + M² + … needs ρ < 1
    /// (Miller & Blair 2009 §2.4).
    /// - Throws: ``IOModelError/missingCoefficients(_:)``, ``IOModelError/linearAlgebra(_:)``.
    public func spectralRadius(_ mode: ShockMode) throws(IOModelError) -> Double {
        let key = factorKey(mode)
        let m = try coefficients(key)
        return try cache.number(.spectralRadius(key)) { () -> Result<Double, IOModelError> in
            do throws(IOModelError) {
                return .success(try la(key == .pull ? "A" : "B") { () throws(LinearAlgebraError) in try m.spectralRadius() })
            } catch {
                return .failure(error)
            }
        }.get()
    }

    /// Number of LU factorisations done so far (for tests: one per mode, one in full mode).
    var factorizationCount: Int { cache.factorizationCount }

    // MARK: Inverses

    /// Leontief inverse L = (I − A)⁻¹ (n×n, dimensionless): l_ij = output of stage i needed per
    /// unit of final demand for stage j (Miller & Blair 2009 §2.3; iotables, Eurostat Manual
    /// pp. 506–507). From the cached LU of I − A (dgetri).
    /// - Throws: ``IOModelError/missingCoefficients(_:)``, ``IOModelError/singular(pivot:)``,
    ///   ``IOModelError/notConvergent(spectralRadius:)``, ``IOModelError/notFinite(what:)``.
    public var L: Matrix {
        get throws(IOModelError) {
            let lu = try solver(.pull)
            return try cache.inverse(.pull) { () -> Result<Matrix, IOModelError> in
                do throws(IOModelError) {
                    return .success(try la("L") { () throws(LinearAlgebraError) in try lu.inverse() })
                } catch {
                    return .failure(error)
                }
            }.get()
        }
    }

    /// Ghosh inverse G = (I − B)⁻¹ (n×n, dimensionless): g_ij = output of stage j enabled per unit
    /// of primary input into stage i (Miller & Blair 2009 ch. 12; iotables ghosh_inverse_create,
    /// UN Handbook pp. 622–639). Full mode: G = x̂⁻¹ L x̂, g_ij = l_ij x_j / x_i (no second
    /// factorisation; pymrio calc_G(B, L, x)). Coefficients-only mode: from the LU of I − B.
    /// - Throws: as ``L``.
    public var G: Matrix {
        get throws(IOModelError) {
            if construction == .flows, let x {
                let l = try L
                return try cache.inverse(.push) { () -> Result<Matrix, IOModelError> in
                    let n = count
                    // Written straight into new storage (no copy of L that is then overwritten).
                    let g = Array(unsafeUninitializedCapacity: n * n) { buf, initialised in
                        l.elements.withUnsafeBufferPointer { le in
                            for i in 0..<n {
                                for j in 0..<n { buf[i * n + j] = le[i * n + j] * x[j] / x[i] }
                            }
                        }
                        initialised = n * n
                    }
                    do throws(IOModelError) {
                        return .success(try la("G") { () throws(LinearAlgebraError) in try Matrix(rows: n, cols: n, elements: g) })
                    } catch {
                        return .failure(error)
                    }
                }.get()
            }
            let lu = try solver(.push)
            return try cache.inverse(.push) { () -> Result<Matrix, IOModelError> in
                do throws(IOModelError) {
                    return .success(try la("G") { () throws(LinearAlgebraError) in try lu.inverse() })
                } catch {
                    return .failure(error)
                }
            }.get()
        }
    }

    // MARK: Linkages

    /// Direct backward linkages BL(d)_j = Σ_i a_ij, the column sums of A (n, dimensionless;
    /// Chenery–Watanabe; docs/model.md §3.1).
    /// - Throws: ``IOModelError/missingCoefficients(_:)``.
    public func directBackwardLinkages() throws(IOModelError) -> [Double] {
        try coefficientSource(.pull).columnSums
    }

    /// Total backward linkages Σ_i l_ij, the column sums of L (n, dimensionless; iotables
    /// backward_linkages, Eurostat Manual pp. 506–507, UN Handbook p. 636).
    /// - Throws: as ``L``.
    public func totalBackwardLinkages() throws(IOModelError) -> [Double] {
        try L.columnSums
    }

    /// Direct forward linkages Σ_j b_ij, the row sums of B (n, dimensionless; docs/model.md §3.1).
    /// - Throws: ``IOModelError/missingCoefficients(_:)``.
    public func directForwardLinkages() throws(IOModelError) -> [Double] {
        try coefficientSource(.push).rowSums
    }

    /// Total forward linkages Σ_j g_ij, the row sums of G (n, dimensionless; iotables
    /// forward_linkages).
    /// - Throws: as ``G``.
    public func totalForwardLinkages() throws(IOModelError) -> [Double] {
        try G.rowSums
    }

    /// Rasmussen–Hirschman normalised backward index BL_j = ((1/n) Σ_i m_ij) / ((1/n²) Σ_ij m_ij)
    /// with M = L (`total`, default) or A (ioanalysis leontief.inv; Miller & Blair 2009 §12.2).
    /// Mean 1; > 1 = above-average pull on suppliers.
    /// - Throws: as ``L`` / ``directBackwardLinkages()``, and ``IOModelError/undefinedIndex``.
    public func normalisedBackwardLinkages(total: Bool = true) throws(IOModelError) -> [Double] {
        try Self.normalise(total ? totalBackwardLinkages() : directBackwardLinkages())
    }

    /// Normalised forward index FL_i = ((1/n) Σ_j m_ij) / ((1/n²) Σ_ij m_ij) with M = G (`total`,
    /// default) or B. Mean 1; > 1 = above-average push to customers.
    /// - Throws: as ``G`` / ``directForwardLinkages()``, and ``IOModelError/undefinedIndex``.
    public func normalisedForwardLinkages(total: Bool = true) throws(IOModelError) -> [Double] {
        try Self.normalise(total ? totalForwardLinkages() : directForwardLinkages())
    }

    /// n · s_j / Σ s: the sums of a matrix's columns (or rows) divided by their mean.
    static func normalise(_ sums: [Double]) throws(IOModelError) -> [Double] {
        let grand = sums.reduce(0, +)
        guard grand != 0, grand.isFinite else { throw .undefinedIndex }
        let n = Double(sums.count)
        return sums.map { n * $0 / grand }
    }

    /// Key stages: both normalised indices > 1 (backward from L or A, forward from G or B),
    /// in stage order.
    /// - Throws: as ``normalisedBackwardLinkages(total:)`` and ``normalisedForwardLinkages(total:)``.
    public func keyStages(total: Bool = true) throws(IOModelError) -> [String] {
        let bl = try normalisedBackwardLinkages(total: total)
        let fl = try normalisedForwardLinkages(total: total)
        return stageIDs.indices.filter { bl[$0] > 1 && fl[$0] > 1 }.map { stageIDs[$0] }
    }

    // MARK: Coefficients-only diagnostics

    /// For coefficients-only mode with user-supplied outputs x: Z_fwd = x̂ B and Z_bwd = A x̂, and
    /// their relative discrepancy per pair (docs/model.md §5.3), which makes the inconsistency of two
    /// independently published coefficient sets visible instead of hiding it.
    /// - Throws: ``IOModelError/missingCoefficients(_:)`` (needs both A and B),
    ///   ``IOModelError/dimensionMismatch(what:expected:actual:)``, ``IOModelError/notFinite(what:)``.
    public func flowDiscrepancy(outputs: [Double]) throws(IOModelError) -> FlowDiscrepancy {
        let a = try coefficients(.pull)
        let b = try coefficients(.push)
        guard outputs.count == count else { throw .dimensionMismatch(what: "x", expected: count, actual: outputs.count) }
        guard outputs.allSatisfy({ $0.isFinite }) else { throw .notFinite(what: "x") }
        var zf = b, zb = a, rel = a
        for i in 0..<count {
            for j in 0..<count {
                zf[i, j] = b[i, j] * outputs[i]
                zb[i, j] = a[i, j] * outputs[j]
                let d = abs(zf[i, j] - zb[i, j])
                rel[i, j] = d == 0 ? 0 : (zf[i, j] == 0 ? .infinity : d / abs(zf[i, j]))
            }
        }
        return FlowDiscrepancy(forwardFlows: zf, backwardFlows: zb, relative: rel)
    }
}
