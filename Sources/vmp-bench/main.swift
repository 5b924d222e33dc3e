// vmp-bench: times the IO core (VMPCore/Model/IOModel.swift, LinearAlgebra.swift) in-process on
// one system read from binary files, and prints the timings and checksums as JSON on stdout.
//
// Used by Scripts/bench/io_bench.py (the numpy/pymrio peer); see Scripts/bench/README.md.
// Build with `swift build -c release --product vmp-bench` (a debug build is not a benchmark).
//
// Usage:
//   vmp-bench --z Z.bin --x x.bin [--stage K] [--stage2 K2] [--size S] [--breakdown] [--no-vectors] [--scale]
//
//   --scale: one system only (for n = 10,000): no second fresh system and no ρ(A); the shocks
//   reuse the factors of L, so pull_first is a first shock after L, not from nothing.
//
//   Z.bin   n·n little-endian float64, row-major: z_ij (row i = supplier, column j = receiver)
//   x.bin   n little-endian float64: total outputs x_j (n is taken from this file)
//   K, K2   0-based stages for the first and the second shock (default 0 and n − 1)
//   S       shock size (default 1)
//
// Everything timed excludes file I/O and JSON output. Timed (seconds, ContinuousClock):
//   build        IOSystem.fromFlows(Z:x:stageIDs:)  (checks Z and x; A = Z x̂⁻¹ and B = x̂⁻¹ Z are
//                formed only when asked for as matrices, which this timing never does)
//   L            first `sys.L` on that system (I − A from Z and x, LU in place + dgecon, ρ(A) by
//                dgeev only when min(‖A‖₁, ‖A‖∞) ≥ 1, dgetri on a copy of the factors)
//   G            `sys.G` (x̂⁻¹ L x̂ from the cached L)
//   linkages     column sums of A and L, row sums of B and G (the four linkage vectors)
//   full         build + L + G + linkages
//   pull_first   `pull(stage: K)` on a second, freshly built system (nothing cached: I − A, LU,
//                dgecon, dgeev, one solve, the first-round split); the build is not timed
//   pull_second  `pull(stage: K2)` on that system (cached factors: one solve + the split)
//   push_second  `push(stage: K2)` on that system (cached factors: one transposed solve)
// With --breakdown, the parts of the first factorisation timed one by one on a fresh A:
//   identity_minus (I − A), lu (LUFactorization: dgetrf + dgecon + copies), spectral_radius
//   (dgeev), inverse (dgetri), solve (one right-hand side), lu_solve_total (lu + solve).

import Foundation
import VMPCore
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Arguments and input

struct Options {
    var zPath = ""
    var xPath = ""
    var stage: Int?
    var stage2: Int?
    var size = 1.0
    var breakdown = false
    var vectors = true
    var scale = false
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("vmp-bench: \(message)\n".utf8))
    exit(1)
}

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    func value(_ flag: String) -> String {
        guard let v = args.popFirst() else { fail("\(flag) needs a value") }
        return v
    }
    while let a = args.popFirst() {
        switch a {
        case "--z": o.zPath = value(a)
        case "--x": o.xPath = value(a)
        case "--stage": o.stage = Int(value(a)) ?? { fail("--stage: not an integer") }()
        case "--stage2": o.stage2 = Int(value(a)) ?? { fail("--stage2: not an integer") }()
        case "--size": o.size = Double(value(a)) ?? { fail("--size: not a number") }()
        case "--breakdown": o.breakdown = true
        case "--no-vectors": o.vectors = false
        case "--scale": o.scale = true
        case "-h", "--help":
            print("usage: vmp-bench --z Z.bin --x x.bin [--stage K] [--stage2 K2] [--size S] [--breakdown] [--no-vectors] [--scale]")
            exit(0)
        default: fail("unknown argument \(a)")
        }
    }
    if o.zPath.isEmpty || o.xPath.isEmpty { fail("--z and --x are required") }
    return o
}

/// Reads a file of little-endian float64 values.
func readDoubles(_ path: String) -> [Double] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    guard data.count % 8 == 0 else { fail("\(path): size \(data.count) is not a multiple of 8") }
    var out = [Double](repeating: 0, count: data.count / 8)
    out.withUnsafeMutableBytes { dst in _ = data.copyBytes(to: dst) }
    #if _endian(big)
    for k in out.indices { out[k] = Double(bitPattern: UInt64(littleEndian: out[k].bitPattern)) }
    #endif
    return out
}

// MARK: - Timing

let clock = ContinuousClock()

func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}

@inline(never)
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = clock.now
    let value = try body()
    return (value, seconds(clock.now - start))
}

// MARK: - BLAS identification (OpenBLAS, if that is what LAPACKE resolved to)

func blasInfo() -> [String: String] {
    var info: [String: String] = [:]
    #if canImport(Glibc)
    guard let handle = dlopen(nil, RTLD_NOW) else { return info }
    typealias StringFn = @convention(c) () -> UnsafeMutablePointer<CChar>?
    typealias IntFn = @convention(c) () -> Int32
    for name in ["openblas_get_corename", "openblas_get_config"] {
        if let sym = dlsym(handle, name), let p = unsafeBitCast(sym, to: StringFn.self)() {
            info[String(name.dropFirst("openblas_get_".count))] = String(cString: p)
        }
    }
    if let sym = dlsym(handle, "openblas_get_num_threads") {
        info["num_threads"] = String(unsafeBitCast(sym, to: IntFn.self)())
    }
    #endif
    for key in ["OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OMP_NUM_THREADS"] {
        info["env." + key] = ProcessInfo.processInfo.environment[key] ?? "(unset)"
    }
    return info
}

// MARK: - JSON

func json(_ v: Double) -> String {
    v.isFinite ? "\(v)" : "null"
}

func json(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default:
            if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
        }
    }
    return out + "\""
}

func json(_ v: [Double]) -> String { "[" + v.map(json).joined(separator: ",") + "]" }

func jsonObject(_ pairs: [(String, String)]) -> String {
    "{" + pairs.map { "\(json($0.0)):\($0.1)" }.joined(separator: ",") + "}"
}

// MARK: - Checksums (recomputed identically by io_bench.py)

/// Σ_ij m_ij, trace, and Σ_ij m_ij w_ij with w_ij = ((31 i + 17 j) mod 97) / 97, which also
/// catches entries moved within a row or a column.
func checksums(_ m: Matrix) -> [(String, String)] {
    var s = 0.0, w = 0.0, t = 0.0
    for i in 0..<m.rows {
        for j in 0..<m.cols {
            let v = m.elements[i * m.cols + j]
            s += v
            w += v * Double((31 * i + 17 * j) % 97) / 97
            if i == j { t += v }
        }
    }
    return [("sum", json(s)), ("trace", json(t)), ("weighted", json(w))]
}

// MARK: - Run

func run() throws {
    let o = parseOptions()
    let xs = readDoubles(o.xPath)
    let n = xs.count
    let zs = readDoubles(o.zPath)
    guard zs.count == n * n else { fail("Z has \(zs.count) values, expected n·n = \(n * n)") }
    let z = try Matrix(rows: n, cols: n, elements: zs)
    let ids = (1...n).map { "S\($0)" }
    let k1 = o.stage ?? 0
    let k2 = o.stage2 ?? (n - 1)
    guard (0..<n).contains(k1), (0..<n).contains(k2) else { fail("stage out of range 0..<\(n)") }

    // Warm-up on a small system (not timed): starts the BLAS threads (OpenBLAS runs small
    // problems single-threaded) and faults in the code paths.
    do {
        let m = 256
        var wz = Matrix(rows: m, cols: m)
        for i in 0..<m { for j in 0..<m { wz[i, j] = Double((i * 7 + j * 13) % 11 + 1) } }
        let wx = wz.columnSums.map { $0 / 0.7 }
        let w = try IOSystem.fromFlows(Z: wz, x: wx, stageIDs: (1...m).map { "W\($0)" })
        _ = try w.L
        _ = try w.G
        _ = try w.pull(stage: "W1", size: 1)
        _ = try w.push(stage: "W2", size: 1)
    }

    // L, G and the linkage vectors, from Z and x.
    let (sys, tBuild) = try timed { try IOSystem.fromFlows(Z: z, x: xs, stageIDs: ids) }
    let (l, tL) = try timed { try sys.L }
    let (g, tG) = try timed { try sys.G }
    let (links, tLinks) = try timed { () throws -> [[Double]] in
        [try sys.directBackwardLinkages(), try sys.totalBackwardLinkages(),
         try sys.directForwardLinkages(), try sys.totalForwardLinkages()]
    }

    // Shocks on a second, fresh system (nothing cached), then further shocks reusing its factors.
    // With --scale: no second system and no ρ(A) (dgeev); the shocks reuse the first system's factors.
    let sys2 = o.scale ? sys : try IOSystem.fromFlows(Z: z, x: xs, stageIDs: ids)
    let (p1, tPull1) = try timed { try sys2.pull(stage: ids[k1], size: o.size) }
    let (p2, tPull2) = try timed { try sys2.pull(stage: ids[k2], size: o.size) }
    let (q2, tPush2) = try timed { try sys2.push(stage: ids[k2], size: o.size) }
    let rho = o.scale ? Double.nan : try sys.spectralRadius(.pull)

    var breakdown: [(String, String)] = []
    if o.breakdown, let a0 = sys.A {
        let a = try Matrix(rows: n, cols: n, elements: a0.elements)   // fresh storage
        let (iMinus, tIM) = try timed { try a.identityMinus() }
        let (lu, tLU) = try timed { try LUFactorization(iMinus) }
        let (_, tRho) = try timed { try a.spectralRadius() }
        let (_, tInv) = try timed { try lu.inverse() }
        var e = [Double](repeating: 0, count: n)
        e[k1] = o.size
        let (_, tSolve) = try timed { try lu.solve(e) }
        let (_, tBoth) = try timed { () throws -> [Double] in try LUFactorization(iMinus).solve(e) }
        breakdown = [("identity_minus", json(tIM)), ("lu", json(tLU)), ("spectral_radius", json(tRho)),
                     ("inverse", json(tInv)), ("solve", json(tSolve)), ("lu_solve_total", json(tBoth))]
    }

    let times: [(String, String)] = [
        ("build", json(tBuild)), ("L", json(tL)), ("G", json(tG)), ("linkages", json(tLinks)),
        ("full", json(tBuild + tL + tG + tLinks)),
        ("pull_first", json(tPull1)), ("pull_second", json(tPull2)), ("push_second", json(tPush2)),
    ]
    var fields: [(String, String)] = [
        ("n", "\(n)"), ("stage", "\(k1)"), ("stage2", "\(k2)"), ("size", json(o.size)), ("rho", json(rho)),
        ("blas", jsonObject(blasInfo().sorted { $0.key < $1.key }.map { ($0.key, json($0.value)) })),
        ("times", jsonObject(times)),
        ("checksums", jsonObject([("L", jsonObject(checksums(l))), ("G", jsonObject(checksums(g)))])),
    ]
    if !breakdown.isEmpty { fields.append(("breakdown", jsonObject(breakdown))) }
    if o.vectors {
        fields.append(("vectors", jsonObject([
            ("bl_direct", json(links[0])), ("bl_total", json(links[1])),
            ("fl_direct", json(links[2])), ("fl_total", json(links[3])),
            ("pull_first", json(p1.total)), ("pull_second", json(p2.total)), ("push_second", json(q2.total)),
        ])))
    }
    print(jsonObject(fields))
}

do {
    try run()
} catch {
    fail("\(error)")
}
