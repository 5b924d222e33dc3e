import ArgumentParser
import Foundation

/// `--color auto|always|never`.
enum ColourMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    /// Whether text written to `fd` gets colour. `auto`: only a terminal, and not when
    /// `NO_COLOR` is set (to anything but the empty string) or `TERM=dumb`. `always` colours
    /// even a pipe or file; `never` never does.
    func colours(_ fd: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch self {
        case .never: return false
        case .always: return true
        case .auto:
            if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isatty(fd) == 1
        }
    }
}

/// ANSI styling, applied by the presentation layer to text the core rendered: results,
/// diagnostics and prompts. The core never sees escape sequences.
enum Colour {
    static let reset = "\u{1B}[0m"
    static let bold = "\u{1B}[1m"
    static let dim = "\u{1B}[2m"
    static let red = "\u{1B}[1;31m"
    static let yellow = "\u{1B}[1;33m"
    static let green = "\u{1B}[1;32m"
    static let cyan = "\u{1B}[36m"

    static func wrap(_ text: String, _ style: String) -> String { style + text + reset }

    /// A prompt for libedit with `EL_PROMPT_ESC`: each escape sequence enclosed in `\u{1}` so
    /// the editor does not count it toward the prompt's width (docs/libedit.md §2). The prompt's
    /// word is coloured, its trailing space is not.
    static func prompt(_ prompt: String, continuation: Bool) -> String {
        let word = prompt.trimmingCharacters(in: .whitespaces)
        let tail = String(prompt.dropFirst(word.count))
        let style = continuation ? dim : green
        return "\u{1}\(style)\u{1}\(word)\u{1}\(reset)\u{1}\(tail)"
    }

    /// Rendered diagnostics with the location bold, the `error:`/`warning:` word and the caret
    /// line in colour, and `hint:` in cyan. The text is otherwise unchanged.
    static func diagnostics(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line)
            for (word, style) in [(": error: ", red), (": warning: ", yellow), (": note: ", cyan)] {
                if let found = line.range(of: word) {
                    let location = String(line[..<found.lowerBound])
                    let label = word.dropFirst(2).dropLast(2)
                    return wrap(location, bold) + ": " + wrap(String(label), style) + ": " + line[found.upperBound...]
                }
            }
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("^"), trimmed.allSatisfy({ $0 == "^" || $0 == "~" }) {
                return String(line.prefix(line.count - trimmed.count)) + wrap(String(trimmed), red)
            }
            if trimmed.hasPrefix("hint: ") {
                return String(line.prefix(line.count - trimmed.count)) + wrap("hint:", cyan) + trimmed.dropFirst(5)
            }
            return line
        }.joined(separator: "\n")
    }

    /// A result with the header row of a table bold and units in cyan: the unit after a
    /// single number (`37.979 million RMB`), and units in parentheses in a header row.
    /// Judged from the text alone, so a printed string that looks like a quantity
    /// (`print "5 apples"`) is coloured too; colour only ever reaches a terminal or `always`.
    static func result(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count == 1 {
            return quantityWithUnit(lines[0]) ?? lines[0]
        }
        // The header row of an aligned table: the first line that starts with a row-kind word
        // (year, stage, pair, column, round, i \ j) followed by the column gap.
        let rowKinds = ["year  ", "stage  ", "pair  ", "column  ", "round  ", "i \\ j  "]
        if let header = lines.prefix(4).firstIndex(where: { line in rowKinds.contains { line.hasPrefix($0) } }) {
            lines[header] = bold + unitsInParentheses(lines[header], resumeWith: bold) + reset
        }
        return lines.joined(separator: "\n")
    }

    /// `37.979 million RMB` → the number plain and the unit in cyan; `nil` if `line` is not a
    /// number followed by a unit.
    static func quantityWithUnit(_ line: String) -> String? {
        guard let space = line.firstIndex(of: " ") else { return nil }
        let number = line[..<space]
        let unit = line[line.index(after: space)...]
        let numeric = number.allSatisfy { $0.isNumber || "-+.e".contains($0) } && number.contains { $0.isNumber }
        let unitLike = !unit.isEmpty && unit.first?.isLetter == true
            && unit.allSatisfy { $0.isLetter || $0.isNumber || " ^/·*-".contains($0) }
        guard numeric, unitLike else { return nil }
        return number + " " + wrap(String(unit), cyan)
    }

    /// Colours every `(unit)` in a header row, then returns to `resumeWith`.
    private static func unitsInParentheses(_ line: String, resumeWith style: String) -> String {
        var out = ""
        var inside = false
        for c in line {
            if c == "(" && !inside {
                inside = true
                out += "(" + cyan
            } else if c == ")" && inside {
                inside = false
                out += reset + style + ")"
            } else {
                out.append(c)
            }
        }
        return out
    }
}
