/// The compiled code's shortcut for the commonest operands: two plain whole numbers (no unit,
/// no published origins, below 2^53 in magnitude), as loop counters and recursion arguments
/// are. For them ``Operations/scalar(_:_:_:_:)`` computes in integers and needs none of its
/// unit, origin or exactness bookkeeping; this gives the same value it gives, or `nil` when
/// the operands or the result leave that ground (then the general operation runs).
///
/// Why the results are equal, case by case:
/// - `+ -`: ``Decimal64/sum(_:_:)`` of two whole numbers below 2^53 adds them as `Int64`
///   and keeps the sum if it is at most 2^53 in magnitude, exactly; the result is a plain
///   number, exact, with no printed digits and no origins (`Origin.union` of two empty lists).
///   A sum past 2^53 goes the general way.
/// - `*`: ``Decimal64/product(_:_:)`` multiplies the `Int64`s the same way (overflow or a
///   product past 2^53 goes the general way); a plain right operand keeps the left's unit, one.
/// - comparisons: both units are one, so no scaling; two different whole numbers below 10^11
///   differ by at least 1, more than 10^-11 of the larger, so ``Decimal64/equal(_:_:)`` is
///   plain `==` and ``Decimal64/less(_:_:)`` plain `<`.
/// Division, powers and anything with a unit, printed digits of a fraction, or origins are
/// left to ``Operations``.
enum PlainNumbers {
    /// Comparisons are decided here only below this magnitude (see the type's notes).
    static let comparisonBound: UInt64 = 100_000_000_000

    /// The whole number `q` is, if it is a plain one below 2^53 without origins.
    @inline(__always)
    static func whole(_ q: Quantity) -> Int64? {
        guard q.unit.isOne, q.origins.isEmpty, q.value.magnitude < Decimal64.exactLimit else { return nil }
        // Below 2^53 in magnitude (NaN is not), so the conversion cannot trap; the value is whole
        // when it converts back unchanged (-0 gives 0, as `Int64(exactly:)` does). No libm
        // `trunc` call, which `Int64(exactly:)` makes.
        let n = Int64(q.value)
        guard Double(n) == q.value else { return nil }
        return n
    }

    /// ``whole(_:)`` of a value that is a quantity.
    @inline(__always)
    static func whole(value: Value) -> Int64? {
        switch value {
        case .quantity(let q): return whole(q)
        default: return nil
        }
    }

    /// ``whole(_:)`` of the value at `slot`, looked at where it is.
    @inline(__always)
    static func whole(at slot: UnsafeMutablePointer<Value>) -> Int64? {
        switch slot.pointee {
        case .quantity(let q): return whole(q)
        default: return nil
        }
    }

    /// A plain, exact number from a whole `Int64` that is at most 2^53 in magnitude.
    @inline(__always)
    static func number(_ n: Int64) -> Value? {
        let x = Double(n)
        guard x.magnitude <= Decimal64.exactLimit else { return nil }
        return .quantity(Quantity(x, Unit.one, exact: true))
    }

    /// `a op b` for two plain whole numbers, or `nil` (see the type's notes).
    @inline(__always)
    static func scalar(_ op: BinaryOperator, _ a: Quantity, _ b: Quantity) -> Value? {
        guard let x = whole(a), let y = whole(b) else { return nil }
        return scalar(op, x, y)
    }

    /// `x op y` for the whole numbers of two plain quantities (``whole(_:)``), or `nil`.
    @inline(__always)
    static func scalar(_ op: BinaryOperator, _ x: Int64, _ y: Int64) -> Value? {
        switch op {
        case .add:
            let (s, o) = x.addingReportingOverflow(y)
            return o ? nil : number(s)
        case .subtract:
            let (s, o) = x.addingReportingOverflow(-y)   // |y| < 2^53: negating cannot overflow
            return o ? nil : number(s)
        case .multiply:
            let (p, o) = x.multipliedReportingOverflow(by: y)
            return o ? nil : number(p)
        case .less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual:
            return compare(op, x, y).map(Value.bool)
        case .divide, .power, .and, .or:
            return nil
        }
    }

    /// `x op y` for a comparison `op` of two whole numbers below 10^11, or `nil`.
    @inline(__always)
    static func compare(_ op: BinaryOperator, _ x: Int64, _ y: Int64) -> Bool? {
        guard x.magnitude < comparisonBound, y.magnitude < comparisonBound else { return nil }
        switch op {
        case .less: return x < y
        case .lessOrEqual: return x <= y
        case .greater: return x > y
        case .greaterOrEqual: return x >= y
        case .equal: return x == y
        case .notEqual: return x != y
        default: return nil
        }
    }
}
