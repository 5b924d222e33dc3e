import Foundation
import TOMLKit

/// A lesson: steps of text, each optionally asking the student for an expression whose value
/// is checked against the step's own expected expression (the format is in docs/lessons.md).
public struct Lesson: Sendable, Equatable {
    /// The name it is started by: the file name without `.toml`.
    public var name: String
    public var title: String
    /// One line for `vmp lesson`'s list.
    public var summary: String
    /// Position in the list (lower first; then by name).
    public var order: Int
    public var steps: [Step]

    /// One step: a short text and, for an exercise, the task and its expected answer.
    public struct Step: Sendable, Equatable {
        public var text: String
        /// What the student is asked to type; `nil` for a step that only explains.
        public var task: String?
        /// A vmp expression; the student's input is right when `(input) == (answer)` is true
        /// (with `digits`: when both, rounded to that many decimals, are equal).
        public var answer: String?
        public var hint: String?
        /// Round both values to this many decimal places before comparing.
        public var digits: Int?
        public var isExercise: Bool { answer != nil }
    }

    /// A lesson file that cannot be read: the file, line (0: unknown) and message.
    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
    }

    /// Reads a lesson file (TOML: `title`, `summary`, `order`, and `[[step]]` tables with
    /// `text`, `task`, `answer`, `hint`, `digits`).
    /// - Throws: ``LoadError`` for unreadable files, invalid TOML, unknown or missing keys,
    ///   values of the wrong type, an exercise without `task`, or an answer that does not parse.
    public static func load(path: String) throws(LoadError) -> Lesson {
        let url = URL(fileURLWithPath: path)
        let name = url.deletingPathExtension().lastPathComponent
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw LoadError(file: path, line: 0, message: "cannot read the lesson file")
        }
        return try parse(text, name: name, file: path)
    }

    /// Parses a lesson's TOML text (see ``load(path:)``).
    public static func parse(_ text: String, name: String, file: String) throws(LoadError) -> Lesson {
        let toml: TOMLTable
        do {
            toml = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw LoadError(file: file, line: max(1, error.source.begin.line), message: "invalid TOML: \(error.description)")
        } catch {
            throw LoadError(file: file, line: 0, message: "invalid TOML: \(error)")
        }
        func fail(_ message: String) -> LoadError { LoadError(file: file, line: 0, message: message) }
        for key in toml.keys where !["title", "summary", "order", "step"].contains(key) {
            throw fail("unknown key \"\(key)\" (expected title, summary, order, step)")
        }
        guard let title = toml["title"]?.string else { throw fail("missing title = \"…\"") }
        let summary = toml["summary"]?.string ?? ""
        let order = toml["order"]?.int ?? 100
        guard let array = toml["step"]?.array, !array.isEmpty else { throw fail("a lesson needs at least one [[step]]") }
        var steps: [Step] = []
        for (i, item) in array.enumerated() {
            let where_ = "step \(i + 1)"
            guard let table = item.table else { throw fail("\(where_) must be a table ([[step]])") }
            for key in table.keys where !["text", "task", "answer", "hint", "digits"].contains(key) {
                throw fail("unknown key \"\(key)\" in \(where_) (expected text, task, answer, hint, digits)")
            }
            func string(_ key: String) throws(LoadError) -> String? {
                guard let value = table[key] else { return nil }
                guard let s = value.string else { throw fail("\(key) in \(where_) must be a string") }
                return s
            }
            guard let text = try string("text") else { throw fail("missing text in \(where_)") }
            let step = Step(text: text.trimmingCharacters(in: .whitespacesAndNewlines), task: try string("task"),
                            answer: try string("answer"), hint: try string("hint"), digits: table["digits"]?.int)
            if step.answer != nil && step.task == nil { throw fail("\(where_) has an answer but no task") }
            if step.task != nil && step.answer == nil { throw fail("\(where_) has a task but no answer") }
            if let digits = step.digits, !(0...15).contains(digits) { throw fail("digits in \(where_) must be between 0 and 15") }
            if let answer = step.answer, !Parser.parse(answer).diagnostics.isEmpty {
                throw fail("the answer of \(where_) is not a vmp expression: \(answer)")
            }
            steps.append(step)
        }
        return Lesson(name: name, title: title, summary: summary, order: order, steps: steps)
    }

    /// The lessons shipped with vmp (the package resource `lessons`), in their order.
    /// - Throws: ``LoadError`` if the resource folder is missing or a lesson is malformed.
    public static func builtIn() throws(LoadError) -> [Lesson] {
        guard let directory = builtInDirectory() else {
            throw LoadError(file: "vmp_VMPCore.resources/lessons", line: 0, message: "the lessons were not found next to the executable")
        }
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
        var lessons: [Lesson] = []
        for file in files { lessons.append(try load(path: directory + "/" + file)) }
        return lessons.sorted { $0.order != $1.order ? $0.order < $1.order : $0.name < $1.name }
    }

    /// The folder of the shipped lessons, found like the built-in chain (next to the executable,
    /// or where `Scripts/install` put the resources).
    static func builtInDirectory() -> String? {
        for base in Chain.executableDirectories() + Chain.installedDataDirectories() {
            for bundle in Chain.resourceBundleNames {
                let candidate = base.appendingPathComponent(bundle).appendingPathComponent("lessons").path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue { return candidate }
            }
        }
        return nil
    }

    /// A shipped lesson by name, or a lesson file when `nameOrPath` ends in `.toml` or names a file.
    public static func find(_ nameOrPath: String) throws(LoadError) -> Lesson {
        if nameOrPath.hasSuffix(".toml") || nameOrPath.contains("/") { return try load(path: nameOrPath) }
        let lessons = try builtIn()
        if let lesson = lessons.first(where: { $0.name == nameOrPath }) { return lesson }
        var message = "no lesson \(nameOrPath) (lessons: \(lessons.map(\.name).joined(separator: ", ")))"
        if let hint = Suggest.didYouMean(nameOrPath, among: lessons.map(\.name)) { message += "; \(hint)" }
        throw LoadError(file: nameOrPath, line: 0, message: message)
    }
}

/// Where a student's place in each lesson is kept: `$XDG_STATE_HOME/vmp/lessons/NAME`
/// (else `~/.local/state/vmp/lessons/NAME`), holding the number of the next step.
public struct LessonProgress: Sendable {
    public var directory: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            directory = state + "/vmp/lessons"
        } else {
            directory = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state/vmp/lessons"
        }
    }

    /// The saved step (0-based) of lesson `name`, 0 if none.
    public func step(of name: String) -> Int {
        guard let data = FileManager.default.contents(atPath: directory + "/" + name),
              let text = String(data: data, encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("step = ") {
            return Int(line.dropFirst("step = ".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        return 0
    }

    /// Saves lesson `name`'s next step; a failure to write is returned as a message.
    public func save(_ step: Int, of name: String) -> String? {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return "cannot keep lesson progress in \(directory): \(error.localizedDescription)"
        }
        do throws(WriteError) {
            try AtomicFile.write("# vmp lesson progress\nstep = \(step)\n", to: directory + "/" + name, overwrite: true)
        } catch {
            return "cannot keep lesson progress: \(error)"
        }
        return nil
    }
}
