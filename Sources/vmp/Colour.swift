import ArgumentParser
import Foundation
import VMPCore

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

    /// Marked-up text with ANSI colour by kind: numbers plain, units cyan, a table's header
    /// row bold (its units cyan), the location of a diagnostic bold, `error` red, `warning`
    /// yellow, `note` and `hint:` cyan, the caret red. Colour only ever reaches a terminal or
    /// `--color=always`.
    static func render(_ markup: Markup) -> String {
        var out = ""
        var bold = false  // a header row's bold, left open across its parts
        func closeBold() {
            if bold { out += reset; bold = false }
        }
        for part in markup.parts {
            switch part.kind {
            case .header:
                // Per line, so the reset comes before each line break.
                for (i, piece) in part.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    if i > 0 { closeBold(); out += "\n" }
                    if !piece.isEmpty {
                        if !bold { out += Colour.bold; bold = true }
                        out += piece
                    }
                }
            case .unit:
                out += cyan + part.text + reset
                bold = false
            default:
                closeBold()
                switch part.kind {
                case .location: out += wrap(part.text, Colour.bold)
                case .severity(.error), .caret: out += wrap(part.text, red)
                case .severity(.warning): out += wrap(part.text, yellow)
                case .severity(.note), .hint: out += wrap(part.text, cyan)
                default: out += part.text
                }
            }
        }
        closeBold()
        return out
    }
}
