import Foundation
import SwiftCSV

/// One CSV data file of a chain, parsed with SwiftCSV and checked against its expected columns.
///
/// UTF-8 only; a byte-order mark is dropped; CRLF and LF line ends both work (SwiftCSV);
/// fields are trimmed of surrounding white space; blank lines are skipped but counted, so
/// every row knows the 1-based line it starts on and the 1-based column (in Unicode scalars)
/// of each of its fields.
struct CSVTable {
    /// One data row: its fields in header order, and where each field starts.
    struct Row {
        var line: Int
        /// The fields, trimmed of surrounding white space, in the header's order.
        var values: [String]
        /// The 1-based column where each field starts (shorter when unknown).
        var starts: [Int]
        /// Column name → field index (shared by every row of the table).
        var index: [String: Int]

        /// The field, trimmed of surrounding white space; `""` for an unknown or absent column.
        subscript(_ column: String) -> String {
            guard let i = index[column], i < values.count else { return "" }
            return values[i]
        }

        /// The 1-based column where `column`'s field starts, if known.
        func start(of column: String) -> Int? {
            guard let i = index[column], i < starts.count else { return nil }
            return starts[i]
        }

        /// The field at index `i` (from ``CSVTable/column(_:)``), as `self[name]` gives it: `""`
        /// for a column the table does not have (`nil`) or an absent field.
        subscript(at i: Int?) -> String {
            guard let i, i < values.count else { return "" }
            return values[i]
        }

        /// Where the field at index `i` starts, as ``start(of:)`` gives it for its name.
        func start(at i: Int?) -> Int? {
            guard let i, i < starts.count else { return nil }
            return starts[i]
        }
    }

    /// The field index of `column` in every row, `nil` when the header does not have it: looked
    /// up once per table, so that a loop over the rows hashes no column names.
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The file's path as shown in errors.
    var path: String
    /// The header's column names, in file order.
    var header: [String]
    var rows: [Row]

    /// An error at `row`, pointing at `column`'s field.
    func error(_ row: Row, _ column: String, _ message: String) -> ChainLoadError {
        ChainLoadError(file: path, line: row.line, column: row.start(of: column), message: message)
    }

    /// Reads the CSV file at `url` and checks that its header has every `required` column, may
    /// have the `optional` ones, and has no other (in any order, none twice), and that every
    /// row has as many fields as the header. Blank lines are skipped.
    ///
    /// - Parameter shownAs: The path used in errors (as the user wrote it).
    /// - Throws: ``ChainLoadError`` at the offending line and column.
    static func read(url: URL, shownAs path: String, required expected: [String], optional: [String]) throws -> CSVTable {
        let file = url.lastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ChainLoadError(file: path, line: 0, message: "missing file \(file)")
        }
        let text = try ChainLoadError.readText(url, shownAs: path, what: file)

        let split: CSVFastSplit.Result
        if let fast = CSVFastSplit.split(text) {
            split = fast
        } else {
            if let open = unclosedQuote(text) {
                throw ChainLoadError(file: path, line: open.line, column: open.column,
                                     message: "a quoted field opens here and is never closed (a \" is missing)")
            }
            do {
                split = try generalSplit(text)
            } catch {
                throw malformed(text: text, positions: recordPositions(text), path: path, error: error)
            }
        }
        let (rawHeader, raw, positions) = (split.header, split.rows, split.positions)

        let expectedList = expected.joined(separator: ",") + optional.map { "[,\($0)]" }.joined()
        let header = rawHeader.map(trimmed)
        guard !(header.isEmpty || header == [""]) else {
            throw ChainLoadError(file: path, line: positions.first?.line ?? 1,
                                 message: "empty file: expected the header line \(expectedList)")
        }
        let headerColumns = positions.first?.columns ?? []
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            let column = index < headerColumns.count ? headerColumns[index] : nil
            if !expected.contains(name) && !optional.contains(name) {
                throw ChainLoadError(file: path, line: 1, column: column,
                                     message: "unknown column \"\(name)\" (expected columns: \(expectedList))")
            }
            if seen[name] != nil {
                throw ChainLoadError(file: path, line: 1, column: column,
                                     message: "column \"\(name)\" appears twice")
            }
            seen[name] = index
        }
        for name in expected where seen[name] == nil {
            throw ChainLoadError(file: path, line: 1, column: nil,
                                 message: "missing column \"\(name)\" (expected columns: \(expectedList))")
        }

        var rows: [Row] = []
        rows.reserveCapacity(raw.count)
        for (index, fields) in raw.enumerated() {
            let position = index + 1 < positions.count ? positions[index + 1] : nil
            let line = position?.line ?? index + 2
            if fields.count <= 1 && fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard fields.count == header.count else {
                throw fieldCountError(fields, header: header, position: position, line: line, path: path, expectedList: expectedList)
            }
            // Most fields need no trimming: keep the record's array then (no copy per row).
            let values = fields.contains(where: needsTrimming) ? fields.map(trimmed) : fields
            rows.append(Row(line: line, values: values, starts: position?.columns ?? [], index: seen))
        }
        return CSVTable(path: path, header: header, rows: rows)
    }

    /// `text` trimmed of white space and line ends at both ends (as Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, which it calls unless the first and
    /// last bytes are printable ASCII, so that nothing can be trimmed).
    static func trimmed(_ text: String) -> String { trimmed(text, newlines: true) }

    /// `false` when ``trimmed(_:)`` certainly returns `text` as it is: empty, or its first and
    /// last bytes are printable ASCII.
    static func needsTrimming(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            return !((0x21...0x7E).contains(first) && (0x21...0x7E).contains(last))
        }
    }

    /// `text.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)`, done
    /// on the bytes when `text` is ASCII (whose members of those sets are space and tab, and
    /// `\n`, `\v`, `\f`, `\r` for line ends), else by Foundation.
    static func trimmed(_ text: String, newlines: Bool) -> String {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return text }
        if (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last) { return text }
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
        }
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || (newlines && (0x0A...0x0D).contains(b)) }
        guard let start = utf8.firstIndex(where: { !blank($0) }), let end = utf8.lastIndex(where: { !blank($0) }) else { return "" }
        return String(text[start...end])
    }

    /// The header, the data records and the records' positions by SwiftCSV and
    /// ``recordPositions(_:)``: the general path, which ``CSVFastSplit`` must equal.
    /// - Throws: SwiftCSV's `CSVParseError`.
    static func generalSplit(_ text: String) throws -> CSVFastSplit.Result {
        var raw: [[String]] = []
        let csv = try CSV<Enumerated>(string: text, delimiter: .comma, loadColumns: false)
        try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { raw.append($0) }
        return CSVFastSplit.Result(header: csv.header, rows: raw, positions: recordPositions(text))
    }

    /// The error for a row with the wrong number of fields. When the extra fields come from an
    /// unquoted number with thousands separators (`1,234`) in the `value` column, it says so
    /// and points at that field.
    static func fieldCountError(_ fields: [String], header: [String], position: (line: Int, columns: [Int])?, line: Int,
                                path: String, expectedList: String) -> ChainLoadError {
        let count = "row has \(fields.count) fields, expected \(header.count) (\(expectedList))"
        let extra = fields.count - header.count
        if extra > 0, let v = header.firstIndex(of: "value"), v + extra < fields.count {
            let merged = fields[v...(v + extra)].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",")
            if isThousandsSeparated(merged) {
                let column = field(v, of: position)
                return ChainLoadError(file: path, line: line, column: column,
                                      message: "\(count): value \"\(merged)\" has a thousands separator; write \(merged.replacingOccurrences(of: ",", with: ""))")
            }
        }
        let hint = extra > 0
            ? " (a comma inside a value? write numbers without thousands separators and quote text containing commas)"
            : ""
        let column = extra > 0 ? field(header.count, of: position) : nil
        return ChainLoadError(file: path, line: line, column: column, message: count + hint)
    }

    /// The column where field `index` of a record starts, if known.
    static func field(_ index: Int, of position: (line: Int, columns: [Int])?) -> Int? {
        guard let columns = position?.columns, index < columns.count else { return nil }
        return columns[index]
    }

    /// `1,234` or `-12,345,678.5`: digits in groups of three after the first, comma-separated.
    static func isThousandsSeparated(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integer = parts.first, integer.contains(",") else { return false }
        if parts.count == 2, parts[1].isEmpty || !parts[1].allSatisfy(\.isASCIIDigit) { return false }
        let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count), first.allSatisfy(\.isASCIIDigit) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// Where each record starts (1-based line) and the 1-based column of each field's
    /// first character, following SwiftCSV's rules: a record ends at a line break outside
    /// quotes, fields are separated by commas outside quotes. Columns count Unicode scalars.
    /// Where the quote of a quoted field that never closes stands (1-based line and column),
    /// or `nil` when every quote closes. (SwiftCSV would take the rest of the file as the field.)
    static func unclosedQuote(_ text: String) -> (line: Int, column: Int)? {
        var line = 1, column = 1
        var opened: (line: Int, column: Int)?
        for character in text {
            if character == "\"" { opened = opened == nil ? (line, column) : nil }
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return opened
    }

    static func recordPositions(_ text: String) -> [(line: Int, columns: [Int])] {
        var records: [(line: Int, columns: [Int])] = []
        var line = 1
        var column = 1
        var inQuotes = false
        var atRecordStart = true
        for character in text {
            if atRecordStart {
                records.append((line, [column]))
                atRecordStart = false
            }
            if character == "\"" {
                inQuotes.toggle()
            } else if character == ",", !inQuotes, !records.isEmpty {
                records[records.count - 1].columns.append(column + 1)
            }
            if character.isNewline {
                if !inQuotes { atRecordStart = true }
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return records
    }

    /// The error for a file SwiftCSV cannot parse: the first record that fails alone.
    static func malformed(text: String, positions: [(line: Int, columns: [Int])], path: String,
                          error: Error) -> ChainLoadError {
        let detail: String
        switch error {
        case CSVParseError.generic(let message), CSVParseError.quotation(let message):
            detail = message
        default:
            detail = String(describing: error)
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, position) in positions.enumerated() {
            let end = index + 1 < positions.count ? positions[index + 1].line - 1 : lines.count
            guard position.line - 1 < lines.count, end >= position.line else { continue }
            let record = lines[(position.line - 1)..<min(end, lines.count)].joined(separator: "\n")
            if (try? CSV<Enumerated>(string: record, delimiter: .comma, loadColumns: false)) == nil {
                return ChainLoadError(file: path, line: position.line, message: "malformed CSV: \(detail)")
            }
        }
        return ChainLoadError(file: path, line: 0, message: "malformed CSV: \(detail)")
    }
}

extension Character {
    /// `0` … `9` only.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
