import Foundation

/// A byte-level reader for the common, well-formed CSV file, giving exactly what
/// ``CSVTable``'s general path (SwiftCSV plus ``CSVTable/recordPositions(_:)``) gives, in one
/// pass over the UTF-8 bytes instead of three passes over grapheme clusters.
///
/// It declines (returns `nil`) whenever the text has anything where bytes and SwiftCSV's
/// characters could disagree, or anything the general path reports as an error; the caller
/// then takes the general path, so every diagnostic stays as it was:
/// * a quote inside an unquoted field, anything but `,` or a line end after a closing quote,
///   or a quoted field that never closes;
/// * a `\r` not followed by `\n`, a vertical tab or form feed, U+0085, U+2028 or U+2029
///   (line ends to SwiftCSV);
/// * Unicode white space where a field starts (SwiftCSV skips it), or a non-ASCII scalar that
///   makes one grapheme cluster with a `,` or `"` next to it or a blank before it.
///
/// `CSVFastSplitTests` keeps its results equal to the general path's.
enum CSVFastSplit {
    /// The header's fields (as SwiftCSV gives them: leading blanks dropped, not trimmed), the
    /// data records' fields, and where every record (header first) starts: its 1-based line and
    /// the 1-based column of each field, in Unicode scalars.
    struct Result {
        var header: [String]
        var rows: [[String]]
        var positions: [(line: Int, columns: [Int])]
    }

    static func split(_ text: String) -> Result? {
        var text = text
        return text.withUTF8 { split(bytes: $0) }
    }

    private static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// The scalar whose UTF-8 starts at `i` (the text is valid UTF-8).
    private static func scalar(at i: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
        var end = i + 1
        while end < bytes.count, isContinuation(bytes[end]) { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
    }

    /// The scalar whose UTF-8 ends at `i`.
    private static func scalar(endingAt i: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
        var start = i
        while start > 0, isContinuation(bytes[start]) { start -= 1 }
        return scalar(at: start, bytes)
    }

    /// Whether `a` then `b` make one grapheme cluster (one `Character`), as SwiftCSV reads them.
    private static func joins(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        var text = String.UnicodeScalarView()
        text.append(a)
        text.append(b)
        return String(text).count == 1
    }

    static func split(bytes: UnsafeBufferPointer<UInt8>) -> Result? {
        let n = bytes.count
        // Line ends SwiftCSV sees that bytes do not: \v, \f, a lone \r, U+0085, U+2028, U+2029.
        for i in 0..<n {
            let b = bytes[i]
            // Printable ASCII after the comma (digits, letters, most punctuation) needs no look.
            if b > 0x2C && b < 0x80 { continue }
            switch b {
            case 0x0B, 0x0C: return nil
            case 0x0D: if i + 1 >= n || bytes[i + 1] != 0x0A { return nil }
            case 0xC2: if i + 1 < n && bytes[i + 1] == 0x85 { return nil }
            case 0xE2: if i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) { return nil }
            case 0x2C, 0x22:
                // A non-ASCII scalar right before or after `,` or `"` may be one grapheme with it
                // (a combining mark after it, a prepended mark before it).
                let c = Unicode.Scalar(bytes[i])
                if i > 0 && bytes[i - 1] >= 0x80, joins(scalar(endingAt: i - 1, bytes), c) { return nil }
                if i + 1 < n && bytes[i + 1] >= 0x80, joins(c, scalar(at: i + 1, bytes)) { return nil }
            default: break
            }
        }

        // The first record is the header; the others are the rows.
        var header: [String]?
        var records: [[String]] = []
        var positions: [(line: Int, columns: [Int])] = []
        var fields: [String] = []
        var columns: [Int] = []
        var recordLine = 1
        var line = 1, column = 1
        var inRecord = false
        // The previous record's fields and their bytes (`start < 0` when not a plain slice): a
        // field with the same bytes as the one above it reuses its string, so a column that
        // repeats (a source, a unit) costs no new string storage per row.
        var previous: [String] = []
        var previousSpans: [(start: Int, end: Int)] = []
        var spans: [(start: Int, end: Int)] = []
        var width = 8
        var i = 0
        while i < n {
            if !inRecord {
                inRecord = true
                recordLine = line
                columns = []
                columns.reserveCapacity(width)
                columns.append(column)
                fields = []
                fields.reserveCapacity(width)
                spans.removeAll(keepingCapacity: true)
            }
            // Leading blanks are dropped, as SwiftCSV does with white space where a field starts.
            while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1; column += 1 }
            if i < n, bytes[i] >= 0x80 {
                // Unicode white space SwiftCSV would skip, or a mark joined to a skipped blank.
                let first = scalar(at: i, bytes)
                if first.properties.isWhitespace { return nil }
                if i > 0, bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09, joins(Unicode.Scalar(bytes[i - 1]), first) { return nil }
            }
            var value: String
            var span = (start: -1, end: -1)
            if i < n, bytes[i] == 0x22 {
                // A quoted field: `""` is a quote, a lone `"` closes it. Its content is a plain
                // slice of the text until the first `""`, then copied.
                i += 1; column += 1
                let start = i
                var content: [UInt8]?
                var closed = false
                while i < n {
                    let b = bytes[i]
                    if b == 0x22 {
                        if i + 1 < n, bytes[i + 1] == 0x22 {
                            if content == nil { content = Array(bytes[start..<i]) }
                            content?.append(0x22); i += 2; column += 2; continue
                        }
                        closed = true
                        break
                    }
                    content?.append(b)
                    if b == 0x0A { line += 1; column = 1 } else if !isContinuation(b) { column += 1 }
                    i += 1
                }
                guard closed else { return nil }
                if let content {
                    value = String(decoding: content, as: UTF8.self)
                } else {
                    span = (start, i)
                    value = ""
                }
                i += 1; column += 1
            } else {
                let start = i
                while i < n {
                    let b = bytes[i]
                    // Printable ASCII after the comma: one column, never a separator or quote.
                    if b > 0x2C && b < 0x80 { column += 1; i += 1; continue }
                    if b == 0x2C || b == 0x0A || b == 0x0D { break }
                    if b == 0x22 { return nil }
                    if !isContinuation(b) { column += 1 }
                    i += 1
                }
                span = (start, i)
                value = ""
            }
            if span.start >= 0 {
                let k = fields.count
                let length = span.end - span.start
                // Strings of up to 15 UTF-8 bytes are stored inline: making them is as cheap as comparing.
                if length > 15, k < previousSpans.count, previousSpans[k].start >= 0,
                   previousSpans[k].end - previousSpans[k].start == length, let base = bytes.baseAddress,
                   memcmp(base + span.start, base + previousSpans[k].start, length) == 0 {
                    value = previous[k]
                } else {
                    value = String(decoding: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
                }
            }
            spans.append(span)
            if i == n {
                // SwiftCSV keeps a last field without a line end only when it is not empty.
                if !value.isEmpty { fields.append(value) }
                break
            }
            switch bytes[i] {
            case 0x2C:
                fields.append(value)
                i += 1; column += 1
                columns.append(column)
            case 0x0D, 0x0A:
                fields.append(value)
                i += bytes[i] == 0x0D ? 2 : 1
                if header == nil { header = fields } else { records.append(fields) }
                positions.append((recordLine, columns))
                width = Swift.max(width, fields.count)
                previous = fields
                swap(&previousSpans, &spans)
                inRecord = false
                line += 1; column = 1
            default:
                return nil  // text after a closing quote: the general path reports it
            }
        }
        if inRecord {
            if !fields.isEmpty { if header == nil { header = fields } else { records.append(fields) } }
            positions.append((recordLine, columns))
        }
        return Result(header: header ?? [], rows: records, positions: positions)
    }
}
