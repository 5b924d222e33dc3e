// Dense linear algebra for the M-P chain model: a small row-major `Matrix`, an LU factorisation
// (LAPACK dgetrf / dgetrs / dgetri / dgecon) and eigenvalues (dgeev).
//
// This is the only file in the package that calls LAPACKE (loaded on first use: Lapack.swift).
// Everything LAPACK reports comes
// back as a `LinearAlgebraError`; nothing here traps on bad data (no force unwraps, `try!` or
// `fatalError`), and every `Int` → `Int32` (`lapack_int`) conversion is checked.

// MARK: - Errors

/// What can go wrong in the linear algebra layer.
public enum LinearAlgebraError: Error, Equatable, Sendable {
    /// The matrix is singular (or numerically singular: its reciprocal condition number is below
    /// the factorisation's threshold). `pivot` is the 0-based index i of the diagonal element
    /// U[i][i] of the LU factors that is zero (or, for numerical singularity, smallest in size).
    case singular(pivot: Int)
    /// A square matrix was required.
    case nonSquare(rows: Int, cols: Int)
    /// An input or a result contains NaN or ±∞.
    case notFinite
    /// Sizes do not fit: a vector or matrix had `actual` elements (or rows/columns) where
    /// `expected` were needed; also used for ragged row arrays and negative sizes.
    case dimensionMismatch(expected: Int, actual: Int)
    /// A dimension (or the element count n·n) does not fit LAPACK's 32-bit integer type.
    case tooLarge(dimension: Int)
    /// A LAPACK routine reported failure that is not covered above (`info` as returned;
    /// negative = illegal argument, positive = routine-specific, e.g. dgeev's QR did not converge).
    case lapack(routine: String, info: Int)
    /// LAPACKE could not be loaded (``Lapack/libraryNames``), or lacks a routine: why, per name tried.
    case lapackUnavailable(String)
}

/// Converts a size to LAPACK's `lapack_int` (Int32), throwing instead of trapping.
@inline(__always)
func lapackInt(_ value: Int) throws(LinearAlgebraError) -> Int32 {
    guard value >= 0, let converted = Int32(exactly: value) else { throw .tooLarge(dimension: value) }
    return converted
}

/// Checks that an n×n problem fits 32-bit LAPACK: n itself and the element count n·n (which
/// LAPACKE uses for its row-major work copies and leading-dimension arithmetic).
func lapackSquareSize(_ n: Int) throws(LinearAlgebraError) -> Int32 {
    let n32 = try lapackInt(n)
    let (count, overflow) = n.multipliedReportingOverflow(by: n)
    guard !overflow, Int32(exactly: count) != nil else { throw .tooLarge(dimension: n) }
    return n32
}

@inline(__always)
private func lapackChar(_ c: Unicode.Scalar) -> CChar {
    CChar(truncatingIfNeeded: UInt8(truncatingIfNeeded: c.value))
}

// MARK: - Matrix

/// A dense `rows`×`cols` matrix of `Double`, stored row-major: element (i, j) is
/// `elements[i * cols + j]`. Indices are 0-based. Value semantics (copy on write via `Array`).
///
/// Subscripting out of range is a programming error and traps like `Array` does; all
/// size mismatches between operands are reported as ``LinearAlgebraError/dimensionMismatch(expected:actual:)``.
public struct Matrix: Equatable, Sendable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let cols: Int
    /// Row-major storage; `elements.count == rows * cols`.
    public private(set) var elements: [Double]

    /// A `rows`×`cols` matrix with every element `value`. Negative sizes are treated as 0.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        let r = max(0, rows), c = max(0, cols)
        self.rows = r
        self.cols = c
        self.elements = Array(repeating: value, count: r * c)
    }

    /// A matrix from row-major `elements`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(expected:actual:)`` if a size is negative,
    ///   `rows * cols` overflows, or `elements.count != rows * cols`.
    public init(rows: Int, cols: Int, elements: [Double]) throws(LinearAlgebraError) {
        guard rows >= 0, cols >= 0 else { throw .dimensionMismatch(expected: 0, actual: min(rows, cols)) }
        let (count, overflow) = rows.multipliedReportingOverflow(by: cols)
        guard !overflow else { throw .tooLarge(dimension: max(rows, cols)) }
        guard elements.count == count else { throw .dimensionMismatch(expected: count, actual: elements.count) }
        self.rows = rows
        self.cols = cols
        self.elements = elements
    }

    /// An n×n matrix from row-major `elements` that the caller built with exactly n·n values
    /// (internal: no size check to throw from).
    init(square n: Int, elements: [Double]) {
        self.rows = n
        self.cols = n
        self.elements = elements
    }

    /// A matrix from an array of rows (`rowArrays[i][j]` is element (i, j)). An empty array gives
    /// a 0×0 matrix.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(expected:actual:)`` if the rows differ in length.
    public init(_ rowArrays: [[Double]]) throws(LinearAlgebraError) {
        let c = rowArrays.first?.count ?? 0
        var flat: [Double] = []
        flat.reserveCapacity(rowArrays.count * c)
        for row in rowArrays {
            guard row.count == c else { throw .dimensionMismatch(expected: c, actual: row.count) }
            flat.append(contentsOf: row)
        }
        self.rows = rowArrays.count
        self.cols = c
        self.elements = flat
    }

    /// The n×n identity matrix (negative n is treated as 0).
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<m.rows { m.elements[i * m.cols + i] = 1 }
        return m
    }

    /// The square diagonal matrix with `diagonal` on its diagonal (x̂ for a vector x).
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        var m = Matrix(rows: diagonal.count, cols: diagonal.count)
        for (i, v) in diagonal.enumerated() { m.elements[i * m.cols + i] = v }
        return m
    }

    /// Element (i, j), 0-based.
    public subscript(i: Int, j: Int) -> Double {
        get { elements[i * cols + j] }
        set { elements[i * cols + j] = newValue }
    }

    /// True when rows == cols.
    public var isSquare: Bool { rows == cols }

    /// True when no element is NaN or ±∞.
    public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }

    /// Row i as an array.
    public func row(_ i: Int) -> [Double] { Array(elements[(i * cols)..<((i + 1) * cols)]) }

    /// Column j as an array.
    public func column(_ j: Int) -> [Double] { (0..<rows).map { elements[$0 * cols + j] } }

    /// The rows as nested arrays.
    public var rowArrays: [[Double]] { (0..<rows).map { row($0) } }

    /// The diagonal (min(rows, cols) elements).
    public var diagonalElements: [Double] { (0..<min(rows, cols)).map { elements[$0 * cols + $0] } }

    /// The transpose (cols×rows).
    public var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for i in 0..<rows {
            for j in 0..<cols { t.elements[j * rows + i] = elements[i * cols + j] }
        }
        return t
    }

    /// Σ_j m_ij for each row i (length `rows`).
    public var rowSums: [Double] {
        (0..<rows).map { i in
            var s = 0.0
            for j in 0..<cols { s += elements[i * cols + j] }
            return s
        }
    }

    /// Σ_i m_ij for each column j (length `cols`).
    public var columnSums: [Double] {
        var sums = Array(repeating: 0.0, count: cols)
        for i in 0..<rows {
            for j in 0..<cols { sums[j] += elements[i * cols + j] }
        }
        return sums
    }

    /// Σ_ij m_ij.
    public var sum: Double { elements.reduce(0, +) }

    /// Matrix × column vector: (M v)_i = Σ_j m_ij v_j. `v.count` must equal `cols`; result has `rows` elements.
    public func multiply(_ v: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard v.count == cols else { throw .dimensionMismatch(expected: cols, actual: v.count) }
        return (0..<rows).map { i in
            var s = 0.0
            for j in 0..<cols { s += elements[i * cols + j] * v[j] }
            return s
        }
    }

    /// Row vector × matrix: (vᵀ M)_j = Σ_i v_i m_ij. `v.count` must equal `rows`; result has `cols` elements.
    public func leftMultiply(_ v: [Double]) throws(LinearAlgebraError) -> [Double] {
        guard v.count == rows else { throw .dimensionMismatch(expected: rows, actual: v.count) }
        var out = Array(repeating: 0.0, count: cols)
        for i in 0..<rows where v[i] != 0 {
            let vi = v[i]
            for j in 0..<cols { out[j] += vi * elements[i * cols + j] }
        }
        return out
    }

    /// Matrix product self × other (rows×other.cols).
    public func multiply(_ other: Matrix) throws(LinearAlgebraError) -> Matrix {
        guard other.rows == cols else { throw .dimensionMismatch(expected: cols, actual: other.rows) }
        var out = Matrix(rows: rows, cols: other.cols)
        for i in 0..<rows {
            for k in 0..<cols {
                let a = elements[i * cols + k]
                if a == 0 { continue }
                for j in 0..<other.cols { out.elements[i * other.cols + j] += a * other.elements[k * other.cols + j] }
            }
        }
        return out
    }

    /// Element-wise self + other.
    public func adding(_ other: Matrix) throws(LinearAlgebraError) -> Matrix {
        try combined(with: other, +)
    }

    /// Element-wise self − other.
    public func subtracting(_ other: Matrix) throws(LinearAlgebraError) -> Matrix {
        try combined(with: other, -)
    }

    /// Every element times `factor`.
    public func scaled(by factor: Double) -> Matrix {
        var out = self
        for k in out.elements.indices { out.elements[k] *= factor }
        return out
    }

    /// I − self, for a square matrix.
    /// - Throws: ``LinearAlgebraError/nonSquare(rows:cols:)``.
    public func identityMinus() throws(LinearAlgebraError) -> Matrix {
        guard isSquare else { throw .nonSquare(rows: rows, cols: cols) }
        let n = rows
        let e = Array(unsafeUninitializedCapacity: n * n) { buf, count in
            elements.withUnsafeBufferPointer { src in
                for k in 0..<(n * n) { buf[k] = -src[k] }
            }
            for i in 0..<n { buf[i * n + i] += 1 }
            count = n * n
        }
        return try Matrix(rows: n, cols: n, elements: e)
    }

    /// max_ij |self_ij − other_ij| (the largest element-wise difference).
    public func maxAbsDifference(_ other: Matrix) throws(LinearAlgebraError) -> Double {
        guard rows == other.rows, cols == other.cols else {
            throw .dimensionMismatch(expected: rows * cols, actual: other.rows * other.cols)
        }
        var m = 0.0
        for k in elements.indices { m = max(m, abs(elements[k] - other.elements[k])) }
        return m
    }

    private func combined(with other: Matrix, _ op: (Double, Double) -> Double) throws(LinearAlgebraError) -> Matrix {
        guard rows == other.rows, cols == other.cols else {
            throw .dimensionMismatch(expected: rows * cols, actual: other.rows * other.cols)
        }
        var out = self
        for k in elements.indices { out.elements[k] = op(elements[k], other.elements[k]) }
        return out
    }

    /// The 1-norm ‖M‖₁ = max_j Σ_i |m_ij| (as LAPACK dlange('1')).
    public var oneNorm: Double {
        var sums = Array(repeating: 0.0, count: cols)
        for i in 0..<rows {
            for j in 0..<cols { sums[j] += abs(elements[i * cols + j]) }
        }
        return sums.max() ?? 0
    }

    /// ‖M‖∞ = the largest row sum of |m_ij|.
    public var infinityNorm: Double {
        (0..<rows).map { i in (0..<cols).reduce(0.0) { $0 + abs(elements[i * cols + $1]) } }.max() ?? 0
    }

    public var description: String {
        rowArrays.map { $0.map { "\($0)" }.joined(separator: "\t") }.joined(separator: "\n")
    }
}

// MARK: - LU factorisation

/// The LU factorisation P·M = L·U of a square matrix M (LAPACK dgetrf with partial pivoting),
/// computed once and reused for any number of solves with M or Mᵀ (dgetrs) and for the inverse (dgetri).
///
/// Cost: O(n³) to factorise, O(n²) per right-hand side.
public struct LUFactorization: Sendable {
    /// The order n of the factorised n×n matrix.
    public let n: Int
    /// The packed LU factors of Mᵀ as returned by dgetrf (column-major): M's row-major storage
    /// *is* Mᵀ in column-major order, so factorising Mᵀ needs no copy or transposition. Solves
    /// with M then use dgetrs with 'T', solves with Mᵀ with 'N', and dgetri's (Mᵀ)⁻¹ read
    /// row-major is M⁻¹.
    let factors: [Double]
    /// Pivot indices from dgetrf (1-based, LAPACK convention).
    let pivots: [Int32]
    /// Estimate of 1/κ∞(M) = 1 / (‖M‖∞ ‖M⁻¹‖∞) = 1/κ₁(Mᵀ) from dgecon (1 for n = 0). Near 0 = ill-conditioned.
    public let reciprocalCondition: Double

    /// Factorises `matrix`.
    /// - Parameter singularityThreshold: a matrix whose reciprocal condition estimate is below
    ///   this is reported as singular (numerically). Default: n·ε (ε = 2.2e-16).
    /// - Throws: ``LinearAlgebraError/nonSquare(rows:cols:)``, ``LinearAlgebraError/notFinite``
    ///   (NaN/∞ in the input), ``LinearAlgebraError/singular(pivot:)`` (an exactly zero pivot, or
    ///   reciprocal condition below the threshold: then `pivot` is the index of the smallest |U_ii|),
    ///   ``LinearAlgebraError/tooLarge(dimension:)``, ``LinearAlgebraError/lapack(routine:info:)``.
    public init(_ matrix: Matrix, singularityThreshold: Double? = nil) throws(LinearAlgebraError) {
        guard matrix.isSquare else { throw .nonSquare(rows: matrix.rows, cols: matrix.cols) }
        var a = matrix.elements   // copied on the first write: `matrix` keeps its own
        try self.init(factorizing: &a, n: matrix.rows, singularityThreshold: singularityThreshold)
    }

    /// Factorises the n×n matrix M whose row-major elements are `elements`, in place: their
    /// storage becomes the factors, so no n×n copy is made when the caller holds no other
    /// reference to it (the IO model forms I − A straight into such an array). `elements` is
    /// left empty. Same results and errors as ``init(_:singularityThreshold:)`` on
    /// `Matrix(rows: n, cols: n, elements: elements)`.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(expected:actual:)`` when
    ///   `elements.count != n·n`, otherwise as ``init(_:singularityThreshold:)``.
    init(factorizing elements: inout [Double], n: Int, singularityThreshold: Double? = nil) throws(LinearAlgebraError) {
        var a: [Double] = []
        swap(&a, &elements)   // row-major M = column-major Mᵀ; now the only reference
        let (count, overflow) = n.multipliedReportingOverflow(by: n)
        guard n >= 0, !overflow, a.count == count else { throw .dimensionMismatch(expected: overflow ? Int.max : max(0, count), actual: a.count) }
        guard a.allSatisfy({ $0.isFinite }) else { throw .notFinite }
        let n32 = try lapackSquareSize(n)
        self.n = n
        guard n > 0 else {
            factors = []
            pivots = []
            reciprocalCondition = 1
            return
        }
        let lapack = try Lapack.routines()
        // ‖M‖∞ = ‖Mᵀ‖₁ for dgecon, taken before dgetrf overwrites M (as Matrix.infinityNorm).
        let anorm = a.withUnsafeBufferPointer { e -> Double in
            var best = 0.0
            for i in 0..<n {
                var r = 0.0
                for j in 0..<n { r += abs(e[i * n + j]) }
                best = max(best, r)
            }
            return best
        }
        var ipiv = Array(repeating: Int32(0), count: n)
        let info = a.withUnsafeMutableBufferPointer { ab -> Int32 in
            ipiv.withUnsafeMutableBufferPointer { pb -> Int32 in
                guard let ap = ab.baseAddress, let pp = pb.baseAddress else { return Int32.min }
                return lapack.dgetrfWork(Lapack.colMajor, n32, n32, ap, n32, pp)
            }
        }
        if info > 0 { throw .singular(pivot: Int(info) - 1) }
        if info != 0 { throw .lapack(routine: "dgetrf", info: Int(info)) }

        var rcond = 0.0
        let conInfo = a.withUnsafeBufferPointer { ab -> Int32 in
            guard let ap = ab.baseAddress else { return Int32.min }
            var work = [Double](repeating: 0, count: 4 * n)
            var iwork = [Int32](repeating: 0, count: n)
            return lapack.dgeconWork(Lapack.colMajor, lapackChar("1"), n32, ap, n32, anorm, &rcond, &work, &iwork)
        }
        if conInfo != 0 { throw .lapack(routine: "dgecon", info: Int(conInfo)) }
        guard rcond.isFinite else { throw .notFinite }
        let threshold = singularityThreshold ?? (Double(n) * Double.ulpOfOne)
        if rcond < threshold {
            var smallest = 0
            var smallestMagnitude = Double.infinity
            for i in 0..<n where abs(a[i * n + i]) < smallestMagnitude {
                smallestMagnitude = abs(a[i * n + i])
                smallest = i
            }
            throw .singular(pivot: smallest)
        }
        self.factors = a
        self.pivots = ipiv
        self.reciprocalCondition = rcond
    }

    /// Solves M X = B (or Mᵀ X = B when `transposed`) for an n×k right-hand side, reusing the factors.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(expected:actual:)`` if `rhs.rows != n`;
    ///   ``LinearAlgebraError/notFinite`` for NaN/∞ in `rhs` or the result.
    public func solve(_ rhs: Matrix, transposed: Bool = false) throws(LinearAlgebraError) -> Matrix {
        guard rhs.rows == n else { throw .dimensionMismatch(expected: n, actual: rhs.rows) }
        guard rhs.isFinite else { throw .notFinite }
        if n == 0 || rhs.cols == 0 { return rhs }
        let n32 = try lapackSquareSize(n)
        let k32 = try lapackInt(rhs.cols)
        _ = try lapackInt(n * rhs.cols)
        var b = rhs.cols == 1 ? rhs.elements : transposedStorage(rhs.elements, rows: n, cols: rhs.cols)
        let lapack = try Lapack.routines()
        let trans = lapackChar(transposed ? "N" : "T")   // the factors are of Mᵀ
        let info = factors.withUnsafeBufferPointer { fb -> Int32 in
            pivots.withUnsafeBufferPointer { pb -> Int32 in
                b.withUnsafeMutableBufferPointer { bb -> Int32 in
                    guard let fp = fb.baseAddress, let pp = pb.baseAddress, let bp = bb.baseAddress else {
                        return Int32.min
                    }
                    return lapack.dgetrsWork(Lapack.colMajor, trans, n32, k32, fp, n32, pp, bp, n32)
                }
            }
        }
        if info != 0 { throw .lapack(routine: "dgetrs", info: Int(info)) }
        guard b.allSatisfy({ $0.isFinite }) else { throw .notFinite }
        if rhs.cols != 1 { b = transposedStorage(b, rows: rhs.cols, cols: n) }
        return try Matrix(rows: n, cols: rhs.cols, elements: b)
    }

    /// Solves M x = b (or Mᵀ x = b when `transposed`) for one right-hand side vector.
    /// - Throws: as the matrix form of `solve(_:transposed:)`.
    public func solve(_ b: [Double], transposed: Bool = false) throws(LinearAlgebraError) -> [Double] {
        guard b.count == n else { throw .dimensionMismatch(expected: n, actual: b.count) }
        let x = try solve(try Matrix(rows: n, cols: 1, elements: b), transposed: transposed)
        return x.elements
    }

    /// M⁻¹ from the factors (LAPACK dgetri).
    /// - Throws: ``LinearAlgebraError/singular(pivot:)``, ``LinearAlgebraError/notFinite``,
    ///   ``LinearAlgebraError/lapack(routine:info:)``.
    public func inverse() throws(LinearAlgebraError) -> Matrix {
        if n == 0 { return Matrix(rows: 0, cols: 0) }
        let n32 = try lapackSquareSize(n)
        let lapack = try Lapack.routines()
        var a = factors
        let info = a.withUnsafeMutableBufferPointer { ab -> Int32 in
            pivots.withUnsafeBufferPointer { pb -> Int32 in
                guard let ap = ab.baseAddress, let pp = pb.baseAddress else { return Int32.min }
                return lapack.dgetri(Lapack.colMajor, n32, ap, n32, pp)
            }
        }
        if info > 0 { throw .singular(pivot: Int(info) - 1) }
        if info != 0 { throw .lapack(routine: "dgetri", info: Int(info)) }
        guard a.allSatisfy({ $0.isFinite }) else { throw .notFinite }
        return try Matrix(rows: n, cols: n, elements: a)   // (Mᵀ)⁻¹ column-major = M⁻¹ row-major
    }

    /// The diagonal of U in the LU factorisation of Mᵀ (the pivots actually used), 0-based.
    public var pivotElements: [Double] { (0..<n).map { factors[$0 * n + $0] } }
}

// MARK: - Eigenvalues

/// A complex eigenvalue re + i·im.
public struct Eigenvalue: Equatable, Sendable {
    public var re: Double
    public var im: Double
    /// |λ|.
    public var magnitude: Double { (re * re + im * im).squareRoot() }
}

extension Matrix {
    /// All eigenvalues of a square matrix (LAPACK dgeev, no eigenvectors), in LAPACK's order.
    /// - Throws: ``LinearAlgebraError/nonSquare(rows:cols:)``, ``LinearAlgebraError/notFinite``,
    ///   ``LinearAlgebraError/tooLarge(dimension:)``, ``LinearAlgebraError/lapack(routine:info:)``
    ///   (info > 0: the QR algorithm did not converge).
    public func eigenvalues() throws(LinearAlgebraError) -> [Eigenvalue] {
        guard isSquare else { throw .nonSquare(rows: rows, cols: cols) }
        guard isFinite else { throw .notFinite }
        let n = rows
        let n32 = try lapackSquareSize(n)
        if n == 0 { return [] }
        let lapack = try Lapack.routines()
        var a = elements
        var wr = Array(repeating: 0.0, count: n)
        var wi = Array(repeating: 0.0, count: n)
        var vl = [0.0]
        var vr = [0.0]
        let info = a.withUnsafeMutableBufferPointer { ab -> Int32 in
            wr.withUnsafeMutableBufferPointer { rb -> Int32 in
                wi.withUnsafeMutableBufferPointer { ib -> Int32 in
                    vl.withUnsafeMutableBufferPointer { lb -> Int32 in
                        vr.withUnsafeMutableBufferPointer { vb -> Int32 in
                            guard let ap = ab.baseAddress, let rp = rb.baseAddress, let ip = ib.baseAddress,
                                  let lp = lb.baseAddress, let vp = vb.baseAddress else { return Int32.min }
                            return lapack.dgeev(Lapack.rowMajor, lapackChar("N"), lapackChar("N"), n32,
                                                 ap, n32, rp, ip, lp, 1, vp, 1)
                        }
                    }
                }
            }
        }
        if info != 0 { throw .lapack(routine: "dgeev", info: Int(info)) }
        return (0..<n).map { Eigenvalue(re: wr[$0], im: wi[$0]) }
    }

    /// ρ(M) = max |λ| over the eigenvalues (LAPACK dgeev). 0 for a 0×0 matrix.
    /// - Throws: as ``eigenvalues()``.
    public func spectralRadius() throws(LinearAlgebraError) -> Double {
        try eigenvalues().reduce(0) { max($0, $1.magnitude) }
    }
}


/// The rows×cols row-major `e` stored column-major (= the cols×rows transpose, row-major), blocked.
func transposedStorage(_ e: [Double], rows: Int, cols: Int) -> [Double] {
    var out = [Double](repeating: 0, count: e.count)
    let bs = 32
    e.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            var i0 = 0
            while i0 < rows {
                let i1 = min(i0 + bs, rows)
                var j0 = 0
                while j0 < cols {
                    let j1 = min(j0 + bs, cols)
                    for i in i0..<i1 { for j in j0..<j1 { dst[j * rows + i] = src[i * cols + j] } }
                    j0 = j1
                }
                i0 = i1
            }
        }
    }
    return out
}
