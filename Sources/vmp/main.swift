import ArgumentParser
import Foundation
import VMPCore

/// `vmp`: the command line. Parses flags, picks the mode (script, -e, piped stdin, REPL)
/// and maps outcomes to exit codes: 0 success, 1 error in the input, 2 usage, 130 interrupted.
///
/// `vmp check FILE…` is a subcommand only as the very first argument: `vmp check.vmp` runs
/// the script `check.vmp`, and a script named plain `check` runs as `vmp ./check`.
struct VMP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vmp",
        abstract: "A language for the Material-Product (M-P) chain model of an industry.",
        discussion: """
            With no FILE and a terminal, starts the REPL; with standard input from a pipe or file, \
            runs it as a script. Options go anywhere; arguments after FILE reach the script as \
            `args` (put `--` before any that start with a dash). The built-in chain is China's \
            vanadium M-P chain, 2015-2022; with --chain it stays available as `vanadium`. Exit status: 0 success, 1 an error in the input, \
            2 a usage error, 130 interrupted.

            `vmp check FILE...` checks scripts without running them (see `vmp check --help`). \
            `check` is a command only as the first argument: `vmp check.vmp` runs that script, \
            and a script named `check` runs as `vmp ./check`. `vmp lesson [NAME|FILE]` lists \
            the lessons or starts one (see `vmp lesson --help`), likewise only as the first argument.
            """,
        version: BuildInfo.configurationVersion())

    @Argument(help: "A .vmp script to run.", completion: .file(extensions: ["vmp"]))
    var file: String?

    @Argument(help: ArgumentHelp("Arguments for the script, as the list `args`.", valueName: "arg"))
    var scriptArguments: [String] = []

    @Option(name: .short, parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Evaluate an expression or statement (repeatable).", valueName: "expr"))
    var e: [String] = []

    @Flag(name: .short, help: "Stay interactive after running FILE or -e (the REPL, in the same session).")
    var interactive = false

    @OptionGroup var chainOptions: ChainOptions

    @Option(help: "Round every computed number to N significant digits (1-17); by default long results show 12, 6 in tables.")
    var precision: Int?

    @Option(help: "How results print: table (aligned text), json (one JSON document per line, with units and sources), csv, or md.")
    var format: FormatOption = .table

    @Option(help: "Columns of terminal plots, help text and wide tables (\(PlotLimits.widths.lowerBound)-\(PlotLimits.widths.upperBound); default: the terminal's width, 80 when output is not a terminal).")
    var width: Int?
    @Option(help: ArgumentHelp(
        "Stop an input (a script, an -e, a REPL entry) after N steps: each statement, round of a loop and function call is one.",
        valueName: "N"))
    var maxSteps: Int?

    @Flag(help: .hidden)
    var dumpReference = false

    /// Regenerates `Sources/VMPCore/Chain/BuiltInChainData.swift` from the resource folder.
    @Flag(help: .hidden)
    var dumpBuiltinChain = false

    func validate() throws {
        if let precision, !(1...17).contains(precision) { throw ValidationError("--precision must be between 1 and 17") }
        if let width, !PlotLimits.widths.contains(width) {
            throw ValidationError("--width must be between \(PlotLimits.widths.lowerBound) and \(PlotLimits.widths.upperBound)")
        }
        if file != nil && !e.isEmpty { throw ValidationError("give either a FILE or -e, not both") }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
    }

    static func main() {
        if let status = refuseInvalidUTF8Arguments() { Foundation.exit(status) }
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = fileNameReadAsFlags(arguments) {
            FileHandle.standardError.write(Data("vmp: error: \(message)\n".utf8))
            Foundation.exit(2)
        }
        do {
            switch try root(for: arguments).parseAsRoot(arguments) {
            case let command as VMP:
                Foundation.exit(command.execute())
            case let command as Check:
                Foundation.exit(command.execute())
            case let command as LessonCommand:
                Foundation.exit(command.execute())
            case var other:
                try other.run()
                Foundation.exit(0)
            }
        } catch {
            let root = VMP.root(for: arguments)
            let message = root.fullMessage(for: error)
            if root.exitCode(for: error) == .success {
                print(message)
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }

    /// Arguments are decoded by Swift with invalid bytes replaced, so `-e` source with invalid
    /// UTF-8 would reach the lexer as U+FFFD: read the raw bytes first. An `-e` source is
    /// reported as a script is (`-e#N:line:col: error: invalid UTF-8 …`, status 1); any other
    /// argument is a usage error (status 2). `nil` when every argument is UTF-8.
    static func refuseInvalidUTF8Arguments() -> Int32? {
        var sources = 0
        var previous = ""
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = Data(bytes: pointer, count: strlen(pointer))
            let isSource = previous == "-e"
            if isSource { sources += 1 }
            switch SourceText.decode(bytes) {
            case .success(let text):
                previous = text
            case .failure(let bad):
                let console = Console.standard(.auto)
                if isSource {
                    console.error(ScriptFile.invalidUTF8(bad, name: "-e#\(sources)", of: "the argument"))
                    return 1
                }
                console.error("argument \(index) is not valid UTF-8 (byte \(bad.byte))")
                return 2
            }
        }
        return nil
    }

    /// A script name that starts with one dash (`-dash.vmp`) would be read as bundled short
    /// flags (`-d -a -s -h …`, and `-h` prints the help with status 0): refuse it with the way
    /// to run such a file. Only arguments before `--` count, and never the source after `-e`.
    static func fileNameReadAsFlags(_ arguments: [String]) -> String? {
        var previous = ""
        for argument in arguments {
            if argument == "--" { return nil }
            defer { previous = argument }
            guard previous != "-e", argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 2,
                  argument.hasSuffix(".vmp") || argument.contains("/") else { continue }
            return "'\(argument)' would be read as the flags \(argument.dropFirst().prefix(4).map { "-\($0)" }.joined(separator: " ")) …; "
                + "to run a file whose name starts with '-', write: vmp -- \(argument)  (or vmp ./\(argument))"
        }
        return nil
    }

    /// The root command: `check` and `lesson` are subcommands only as the first argument.
    static func root(for arguments: [String]) -> ParsableCommand.Type {
        switch arguments.first {
        case "check": return CheckCommandRoot.self
        case "lesson": return LessonCommandRoot.self
        default:
            return arguments.contains { $0.hasPrefix("--generate-completion-script") } ? CompletionRoot.self : VMP.self
        }
    }

    /// The width of the terminal on standard output, `nil` if it is not a terminal.
    static func terminalColumns() -> Int? {
        guard isatty(1) == 1 else { return nil }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    func execute() -> Int32 {
        if dumpReference {
            print(Reference.markdown(), terminator: "")
            return 0
        }
        if dumpBuiltinChain {
            do {
                print(try Chain.vanadiumSwiftSource(), terminator: "")
                return 0
            } catch {
                Console.standard(chainOptions.color).error("\(error)")
                return 1
            }
        }
        let console = Console.standard(chainOptions.color)
        guard let session = chainOptions.session(console: console) else { return 1 }
        session.formatter = Formatter(precision: precision, style: format.style)
        session.formatter.plotWidth = PlotLimits.clamp(width: width ?? VMP.terminalColumns() ?? 80)
        session.maxSteps = maxSteps
        // Tables wrap by column groups at the terminal's width or --width; a pipe gets them whole.
        session.formatter.tableWidth = (width ?? VMP.terminalColumns()).map { max(40, $0) }
        let terminal = isatty(0) == 1 && isatty(1) == 1

        var status: Int32 = 0
        if !e.isEmpty {
            for (i, source) in e.enumerated() {
                status = Runner.run(source, name: "-e#\(i + 1)", in: session, console: console)
                if status != 0 { break }
            }
        } else if let file {
            let source: String
            switch ScriptFile.source(file) {
            case .success(let text): source = text
            case .failure(let problem):
                console.error(problem.markup)
                return 1
            }
            session.setArguments(scriptArguments)
            session.baseDirectory = URL(fileURLWithPath: file).deletingLastPathComponent().path
            status = Runner.run(script: source, name: file, in: session, console: console)
            session.baseDirectory = nil
        } else if terminal {
            return REPL(session: session, console: console, chainPath: chainOptions.chainPath).run()
        } else {
            return Runner.run(file: "-", name: "<stdin>", in: session, console: console)
        }
        guard interactive else { return status }
        // -i: the session goes on, at the prompt or (without a terminal) reading standard input.
        if terminal {
            return REPL(session: session, console: console, chainPath: chainOptions.chainPath).run(banner: false)
        }
        return Runner.run(file: "-", name: "<stdin>", in: session, console: console)
    }
}

/// `vmp check FILE…`: parses each script and resolves its names without running it.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check scripts without running them.",
        discussion: """
            Parses each FILE and resolves its names (variables, functions, stages, quantities, \
            units) against the chain, without running anything. Every problem of every file is \
            reported with its position. Exit status: 0 if all files are sound, 1 if any is not, \
            2 a usage error.
            """)

    @Argument(help: "The .vmp scripts to check (none: check the --chain alone and show what loading it derived).",
              completion: .file(extensions: ["vmp"]))
    var files: [String] = []

    @OptionGroup var chainOptions: ChainOptions

    func execute() -> Int32 {
        let console = Console.standard(chainOptions.color)
        guard let chain = chainOptions.chain(console: console) else { return 1 }
        if files.isEmpty {
            guard let path = chainOptions.chainPath else {
                console.error("vmp check needs scripts to check, or --chain with a chain to check")
                return 2
            }
            // The chain loaded: say so, with what the loader derived (stage ids from names).
            print("\(path): chain \(chain.name), \(chain.stages.count) stages, \(chain.years.lowerBound == chain.years.upperBound ? "\(chain.years.lowerBound)" : "\(chain.years.lowerBound)..\(chain.years.upperBound)"): loads without errors")
            for note in chain.notes { print("note: \(note)") }
            return 0
        }
        var failed = false
        for file in files {
            switch ScriptFile.source(file) {
            case .success(let source):
                let diagnostics = Checker.check(source, chain: chain, otherChains: chain.name == "vanadium" ? [] : ["vanadium"],
                                                baseDirectory: URL(fileURLWithPath: file).deletingLastPathComponent().path)
                if !diagnostics.isEmpty {
                    console.error(Session.markup(diagnostics, source: source, name: file))
                    failed = true
                }
            case .failure(let problem):
                console.error(problem.markup)
                failed = true
            }
        }
        return failed ? 1 : 0
    }
}

/// The root that `vmp check …` is parsed with: `check` is its only subcommand, so the help
/// says `vmp check`. (A root with positional arguments, like ``VMP``, never looks for one.)
struct CheckCommandRoot: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vmp", subcommands: [Check.self])
}

/// The command tree the shell completion scripts are generated from
/// (`vmp --generate-completion-script bash|zsh|fish`): vmp's options and FILE, and the
/// `check` command. ``VMP`` itself has no subcommands (a root with positional arguments
/// never looks for one), so its own script would not offer `check`.
struct CompletionRoot: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vmp", version: BuildInfo.configurationVersion(), subcommands: [Check.self])
    @OptionGroup var options: VMP
}

/// `--chain` and `--color`, shared by `vmp` and `vmp check`.
struct ChainOptions: ParsableArguments {
    @Option(name: .customLong("chain"), help: ArgumentHelp(
        "A chain manifest (chain.toml, or its directory) to use instead of the built-in chain.", valueName: "path"),
            completion: .file())
    var chainPath: String?

    @Option(name: .customLong("year"), help: ArgumentHelp(
        "The year of a --chain table that has none (a pymrio folder, a wide table without a year).", valueName: "year"))
    var year: Int?

    @Option(name: .customLong("color"), help: ArgumentHelp(
        "When to colour prompts, errors, units and table headers: auto (a terminal, unless NO_COLOR is set or TERM=dumb), always, or never.",
        valueName: "when"))
    var color: ColourMode = .auto

    /// `--year` says which year a `--chain` table without one is for: alone it would be
    /// ignored without a word (the built-in chain has its years).
    func validate() throws {
        if year != nil && chainPath == nil {
            throw ValidationError("--year goes with --chain: it is the year of a --chain table that has none")
        }
    }

    /// The chain to work on, or `nil` after reporting why it cannot be loaded.
    func chain(console: Console) -> Chain? {
        do {
            if let chainPath { return try Chain.load(manifest: chainPath, year: year) }
            return try Chain.vanadium()
        } catch {
            if let error = error as? ChainLoadError, chainPath != nil {
                console.error(error.markup)
            } else {
                console.error(chainPath == nil ? "cannot load the built-in dataset: \(error)" : "\(error)")
            }
            return nil
        }
    }

    /// A session on the chain, with the built-in chain beside it as `vanadium` if it is not
    /// the session's own.
    func session(console: Console) -> Session? {
        guard let chain = chain(console: console) else { return nil }
        let session = Session(chain: chain)
        if chain.name != "vanadium", let builtIn = try? Chain.vanadium() { session.addChain(builtIn) }
        return session
    }
}

/// The values of `--format`.
enum FormatOption: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv, md

    var style: OutputStyle {
        switch self {
        case .table: return .table
        case .json: return .json
        case .csv: return .csv
        case .md: return .markdown
        }
    }
}

/// Runs whole sources (scripts, -e, piped input) and reports their errors.
enum Runner {
    /// Reads `file` (`-`: standard input) as a script and runs it.
    static func run(file: String, name: String, in session: Session, console: Console) -> Int32 {
        switch ScriptFile.source(file, name: name) {
        case .success(let source): return run(script: source, name: name, in: session, console: console)
        case .failure(let problem):
            console.error(problem.markup)
            return 1
        }
    }

    /// Runs a script's text, after warning if it was saved on other data (`:save`).
    static func run(script source: String, name: String, in session: Session, console: Console) -> Int32 {
        SessionFile.warnAboutDataset(of: source, name: name, session: session, console: console)
        return run(source, name: name, in: session, console: console)
    }

    static func run(_ source: String, name: String, in session: Session, console: Console) -> Int32 {
        let outcome = session.runMarked(source, output: { console.result($0) })
        if outcome.succeeded { return 0 }
        console.error(Session.markup(outcome.diagnostics, source: source, name: name))
        return outcome.wasInterrupted ? 130 : 1
    }
}

VMP.main()
