// LAPACKE, loaded when the model first needs it rather than when vmp starts.
//
// Linked at start-up, LAPACKE and the OpenBLAS behind it cost every run of vmp (`vmp -e 1+1`
// included) about 16,000 symbol relocations in the dynamic loader, OpenBLAS's initialisation
// (CPU detection, its thread pool) and 3-4 MB of resident memory. Only the five routines below
// are used, so they are looked up with dlopen/dlsym on the first factorisation instead.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The LAPACKE routines vmp uses (prototypes as in `lapacke.h`, `lapack_int` = `Int32`).
struct Lapack {
    /// `LAPACK_ROW_MAJOR` and `LAPACK_COL_MAJOR` of `lapacke.h`.
    static let rowMajor: Int32 = 101
    static let colMajor: Int32 = 102

    typealias Dgetrf = @convention(c) (Int32, Int32, Int32, UnsafeMutablePointer<Double>?, Int32, UnsafeMutablePointer<Int32>?) -> Int32
    typealias Dgecon = @convention(c) (Int32, CChar, Int32, UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?,
                                       UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Int32>?) -> Int32
    typealias Dgetrs = @convention(c) (Int32, CChar, Int32, Int32, UnsafePointer<Double>?, Int32, UnsafePointer<Int32>?,
                                       UnsafeMutablePointer<Double>?, Int32) -> Int32
    typealias Dgetri = @convention(c) (Int32, Int32, UnsafeMutablePointer<Double>?, Int32, UnsafePointer<Int32>?) -> Int32
    typealias Dgeev = @convention(c) (Int32, CChar, CChar, Int32, UnsafeMutablePointer<Double>?, Int32, UnsafeMutablePointer<Double>?,
                                      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?, Int32, UnsafeMutablePointer<Double>?, Int32) -> Int32

    let dgetrfWork: Dgetrf
    let dgeconWork: Dgecon
    let dgetrsWork: Dgetrs
    let dgetri: Dgetri
    let dgeev: Dgeev

    /// The library names tried, in order (Debian's `liblapacke` package, a development link,
    /// macOS/Homebrew).
    static let libraryNames = ["liblapacke.so.3", "liblapacke.so", "liblapacke.dylib"]

    /// Loaded once, on first use (a `static let` is initialised once, thread-safely).
    private static let loaded: Result<Lapack, LinearAlgebraError> = load()

    /// The routines. - Throws: ``LinearAlgebraError/lapackUnavailable(_:)`` when LAPACKE
    /// cannot be loaded or lacks one of them (the message names the library and the reason).
    static func routines() throws(LinearAlgebraError) -> Lapack {
        switch loaded {
        case .success(let lapack): return lapack
        case .failure(let error): throw error
        }
    }

    private static func load() -> Result<Lapack, LinearAlgebraError> {
        var reasons: [String] = []
        for name in libraryNames {
            // RTLD_GLOBAL: OpenBLAS's own functions (openblas_get_config) stay findable by name.
            guard let handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL) else {
                reasons.append(dlerror().map { String(cString: $0) } ?? name)
                continue
            }
            func symbol<T>(_ symbolName: String, _ type: T.Type) -> T? {
                dlsym(handle, symbolName).map { unsafeBitCast($0, to: type) }
            }
            guard let dgetrf = symbol("LAPACKE_dgetrf_work", Dgetrf.self), let dgecon = symbol("LAPACKE_dgecon_work", Dgecon.self),
                  let dgetrs = symbol("LAPACKE_dgetrs_work", Dgetrs.self), let dgetri = symbol("LAPACKE_dgetri", Dgetri.self),
                  let dgeev = symbol("LAPACKE_dgeev", Dgeev.self) else {
                reasons.append("\(name) lacks a LAPACKE routine")
                continue
            }
            return .success(Lapack(dgetrfWork: dgetrf, dgeconWork: dgecon, dgetrsWork: dgetrs, dgetri: dgetri, dgeev: dgeev))
        }
        return .failure(.lapackUnavailable(reasons.joined(separator: "; ")))
    }
}
