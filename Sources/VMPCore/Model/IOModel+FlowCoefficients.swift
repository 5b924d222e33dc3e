// The coefficients of an IOSystem built from flows, read straight from Z and x.
//
// A system of n stages built from flows holds Z (n×n) and x. Forming A = Z x̂⁻¹ and
// B = x̂⁻¹ Z as well would cost two more n×n matrices (1.6 GB at n = 10,000) that L, G, the
// linkages and single-stage shocks do not need: each reads a_ij = z_ij / x_j or b_ij = z_ij / x_i
// where it uses it, the same floating-point division as forming the matrix, in the same order
// of summation, so every result is bit for bit the one from the formed matrix
// (`LeanFlowSystemTests`). A and B are formed (and cached) only when asked for as matrices.

/// The coefficient matrix of one direction without forming it: the given matrix
/// (coefficients-only mode) or Z and x (full mode).
struct CoefficientSource {
    private enum Storage {
        case matrix(Matrix)
        /// a_ij = z_ij / x_j (pull) or b_ij = z_ij / x_i (push).
        case flows(z: Matrix, x: [Double], mode: ShockMode)
    }

    /// The order n (the matrix is n×n).
    let n: Int
    private let storage: Storage

    /// The given n×n matrix `m`.
    init(_ m: Matrix) {
        n = m.rows
        storage = .matrix(m)
    }

    /// A (pull) or B (push) of n×n flows `z` and n outputs `x` (checked by the caller:
    /// every quotient finite).
    init(z: Matrix, x: [Double], mode: ShockMode) {
        n = x.count
        storage = .flows(z: z, x: x, mode: mode)
    }

    /// Runs `body` with the element function (i, j) ↦ m_ij over borrowed storage.
    @inline(__always)
    private func read<R>(_ body: ((Int, Int) -> Double) -> R) -> R {
        let n = self.n
        switch storage {
        case .matrix(let m):
            return m.elements.withUnsafeBufferPointer { e in body { i, j in e[i * n + j] } }
        case .flows(let z, let x, let mode):
            return z.elements.withUnsafeBufferPointer { z in
                x.withUnsafeBufferPointer { x in
                    mode == .pull ? body { i, j in z[i * n + j] / x[j] } : body { i, j in z[i * n + j] / x[i] }
                }
            }
        }
    }

    /// Runs `body` with the element function (i, j) ↦ m_ij (for O(n) reads such as one row
    /// or column).
    func withCoefficients<R>(_ body: ((Int, Int) -> Double) -> R) -> R {
        read(body)
    }

    /// The row-major elements of I − M, in a new array (as ``Matrix/identityMinus()``).
    func identityMinus() -> [Double] {
        let n = self.n
        return read { m in
            Array(unsafeUninitializedCapacity: n * n) { buf, initialised in
                for i in 0..<n {
                    for j in 0..<n { buf[i * n + j] = -m(i, j) }
                    buf[i * n + i] += 1
                }
                initialised = n * n
            }
        }
    }

    /// The formed matrix M (n×n).
    func matrix() -> Matrix {
        if case .matrix(let m) = storage { return m }
        let n = self.n
        let e = read { m in
            Array(unsafeUninitializedCapacity: n * n) { buf, initialised in
                for i in 0..<n {
                    for j in 0..<n { buf[i * n + j] = m(i, j) }
                }
                initialised = n * n
            }
        }
        return Matrix(square: n, elements: e)
    }

    /// Σ_i m_ij for each column j, as ``Matrix/columnSums`` (rows added in order).
    var columnSums: [Double] {
        let n = self.n
        var sums = Array(repeating: 0.0, count: n)
        read { m in
            sums.withUnsafeMutableBufferPointer { s in
                for i in 0..<n {
                    for j in 0..<n { s[j] += m(i, j) }
                }
            }
        }
        return sums
    }

    /// Σ_j m_ij for each row i, as ``Matrix/rowSums``.
    var rowSums: [Double] {
        let n = self.n
        return read { m in
            (0..<n).map { i in
                var s = 0.0
                for j in 0..<n { s += m(i, j) }
                return s
            }
        }
    }
}

extension IOSystem {
    /// Where the coefficients that drive `mode` come from (A for pull, B for push), without
    /// forming them in full mode.
    /// - Throws: ``IOModelError/missingCoefficients(_:)`` (coefficients-only mode without it).
    func coefficientSource(_ mode: ShockMode) throws(IOModelError) -> CoefficientSource {
        if construction == .flows, let Z, let x { return CoefficientSource(z: Z, x: x, mode: mode) }
        return CoefficientSource(try coefficients(mode))
    }

    /// A (pull) or B (push) of a system built from flows, formed on first use and cached;
    /// `nil` in coefficients-only mode.
    func flowCoefficients(_ mode: ShockMode) -> Matrix? {
        guard construction == .flows, let Z, let x else { return nil }
        let formed = cache.coefficientMatrix(mode) { () -> Result<Matrix, IOModelError> in
            .success(CoefficientSource(z: Z, x: x, mode: mode).matrix())
        }
        guard case .success(let m) = formed else { return nil }   // forming A or B cannot fail
        return m
    }
}
