import Foundation

/// A problem in a chain's data files, with the place it was found.
///
/// `line` is 1-based (line 1 is the header); `line == 0` means the problem concerns the
/// whole file (missing, unreadable, empty) or no single place in it. `column` is 1-based,
/// counted in Unicode scalars, and points at the start of the offending field.
public struct ChainLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's path (for the built-in dataset, the directory that was looked for).
    public var file: String
    /// 1-based line; 0 when the error is about the whole file.
    public var line: Int
    /// 1-based column of the offending field, if there is one.
    public var column: Int?
    /// What is wrong, in one line.
    public var message: String

    public init(file: String, line: Int, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:col: error: message`, or `file:line: error: message` without a column,
    /// or `file: error: message` when the error concerns the whole file (`line == 0`).
    public var description: String {
        guard line > 0 else { return "\(file): error: \(message)" }
        if let column { return "\(file):\(line):\(column): error: \(message)" }
        return "\(file):\(line): error: \(message)"
    }
}

extension Chain {
    /// `true` for a plain decimal number: `[+-]? digits [. digits] [(e|E) [+-]? digits]`,
    /// with at least one digit before the exponent; ASCII digits only.
    static func isPlainDecimal(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isPlainDecimal(bytes:))
    }

    /// ``isPlainDecimal(_:)`` on the text's UTF-8 bytes.
    static func isPlainDecimal(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        func digits() -> Int {
            var count = 0
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                index += 1
                count += 1
            }
            return count
        }
        func skip(_ a: UInt8, _ b: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == a || bytes[index] == b else { return false }
            index += 1
            return true
        }
        _ = skip(UInt8(ascii: "+"), UInt8(ascii: "-"))
        var mantissa = digits()
        if skip(UInt8(ascii: "."), UInt8(ascii: ".")) { mantissa += digits() }
        guard mantissa > 0 else { return false }
        if skip(UInt8(ascii: "e"), UInt8(ascii: "E")) {
            _ = skip(UInt8(ascii: "+"), UInt8(ascii: "-"))
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }

    /// Why a plain decimal cannot be a Double, as for a typed literal: beyond about 1.8e308, or
    /// non-zero but below about 2.2e-308 (`1e-400` would silently read as 0); `nil` if it can.
    static func rangeProblem(_ text: String) -> String? { rangeProblem(text, parsed: Double(text)) }

    /// ``rangeProblem(_:)`` for a text already parsed: `parsed` is `Double(text)`.
    static func rangeProblem(_ text: String, parsed: Double?) -> String? {
        guard let value = parsed, value.isFinite else {
            return "value \"\(text)\" is out of range (largest is about 1.8e308)"
        }
        if value.magnitude < Double.leastNormalMagnitude,
           text.prefix(while: { $0 != "e" && $0 != "E" }).contains(where: { ("1"..."9").contains($0) }) {
            return "value \"\(text)\" is too small to represent (smallest is about 2.2e-308)"
        }
        return nil
    }
}

extension ChainLoadError {
    /// The text of a chain file: strict UTF-8 (the first bad byte is reported with its line and
    /// column), a leading byte-order mark dropped.
    /// - Throws: ``ChainLoadError`` when the file cannot be read or is not UTF-8.
    static func readText(_ url: URL, shownAs path: String, what: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ChainLoadError(file: path, line: 0, message: "cannot read \(what): \(error.localizedDescription)")
        }
        switch SourceText.decode(data) {
        case .success(let text):
            return text
        case .failure(let bad):
            throw ChainLoadError(file: path, line: bad.line, column: bad.column, message: "\(what) is not valid UTF-8 (byte \(bad.byte))")
        }
    }
}
