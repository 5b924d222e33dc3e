import Foundation
import Testing
import VMPCore
@testable import vmp

/// A line reader that types the given lines, then ends the input (Ctrl-D).
final class ScriptedReader: LineReader {
    private var lines: [String]
    private(set) var history: [String] = []
    /// Called with the prompt and the line each time a line is read.
    var onRead: (String, String) -> Void = { _, _ in }

    init(_ lines: [String]) { self.lines = lines }

    func read(prompt: String) -> LineEvent {
        guard !lines.isEmpty else { return .endOfInput }
        let line = lines.removeFirst()
        onRead(prompt, line)
        return .line(line)
    }

    func addHistory(_ entry: String) { history.append(entry) }
    func close() {}
}

/// Collects what a console writes, in order, from whichever thread writes it.
final class Capture: @unchecked Sendable {
    private let lock = NSLock()
    private var all = ""
    private var out = ""

    var text: String { lock.withLock { all } }
    var standardOutput: String { lock.withLock { out } }

    func write(_ s: String, toStandardOutput: Bool) {
        lock.withLock {
            all += s
            if toStandardOutput { out += s }
        }
    }

    /// A console without colour that writes here.
    var console: Console {
        Console(colourOut: false, colourErr: false,
                writeOut: { self.write($0, toStandardOutput: true) }, writeErr: { self.write($0, toStandardOutput: false) })
    }
}

/// Runs the REPL in-process on scripted input, as the terminal would show it (prompts and
/// typed lines included, no banner, no colour).
struct InProcessREPL {
    let capture = Capture()
    let repl: REPL

    init(chainPath: String? = nil) throws {
        let session = Session(chain: try Chain.vanadium())
        repl = REPL(session: session, console: capture.console, chainPath: chainPath, handlesSignals: false)
    }

    @discardableResult
    func type(_ lines: [String]) -> String {
        let reader = ScriptedReader(lines)
        reader.onRead = { [capture] prompt, line in capture.write(prompt + line + "\n", toStandardOutput: false) }
        _ = repl.run(reader: reader, banner: false)
        return capture.text
    }
}

/// Transcript tests: each file in `Transcripts/` is a REPL session as the terminal shows it.
/// Lines starting `vmp> ` or `...> ` are typed; every other line is what vmp printed
/// (results and errors, in order). Comment lines at the top describe the file. `$TMP` stands
/// for a fresh temporary directory. `VMP_RECORD_TRANSCRIPTS=1` rewrites the files.
@Suite struct REPLTranscriptTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Transcripts")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }

    @Test(arguments: files)
    func transcript(_ file: String) throws {
        let url = Self.directory.appendingPathComponent(file)
        let expected = try String(contentsOf: url, encoding: .utf8)
        let lines = expected.components(separatedBy: "\n")
        let header = lines.prefix { $0.hasPrefix("#") }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-transcript-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }

        let typed = lines.dropFirst(header.count).compactMap { line -> String? in
            for prompt in [REPL.prompt, REPL.continuationPrompt] where line.hasPrefix(prompt) || line == prompt.trimmingCharacters(in: .whitespaces) {
                return String(line.dropFirst(prompt.count)).replacingOccurrences(of: "$TMP", with: temporary.path)
            }
            return nil
        }
        let session = try InProcessREPL().type(typed)
        let produced = (header + [session.replacingOccurrences(of: temporary.path, with: "$TMP")]).joined(separator: "\n")
        if ProcessInfo.processInfo.environment["VMP_RECORD_TRANSCRIPTS"] != nil {
            try produced.write(to: url, atomically: true, encoding: .utf8)
        }
        #expect(produced == expected, "transcript \(file) differs")
    }
}
