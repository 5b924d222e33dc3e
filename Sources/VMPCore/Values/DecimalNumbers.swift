import Foundation

/// The decimal digits of a finite Double: the shortest decimal that reads back as the same
/// Double (`0.1 + 0.2` is `0.30000000000000004`), as `0.d₁d₂…dₙ × 10^exponent`.
///
/// Display rounding (``Formatter``) and `round()` both round these digits half away from zero,
/// so `round(1.005, 2)` is `1.01` and `1.005` at 3 significant digits prints `1.01`.
struct DecimalDigits: Equatable, Sendable {
    var negative: Bool
    /// Significant digits 0...9, no leading or trailing zeros; empty for zero.
    var digits: [UInt8]
    /// The value is `0.digits × 10^exponent` (123.4 has exponent 3, 0.05 has exponent -1).
    var exponent: Int

    /// `nil` for `nan` and `±inf`.
    init?(_ x: Double) {
        guard x.isFinite else { return nil }
        negative = x < 0
        digits = []
        exponent = 0
        if x == 0 { negative = false; return }
        // Swift prints the shortest round-trip digits: "0.30000000000000004", "1e-05", "1.5e+300".
        let text = x.magnitude.description
        var mantissa = Substring(text)
        var power = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            power = Int(text[text.index(after: e)...]) ?? 0
        }
        var pointAt: Int?
        var all: [UInt8] = []
        all.reserveCapacity(17)
        for c in mantissa.utf8 {  // ASCII digits and one '.'
            if c == UInt8(ascii: ".") { pointAt = all.count; continue }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else { continue }
            all.append(c - UInt8(ascii: "0"))
        }
        var point = pointAt ?? all.count
        let leading = all.firstIndex { $0 != 0 } ?? all.count
        point -= leading
        let end = (all.lastIndex { $0 != 0 } ?? -1) + 1
        digits = leading < end ? Array(all[leading..<end]) : []
        exponent = point + power
        if digits.isEmpty { negative = false; exponent = 0 }
    }

    var isZero: Bool { digits.isEmpty }

    /// Rounded half away from zero to `n` significant digits (`n` ≥ 0).
    func rounded(significant n: Int) -> DecimalDigits {
        guard digits.count > n else { return self }
        var out = self
        if n < 0 { out.digits = []; out.negative = false; out.exponent = 0; return out }
        let up = digits[n] >= 5
        var kept = Array(digits[0..<n])
        if up {
            var i = kept.count - 1
            while i >= 0 && kept[i] == 9 { kept[i] = 0; i -= 1 }
            if i >= 0 { kept[i] += 1 } else { kept.insert(1, at: 0); out.exponent += 1 }
        }
        while let last = kept.last, last == 0 { kept.removeLast() }
        out.digits = kept
        if kept.isEmpty {
            // Only reachable with n == 0 and a first digit below 5.
            out.negative = false
            out.exponent = 0
        }
        return out
    }

    /// Rounded half away from zero to `places` digits after the decimal point (negative:
    /// to tens, hundreds, …).
    func rounded(decimals places: Int) -> DecimalDigits {
        let (n, overflow) = exponent.addingReportingOverflow(places)
        if overflow || n >= digits.count { return self }
        if n < 0 {
            return DecimalDigits(zero: ())
        }
        if n == 0 {
            // 0.6 to 0 decimals is 1: the first kept digit is one place above the first digit.
            guard let first = digits.first, first >= 5 else { return DecimalDigits(zero: ()) }
            var out = self
            out.digits = [1]
            out.exponent += 1
            return out
        }
        return rounded(significant: n)
    }

    private init(zero: ()) {
        negative = false
        digits = []
        exponent = 0
    }

    /// The Double nearest to these digits (`nil` if out of range).
    var double: Double? {
        if digits.isEmpty { return 0 }
        let text = (negative ? "-0." : "0.") + digits.map { String($0) }.joined() + "e\(exponent)"
        guard let x = Double(text), x.isFinite else { return nil }
        if x == 0 { return nil }
        return x
    }

    /// `1234.5`, `0.001916`, `1e-7`, `2e306`, `1000000000000001`. Positional from 10^-6 up to
    /// 10^15; above that positional only while every integer digit is significant (so
    /// `1e15 + 1` prints whole but `1e15` prints `1e15`); else `d.ddd` × a power of ten.
    var text: String {
        if digits.isEmpty { return "0" }
        let ds = digits.map { $0 + UInt8(ascii: "0") }
        var out: [UInt8] = []
        out.reserveCapacity(ds.count + 24)
        if negative { out.append(UInt8(ascii: "-")) }
        let positional = (exponent > -6 && exponent <= 15) || (exponent > 15 && exponent <= 17 && ds.count >= exponent)
        if positional {
            if exponent <= 0 {
                out += Array("0.".utf8) + Array(repeating: UInt8(ascii: "0"), count: -exponent) + ds
            } else if ds.count <= exponent {
                out += ds + Array(repeating: UInt8(ascii: "0"), count: exponent - ds.count)
            } else {
                out += ds[0..<exponent]
                out.append(UInt8(ascii: "."))
                out += ds[exponent...]
            }
            return String(decoding: out, as: UTF8.self)
        }
        out.append(ds[0])
        if ds.count > 1 {
            out.append(UInt8(ascii: "."))
            out += ds[1...]
        }
        out += Array("e\(exponent - 1)".utf8)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Decimal arithmetic on Doubles: a Double that is the nearest to a short decimal (`0.1`,
/// `250104.167`) is treated as that decimal. Sums, differences and products of such decimals are
/// computed exactly in integers and rounded once to the nearest Double, so `0.1 + 0.2` is the
/// Double nearest 0.3 and `0.1 + 0.2 == 0.3`. Anything else (a quotient like `1/3`, a model
/// result, a value beyond 2^53 units of its last digit) is computed in plain Double arithmetic.
enum Decimal64 {
    /// 10^0 ... 10^22: exactly representable as Doubles.
    static let powers: [Double] = (0...22).map { Foundation.pow(10, Double($0)) }
    static let intPowers: [Int64] = (0...18).map { k in (0..<k).reduce(Int64(1)) { r, _ in r * 10 } }
    /// 2^53: integers up to this are exact Doubles.
    static let exactLimit: Double = 9_007_199_254_740_992

    /// `x` as `m × 10^-k` with the smallest `k` in 0...15, when `x` is the Double nearest that decimal.
    @inline(__always)
    static func short(_ x: Double) -> (m: Int64, k: Int)? {
        guard x.magnitude < exactLimit else { return nil }
        if x == x.rounded(.towardZero) { return (Int64(x), 0) }
        var k = 1
        while k <= 15 {
            let scaled = x * powers[k]
            guard scaled.magnitude < exactLimit else { return nil }
            let m = scaled.rounded()
            if m / powers[k] == x { return (Int64(m), k) }
            k += 1
        }
        return nil
    }

    /// The Double nearest `m × 10^-k` (exact when |m| ≤ 2^53 and k ≤ 22).
    @inline(__always)
    static func make(_ m: Int64, _ k: Int) -> Double? {
        guard Double(m).magnitude <= exactLimit, (0...22).contains(k) else { return nil }
        return Double(m) / powers[k]
    }

    @inline(__always)
    static func align(_ m: Int64, from k: Int, to target: Int) -> Int64? {
        let d = target - k
        guard d >= 0, d < intPowers.count else { return nil }
        let (r, o) = m.multipliedReportingOverflow(by: intPowers[d])
        return o ? nil : r
    }

    /// `a + b` (decimal-exact when both are short decimals).
    static func add(_ a: Double, _ b: Double) -> Double { sum(a, b).value }

    /// `a + b`, and whether it was computed exactly as decimals.
    static func sum(_ a: Double, _ b: Double) -> (value: Double, exact: Bool) {
        if let (ma, ka) = short(a), let (mb, kb) = short(b) {
            let k = max(ka, kb)
            if let x = align(ma, from: ka, to: k), let y = align(mb, from: kb, to: k) {
                let (s, o) = x.addingReportingOverflow(y)
                if !o, let r = make(s, k) { return (r, true) }
            }
        }
        let r = a + b
        // Two values that are equal as shown cancel to exactly 0 (no `8.3e-17`).
        if r != 0 && r.isFinite && Decimal64.equal(a, -b) { return (0, true) }
        return (r, false)
    }

    /// `a - b` (decimal-exact when both are short decimals).
    static func subtract(_ a: Double, _ b: Double) -> Double { sum(a, -b).value }

    /// `a × b` (decimal-exact when both are short decimals and the product has at most 15 digits).
    static func multiply(_ a: Double, _ b: Double) -> Double { product(a, b).value }

    /// `a × b`, and whether it was computed exactly as decimals.
    static func product(_ a: Double, _ b: Double) -> (value: Double, exact: Bool) {
        if let (ma, ka) = short(a), let (mb, kb) = short(b) {
            let (p, o) = ma.multipliedReportingOverflow(by: mb)
            if !o, let r = make(p, ka + kb) { return (r, true) }
        }
        return (a * b, false)
    }

    /// `a / b` (b ≠ 0): the exact decimal when the quotient of two short decimals terminates
    /// within 15 more digits (`0.3 / 0.1` is `3`), else the Double quotient.
    static func divide(_ a: Double, _ b: Double) -> Double { quotient(a, b).value }

    /// `a / b`, and whether the quotient is an exact (terminating) decimal.
    static func quotient(_ a: Double, _ b: Double) -> (value: Double, exact: Bool) {
        if let (ma, ka) = short(a), let (mb, kb) = short(b), mb != 0 {
            // a / b = (ma / mb) × 10^(kb - ka)
            for j in 0...15 {
                guard let n = align(ma, from: 0, to: j) else { break }
                let (q, r) = n.quotientAndRemainder(dividingBy: mb)
                guard r == 0 else { continue }
                // value = q × 10^(kb - ka - j)
                let e = kb - ka - j
                if e >= 0 {
                    guard e <= 22, Double(q).magnitude <= exactLimit else { break }
                    return (Double(q) * powers[e], true)
                }
                if let v = make(q, -e) { return (v, true) }
                break
            }
        }
        return (a / b, false)
    }

    /// The significant digits a number shows by default, at which `==` compares: 12, or all the
    /// digits of its integer part if there are more.
    static let shownDigits = 12

    /// `a` rounded as shown by default (12 significant digits, never fewer than its integer part).
    static func shown(_ a: Double) -> DecimalDigits? {
        guard let d = DecimalDigits(a) else { return nil }
        return d.rounded(significant: max(shownDigits, d.exponent))
    }

    /// Equal as shown: `a == b`, or both print the same at 12 significant digits (never fewer
    /// than the integer part): `0.1 * 3 == 0.3`, `1/3 * 3 == 1`, but `1e15 + 1 != 1e15`.
    static func equal(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        guard a.isFinite, b.isFinite else { return false }
        let m = max(a.magnitude, b.magnitude)
        if (a - b).magnitude > 1e-11 * m { return false }
        return shown(a) == shown(b)
    }

    /// `a` < `b` and not equal as shown.
    static func less(_ a: Double, _ b: Double) -> Bool { a < b && !equal(a, b) }
}
