/// The text of a computed number in a table cell or on its own, without the arrays of
/// ``DecimalDigits``: a 300×300 matrix prints 90,000 numbers, and building the digit arrays,
/// the rounded copy and the text bytes of each one took longer than the rest of the table.
///
/// The result is, character for character, `DecimalDigits(x)` rounded to
/// `max(cut, integer digits)` significant digits (half away from zero) and then
/// ``DecimalDigits/text`` — the same shortest round-trip digits (Swift's `description`), the
/// same rounding and the same positional / `d.ddde±N` rule — worked in one stack buffer.
/// `NumberTextTests` keeps the two equal on random and edge-case Doubles.
enum NumberText {
    /// The text of `x` rounded to `max(cut, its integer digits)` significant digits (integer
    /// digits count only below 10^17, as in ``Formatter``), or unrounded when `cut` is `nil`.
    /// `nil` when `x` is not finite, or for a shortest form this reader does not expect (the
    /// caller then takes the general path, which gives `NA` for a non-finite `x`).
    static func text(_ x: Double, cut: Int?) -> String? {
        guard x.isFinite else { return nil }
        if x == 0 { return "0" }
        let description = x.magnitude.description
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 160) { buf -> String? in
            // buf[0..<40]: every digit of the description; buf[41..<81]: the significant ones,
            // with buf[40] free for a carry out of the first digit; buf[96...]: the text.
            let rawLimit = 40, sig = 41
            var count = 0
            var pointAt = -1
            var power = 0
            var powerNegative = false
            var inExponent = false
            for c in description.utf8 {
                let isDigit = c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
                if inExponent {
                    if c == UInt8(ascii: "-") {
                        powerNegative = true
                    } else if isDigit {
                        guard power < 100_000 else { return nil }
                        power = power * 10 + Int(c - UInt8(ascii: "0"))
                    } else if c != UInt8(ascii: "+") {
                        return nil
                    }
                    continue
                }
                if c == UInt8(ascii: ".") { pointAt = count; continue }
                if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { inExponent = true; continue }
                guard isDigit else { return nil }
                guard count < rawLimit else { return nil }
                buf[count] = c - UInt8(ascii: "0")
                count += 1
            }
            if powerNegative { power = -power }
            var leading = 0
            while leading < count && buf[leading] == 0 { leading += 1 }
            var end = count
            while end > leading && buf[end - 1] == 0 { end -= 1 }
            guard leading < end else { return "0" }   // not reached: x ≠ 0
            var exponent = (pointAt < 0 ? count : pointAt) - leading + power
            var first = sig
            var m = end - leading
            for k in 0..<m { buf[sig + k] = buf[leading + k] }

            if let cut {
                let integerDigits = exponent <= 17 ? exponent : 0
                let n = max(cut, integerDigits)
                if m > n {
                    guard n > 0 else {
                        // n == 0 keeps nothing unless the carry makes a 1 (as DecimalDigits.rounded).
                        guard buf[sig] >= 5 else { return "0" }
                        return Self.write(negative: x < 0, buf, first: sig, count: 1, exponent: exponent + 1, one: true)
                    }
                    let up = buf[sig + n] >= 5
                    m = n
                    if up {
                        var i = n - 1
                        while i >= 0 && buf[sig + i] == 9 { buf[sig + i] = 0; i -= 1 }
                        if i >= 0 {
                            buf[sig + i] += 1
                        } else {
                            first = sig - 1
                            buf[first] = 1
                            m += 1
                            exponent += 1
                        }
                    }
                    while m > 0 && buf[first + m - 1] == 0 { m -= 1 }
                    if m == 0 { return "0" }
                }
            }
            return Self.write(negative: x < 0, buf, first: first, count: m, exponent: exponent, one: false)
        }
    }

    /// The digits buf[first..<first+count] (0...9) at `exponent`, as ``DecimalDigits/text``
    /// writes them (into buf[96...], at most 1 + 2 + 5 + 40 + 8 bytes); `one`: the single digit 1 instead.
    private static func write(negative: Bool, _ buf: UnsafeMutableBufferPointer<UInt8>, first: Int, count m: Int,
                              exponent e: Int, one: Bool) -> String {
        let zero = UInt8(ascii: "0")
        let start = 96
        var at = start
        func put(_ c: UInt8) { buf[at] = c; at += 1 }
        func digit(_ k: Int) -> UInt8 { one ? UInt8(ascii: "1") : buf[first + k] + zero }
        if negative { put(UInt8(ascii: "-")) }
        let positional = (e > -6 && e <= 15) || (e > 15 && e <= 17 && m >= e)
        if positional {
            if e <= 0 {
                put(zero)
                put(UInt8(ascii: "."))
                for _ in 0..<(-e) { put(zero) }
                for k in 0..<m { put(digit(k)) }
            } else if m <= e {
                for k in 0..<m { put(digit(k)) }
                for _ in 0..<(e - m) { put(zero) }
            } else {
                for k in 0..<e { put(digit(k)) }
                put(UInt8(ascii: "."))
                for k in e..<m { put(digit(k)) }
            }
        } else {
            put(digit(0))
            if m > 1 {
                put(UInt8(ascii: "."))
                for k in 1..<m { put(digit(k)) }
            }
            put(UInt8(ascii: "e"))
            for c in String(e - 1).utf8 { put(c) }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buf[start..<at]), as: UTF8.self)
    }
}
