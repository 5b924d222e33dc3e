import Foundation

/// One interpreter session: the chain, the bindings made so far, and the output settings.
///
/// `run(source)` lexes, parses and evaluates one input (a REPL entry or a whole script).
/// An input is all-or-nothing: if it fails, the bindings are as they were before it.
/// Work runs on a large stack (``onLargeStack(_:)``), so the parser's and evaluator's depth limits
/// (``Parser/maxDepth``, ``Evaluator/maxCallDepth``) end in diagnostics, never a crash.
public final class Session {
    public private(set) var chain: Chain
    /// Chains loaded with `load … as NAME`, by name (the session's own chain is always there too).
    public private(set) var chains: [String: Chain] = [:]
    public var formatter: Formatter
    /// Relative paths in `load`, `export` and `plot … to` resolve against this directory (a
    /// script's own); `nil`: the current directory.
    public var baseDirectory: String?
    /// Polled at statement, loop and call boundaries; `true` stops the evaluation with `interrupted`.
    public var isInterrupted: () -> Bool = { false }
    /// The most steps one input (a script, an `-e`, a REPL entry) may take: each statement,
    /// each round of a loop and each call of a user function is one. `nil`: no limit. Running
    /// out ends the input with "evaluation budget of N steps exhausted".
    public var maxSteps: Int?
    /// Whether `load` and `export` may read and write files; when `false` they end in a
    /// diagnostic (the fuzz target runs untrusted input this way).
    public var allowsFileAccess = true
    /// Whether the evaluator runs user functions and top-level loops compiled (its fast path);
    /// the tests turn it off to compare with the tree-walking evaluator.
    var usesCompiledCode = true
    var globals: [String: Value] = [:]
    /// Input-output systems by year, kept across inputs so factorisations are reused.
    let models = ModelCache()

    public init(chain: Chain, formatter: Formatter = Formatter()) {
        self.chain = chain
        self.formatter = formatter
    }

    /// What became of one input.
    public struct Outcome {
        /// Problems found, in order; empty on success.
        public var diagnostics: [Diagnostic]
        /// The input ended inside an open bracket, block or string (the REPL asks for more).
        public var isIncomplete: Bool { diagnostics.contains { $0.kind == .unexpectedEndOfInput } }
        public var succeeded: Bool { diagnostics.isEmpty }
        public var wasInterrupted: Bool { diagnostics.contains { $0.kind == .interrupted } }
    }

    /// Runs `source`. Results are passed to `output` one at a time as they are computed.
    /// All syntax errors are reported before anything runs; evaluation stops at the first error.
    public func run(_ source: String, output: @escaping (String) -> Void) -> Outcome {
        runMarked(source, output: { output($0.plain) })
    }

    /// ``run(_:output:)`` with each result's parts marked (numbers, units, headers), for a
    /// renderer that colours them.
    public func runMarked(_ source: String, output: @escaping (Markup) -> Void) -> Outcome {
        let snapshot = globals
        let chain = self.chain
        let chains = self.chains
        let formatter = self.formatter
        let isInterrupted = self.isInterrupted
        let models = self.models
        let baseDirectory = self.baseDirectory
        let maxSteps = self.maxSteps
        let allowsFileAccess = self.allowsFileAccess
        let usesCompiledCode = self.usesCompiledCode
        let outcome: (Outcome, [String: Value], [String: Chain]) = Session.onLargeStack {
            var declared = Session.declaredUnits(chain, chains)
            var (statements, diagnostics) = Parser.parse(source, declaredUnits: declared)
            if !diagnostics.isEmpty, allowsFileAccess {
                // The input may load a chain whose own unit words it then writes: read the
                // manifests of its loads and parse again with their words.
                let loaded = ChainFiles.declaredUnits(loadedBy: Parser.parseRecovering(source, declaredUnits: declared).statements, base: baseDirectory)
                if !loaded.isSubset(of: declared) {
                    declared.formUnion(loaded)
                    (statements, diagnostics) = Parser.parse(source, declaredUnits: declared)
                }
            }
            if !diagnostics.isEmpty { return (Outcome(diagnostics: diagnostics), snapshot, chains) }
            let evaluator = Evaluator(chain: chain, chains: chains, globals: snapshot, formatter: formatter, models: models,
                                      emit: output, isInterrupted: isInterrupted)
            evaluator.baseDirectory = baseDirectory
            evaluator.maxSteps = maxSteps
            evaluator.allowsFileAccess = allowsFileAccess
            evaluator.usesCompiledCode = usesCompiledCode
            do throws(Diagnostic) {
                for s in statements { try evaluator.execute(s) }
            } catch {
                return (Outcome(diagnostics: [error]), snapshot, chains)
            }
            return (Outcome(diagnostics: []), evaluator.globals, evaluator.chains)
        }
        globals = outcome.1
        self.chains = outcome.2
        return outcome.0
    }

    /// The unit words that `chain` and `chains` declare (`new_units`): a script may write them
    /// once the chain is loaded (by `--chain`, by a `load` in an earlier input, or by a `load`
    /// with a literal path in the same input).
    static func declaredUnits(_ chain: Chain, _ chains: [String: Chain]) -> Set<String> {
        Set(chain.newUnits).union(chains.values.flatMap(\.newUnits))
    }

    /// Whether `source` is a complete input, or ends inside an open bracket, block or string.
    public static func isIncomplete(_ source: String) -> Bool {
        onLargeStack { Parser.parse(source).diagnostics.contains { $0.kind == .unexpectedEndOfInput } }
    }

    /// How a single expression was read, fully parenthesised (`-2^2` → `-(2^2)`), when that
    /// differs from what was typed (ignoring spaces); `nil` otherwise or for anything else.
    public static func parsedForm(_ source: String) -> String? {
        onLargeStack { () -> String? in
            let (statements, diagnostics) = Parser.parse(source)
            guard diagnostics.isEmpty, statements.count == 1, case .expression(let e) = statements[0] else { return nil }
            let shown = InfixPrinter.print(e, percentages: true)
            // An echo longer than a line or two would hide the result: skip it.
            guard shown.count <= Session.maxEcho else { return nil }
            // What was typed, token by token (so a `#` inside a string is not a comment).
            guard let tokens = try? Lexer.tokenize(source) else { return nil }
            let scalars = Array(source.unicodeScalars)
            var typed = String.UnicodeScalarView()
            for token in tokens where token.range.start >= 0 && token.range.start <= token.range.end && token.range.end <= scalars.count {
                typed.append(contentsOf: scalars[token.range.start..<token.range.end])
            }
            let squeeze = { (s: String) in s.filter { !$0.isWhitespace } }
            return squeeze(shown) == squeeze(String(typed)) ? nil : shown
        }
    }

    /// The longest echo of a parsed form, in characters.
    public static let maxEcho = 160

    /// Renders diagnostics the way every driver prints them.
    public static func render(_ diagnostics: [Diagnostic], source: String, name: String) -> String {
        markup(diagnostics, source: source, name: name).plain
    }

    /// ``render(_:source:name:)`` with its parts marked (location, severity, caret, hint); the
    /// source's lines are found once for all the diagnostics.
    public static func markup(_ diagnostics: [Diagnostic], source: String, name: String) -> Markup {
        let lines = SourceLines(source)
        return .joined(diagnostics.map { $0.markup(lines: lines, name: name) }, separator: "\n")
    }

    /// The names bound in this session, with a short description of each value.
    public var bindings: [(name: String, summary: String)] {
        globals.keys.sorted().compactMap { name in
            guard let v = globals[name] else { return nil }
            let summary: String
            switch v {
            case .keyed(let k): summary = v.typeName + Session.unitSuffix(k.items)
            case .table(let t): summary = v.typeName + Session.unitSuffix(t.cells.flatMap { $0 })
            case .string(let text): summary = "\"\(text)\""
            default: summary = formatter.inline(v)
            }
            return (name, summary)
        }
    }

    /// ` in UNIT` when every present item has the same, non-empty unit; else nothing.
    private static func unitSuffix(_ items: [Quantity?]) -> String {
        if case .some(let unit) = Formatter.commonUnit(items), let unit, !unit.name.isEmpty { return " in \(unit.name)" }
        return ""
    }

    /// The names bound in this session and whether each is a user function (`fn`), for
    /// completion (a function completes with `(`).
    public var boundNames: [(name: String, isFunction: Bool)] {
        globals.keys.sorted().map { name in
            if case .function = globals[name] { return (name, true) }
            return (name, false)
        }
    }

    /// `chain` in a canonical text form: its manifest, quantities and linkages as
    /// `export CHAIN to "dir/"` writes them, concatenated. Equal chains give equal text, so a
    /// checksum of it identifies the data a saved session ran on (`:save`).
    public static func canonicalText(of chain: Chain) -> String {
        chain.manifestText() + chain.quantitiesText() + chain.linkagesText()
    }

    /// "did you mean 'x'?" for the candidate nearest to `name` by edit distance, if one is
    /// near enough: the same suggestions the language gives, for the REPL's commands and topics.
    public static func suggestion(for name: String, among candidates: [String]) -> String? {
        Suggest.didYouMean(name, among: candidates)
    }

    /// Binds `args`: the script's arguments as a list of strings (`args[1]` is the first).
    public func setArguments(_ arguments: [String]) {
        globals["args"] = .list(arguments.map(Value.string))
    }

    /// Adds a chain beside the session's own, addressed by its name (`vanadium.S3.cost`).
    public func addChain(_ other: Chain) {
        chains[other.name] = other
    }

    /// Forgets every binding.
    public func reset() { globals = [:] }

    /// Runs `body` on a 512 MiB stack: one of its own in the calling thread (``LargeStack``),
    /// else (not Linux, a sanitizer build) on a thread with that stack, waiting for it.
    static func onLargeStack<T>(_ body: @escaping () -> T) -> T {
        let box = ResultBox<T>()
        if LargeStack.run({ box.value = body() }) {
            guard let value = box.value else { return body() }
            return value
        }
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 512 << 20
        thread.start()
        done.wait()
        guard let value = box.value else { return body() }
        return value
    }
}

/// Carries a result from the large-stack thread back to the caller, who waits on a semaphore.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
