import Foundation

/// Decoding of source files: strict UTF-8, with the position of the first bad byte.
public enum SourceText {
    /// Where the first invalid UTF-8 sequence starts: its 1-based line and column and its
    /// 1-based byte offset in the file.
    public struct InvalidUTF8: Error, Equatable, Sendable {
        public var line: Int
        public var column: Int
        public var byte: Int
    }

    /// The text of `data`, or where it stops being UTF-8. A leading byte-order mark is dropped.
    public static func decode(_ data: Data) -> Result<String, InvalidUTF8> {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Valid UTF-8 (the usual case) in one pass; the loop below only locates the first bad byte.
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var scalars = String.UnicodeScalarView()
        var line = 1, column = 1, offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                // Lines as the lexer counts them (``LineBreak``): the `\r` of `\r\n` was
                // counted as a column, so its `\n` ends the line.
                if let last = scalars.last, LineBreak.isBreak(last, before: s) { line += 1; column = 1 } else if !scalars.isEmpty { column += 1 }
                scalars.append(s)
                offset += String(s).utf8.count
            case .emptyInput:
                return .success(String(scalars))
            case .error:
                if let last = scalars.last {
                    if LineBreak.isBreak(last, before: nil) { line += 1; column = 1 } else { column += 1 }
                }
                return .failure(InvalidUTF8(line: line, column: column, byte: offset + 1))
            }
        }
    }
}
