import Foundation

/// A delimited text file (CSV, or tab-separated as pymrio writes) read as a grid of fields,
/// for tables whose columns are not known in advance: a wide (square) flow matrix, a pymrio
/// `Z.txt`. Follows ``CSVTable``'s rules — strict UTF-8 (checked by ``ChainLoadError/readText``),
/// a byte-order mark dropped, CRLF or LF line ends, fields trimmed of surrounding spaces and
/// tabs (spaces only when tab is the delimiter), `"…"` quoting with `""` for a quote, blank
/// lines skipped but counted — and reports positions the same way (1-based line, column in
/// Unicode scalars). It works on the file's bytes and keeps each field as a byte range, so a
/// 2000 × 2000 table is split without making four million strings.
struct CSVGrid {
    /// One field: its bytes after trimming (without the quotes when quoted).
    struct Field {
        var start: Int
        var end: Int
        /// Quoted and holding a `""` to unescape.
        var escaped: Bool
        /// Written in quotes (`start` is after the opening quote).
        var quoted = false
    }

    /// One record (a row): the line it starts on, where that line starts, its fields.
    struct Record {
        var line: Int
        var lineStart: Int
        var fields: Range<Int>
        var count: Int { fields.count }
    }

    /// The file's path as shown in errors.
    let path: String
    let bytes: [UInt8]
    private(set) var fields: [Field] = []
    private(set) var records: [Record] = []

    /// Reads and splits the file at `url`.
    /// - Parameters:
    ///   - shownAs: The path used in errors.
    ///   - delimiter: `,` or a tab.
    /// - Throws: ``ChainLoadError`` when the file is missing or unreadable, is not UTF-8, or has a
    ///   quote that never closes (at the quote).
    static func read(url: URL, shownAs path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> CSVGrid {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ChainLoadError(file: path, line: 0, message: "missing file \(url.lastPathComponent)")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ChainLoadError(file: path, line: 0, message: "cannot read \(url.lastPathComponent): \(error.localizedDescription)")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Valid UTF-8 is checked in one pass; for invalid bytes the slower decoder finds the line and column.
        if String(validating: bytes, as: UTF8.self) == nil {
            _ = try ChainLoadError.readText(url, shownAs: path, what: url.lastPathComponent)
        }
        return try CSVGrid(bytes: bytes, shownAs: path, delimiter: delimiter)
    }

    init(text: String, shownAs path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        try self.init(bytes: Array(text.utf8), shownAs: path, delimiter: delimiter)
    }

    init(bytes: [UInt8], shownAs path: String, delimiter: UInt8) throws {
        self.path = path
        self.bytes = bytes
        try split(delimiter: delimiter)
    }

    private mutating func split(delimiter: UInt8) throws {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        let n = bytes.count
        var i = 0
        var line = 1
        fields.reserveCapacity(n / 4)
        try bytes.withUnsafeBufferPointer { b in
            while i < n {
                // One record.
                let recordLine = line, lineStart = i, firstField = fields.count
                var atEnd = false
                while !atEnd {
                    // One field: [i, fieldEnd), quotes toggling.
                    let fieldStart = i
                    var inQuotes = false
                    var quoteAt = (line: line, column: 0, offset: 0)
                    var hasEscape = false
                    while i < n {
                        let c = b[i]
                        if c == quote {
                            if !inQuotes {
                                inQuotes = true
                                quoteAt = (line, 0, i)
                            } else if i + 1 < n, b[i + 1] == quote {
                                hasEscape = true
                                i += 1
                            } else {
                                inQuotes = false
                            }
                        } else if !inQuotes && (c == delimiter || c == newline) {
                            break
                        } else if c == newline {
                            line += 1
                        }
                        i += 1
                    }
                    if inQuotes {
                        var column = 1
                        var k = quoteAt.offset
                        while k > 0, b[k - 1] != newline { k -= 1 }
                        while k < quoteAt.offset { if b[k] & 0xC0 != 0x80 { column += 1 }; k += 1 }
                        throw ChainLoadError(file: path, line: quoteAt.line, column: column,
                                             message: "a quoted field opens here and is never closed (a \" is missing)")
                    }
                    var s = fieldStart, e = i
                    while s < e, b[s] == space || b[s] == tab && delimiter != tab || b[s] == cr { s += 1 }
                    while e > s, b[e - 1] == space || b[e - 1] == tab && delimiter != tab || b[e - 1] == cr { e -= 1 }
                    var escaped = false, quoted = false
                    if e - s >= 2, b[s] == quote, b[e - 1] == quote {
                        s += 1
                        e -= 1
                        escaped = hasEscape
                        quoted = true
                    }
                    fields.append(Field(start: s, end: e, escaped: escaped, quoted: quoted))
                    if i < n, b[i] == delimiter {
                        i += 1
                    } else {
                        atEnd = true
                        if i < n { i += 1; line += 1 }   // the newline
                    }
                }
                let record = Record(line: recordLine, lineStart: lineStart, fields: firstField..<fields.count)
                // A blank line: one empty field.
                if record.count == 1, fields[firstField].start == fields[firstField].end {
                    fields.removeLast()
                    continue
                }
                records.append(record)
            }
        }
    }

    /// The text of field `index` of `record` (unquoted, `""` made `"`).
    func text(_ record: Record, _ index: Int) -> String {
        text(fields[record.fields.lowerBound + index])
    }

    func text(_ field: Field) -> String {
        let raw = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[field.start..<field.end]), as: UTF8.self) }
        return field.escaped ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
    }

    /// `true` when field `index` of `record` is empty.
    func isEmpty(_ record: Record, _ index: Int) -> Bool {
        let f = fields[record.fields.lowerBound + index]
        return f.start == f.end
    }

    /// The 1-based column (in Unicode scalars) where field `index` of `record` starts, counted
    /// on the line the field starts on.
    func column(_ record: Record, _ index: Int) -> Int {
        guard index < record.count else { return 1 }
        let field = fields[record.fields.lowerBound + index]
        var start = field.quoted ? field.start - 1 : field.start
        // Back over trimmed white space and the opening quote to the field's first byte.
        var k = start
        while k > record.lineStart, bytes[k - 1] != UInt8(ascii: "\n") { k -= 1 }
        var column = 1
        if start > bytes.count { start = bytes.count }
        var p = k
        while p < start { if bytes[p] & 0xC0 != 0x80 { column += 1 }; p += 1 }
        return column
    }

    /// An error at field `index` of `record` (the line's start when `index` is `nil`).
    func error(_ record: Record, _ index: Int?, _ message: String) -> ChainLoadError {
        ChainLoadError(file: path, line: record.line, column: index.map { column(record, $0) }, message: message)
    }

    /// 10^0 … 10^22, each exact in a Double.
    static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// A field of at most 63 bytes that is a plain decimal (`-12.5e3`) and a normal or zero
    /// number, parsed from its bytes; `nil` for anything else (the caller's slow path says why).
    private func plainNumber(_ field: Field) -> (value: Double, text: String)? {
        let length = field.end - field.start
        guard length < 64 else { return nil }
        return bytes.withUnsafeBufferPointer { b -> (value: Double, text: String)? in
            var i = field.start
            let end = field.end
            @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
            if b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
            let negative = b[field.start] == UInt8(ascii: "-")
            // The digits as an integer (while it stays below 2^53) and the power of ten to scale by.
            var mantissa = 0, nonzero = false, digits: UInt64 = 0, exact = true, scale = 0
            @inline(__always) func digit(_ c: UInt8) {
                nonzero = nonzero || c != 48
                mantissa += 1
                let next = digits &* 10 &+ UInt64(c - 48)
                if digits > (1 << 53) / 10 || next > (1 << 53) { exact = false } else { digits = next }
            }
            while i < end, isDigit(b[i]) { digit(b[i]); i += 1 }
            if i < end, b[i] == UInt8(ascii: ".") {
                i += 1
                while i < end, isDigit(b[i]) { digit(b[i]); scale -= 1; i += 1 }
            }
            guard mantissa > 0 else { return nil }
            if i < end, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                var sign = 1
                if i < end, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { sign = b[i] == UInt8(ascii: "-") ? -1 : 1; i += 1 }
                var exponent = 0, count = 0
                while i < end, isDigit(b[i]) { if exponent < 10_000 { exponent = exponent * 10 + Int(b[i] - 48) }; i += 1; count += 1 }
                guard count > 0 else { return nil }
                scale += sign * exponent
            }
            guard i == end else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[field.start..<field.end]), as: UTF8.self)
            // Clinger's fast path: an integer below 2^53 times or over a power of ten up to 10^22
            // (both exact doubles) is one correctly rounded operation, as strtod would give.
            if exact, (-22...22).contains(scale) {
                let m = Double(digits)
                let value = scale >= 0 ? m * CSVGrid.powersOfTen[scale] : m / CSVGrid.powersOfTen[-scale]
                if value == 0 { return (0, text) }
                return (negative ? -value : value, text)
            }
            let value: Double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { tmp in
                for k in 0..<length { tmp[k] = CChar(bitPattern: b[field.start + k]) }
                tmp[length] = 0
                guard let base = tmp.baseAddress else { return .nan }
                return strtod(base, nil)
            }
            // Overflow, underflow to 0 or a subnormal: the slow path words the error.
            guard value.isFinite, value == 0 ? !nonzero : value.magnitude >= Double.leastNormalMagnitude else { return nil }
            // "-0" is 0 (no negative zero is kept); text keeps the digits as printed.
            return (value == 0 ? 0 : value, text)
        }
    }

    /// The number in field `index` of `record`: a plain decimal (``Chain/isPlainDecimal(_:)``,
    /// after `style` removes thousands separators and makes a decimal comma a point), in range;
    /// `nil` when the field is empty (NA).
    /// - Throws: ``ChainLoadError`` at the field for text that is not such a number.
    func number(_ record: Record, _ index: Int, style: NumberStyle, what: String) throws -> (value: Double, text: String)? {
        let field = fields[record.fields.lowerBound + index]
        if field.start == field.end { return nil }
        if !field.escaped, style.thousands == nil, style.decimal == ".", let fast = plainNumber(field) { return fast }
        var text = self.text(field)
        if style.thousands != nil || style.decimal != "." { text = style.plain(text) }
        guard Chain.isPlainDecimal(text) else {
            let hint = CSVTable.isThousandsSeparated(text)
                ? " (it has a thousands separator: write \(text.replacingOccurrences(of: ",", with: "")) or set thousands = \",\" in [chain])"
                : text.contains(",") ? " (a comma is not a decimal point: write it with a point or set decimal = \",\" in [chain])" : ""
            throw error(record, index, "\(what) \"\(text)\" is not a plain decimal number\(hint)")
        }
        guard let value = Double(text), value.isFinite else {
            throw error(record, index, Chain.rangeProblem(text) ?? "\(what) \"\(text)\" is out of range")
        }
        if value.magnitude < Double.leastNormalMagnitude, value != 0, let problem = Chain.rangeProblem(text) {
            throw error(record, index, problem)
        }
        return (value == 0 ? 0 : value, text)
    }
}
