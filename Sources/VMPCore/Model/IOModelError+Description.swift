// Plain-language descriptions of the model's errors, for the diagnostics that report them
// (ChainContext.diagnostic) and for anyone printing an error of the library.

extension IOModelError: CustomStringConvertible {
    /// One sentence saying what failed, in the model's terms (stage ids, x, A, B, Z).
    public var description: String {
        switch self {
        case .nonSquare(let rows, let cols):
            return "a \(rows)×\(cols) matrix is not square"
        case .dimensionMismatch(let what, let expected, let actual):
            return "\(what) has \(actual) entries where \(expected) (one per stage) are needed"
        case .invalidStageIDs(let why):
            return "invalid stage ids: \(why)"
        case .unknownStage(let id):
            return "unknown stage '\(id)'"
        case .zeroOutput(let stage):
            return "the total output of \(stage) is 0, so its coefficients (flow / output) are undefined"
        case .negativeOutput(let stage, let value):
            return "the total output of \(stage) is negative (\(value))"
        case .notFinite(let what):
            return "\(what) is not a finite number: a value or a result is beyond ±1.8 × 10^308"
        case .missingCoefficients(let mode):
            return "no \(mode == .pull ? "technical coefficients A" : "allocation coefficients B") for a \(mode.rawValue)"
        case .singular:
            return "I − A (or I − B) is singular"
        case .notConvergent(let rho):
            return "the spectral radius is \(rho) ≥ 1, so a shock grows without bound"
        case .invalidRounds(let rounds):
            return "\(rounds) rounds: the number of rounds must be between 0 and \(IOSystem.maxTraceRounds)"
        case .undefinedIndex:
            return "a normalised index is undefined: the matrix sums to 0"
        case .linearAlgebra(let error):
            return error.description
        }
    }
}

extension LinearAlgebraError: CustomStringConvertible {
    /// One sentence saying what failed in the linear algebra layer.
    public var description: String {
        switch self {
        case .singular:
            return "the matrix is singular"
        case .nonSquare(let rows, let cols):
            return "a \(rows)×\(cols) matrix is not square"
        case .notFinite:
            return "a value or a result is not a finite number (beyond ±1.8 × 10^308)"
        case .dimensionMismatch(let expected, let actual):
            return "\(actual) entries where \(expected) are needed"
        case .tooLarge(let dimension):
            return "a size of \(dimension) is too large for LAPACK's 32-bit sizes"
        case .lapack(let routine, let info):
            return "LAPACK's \(routine) failed (info \(info))"
        case .lapackUnavailable(let why):
            return "LAPACKE could not be loaded: \(why)"
        }
    }
}
