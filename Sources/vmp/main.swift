import ArgumentParser
import Foundation
import VMPCore

/// `vmp`: the command line. Parses flags, picks the mode (script, -e, piped stdin, REPL)
/// and maps outcomes to exit codes: 0 success, 1 error in the input, 2 usage, 130 interrupted.
struct VMP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vmp",
        abstract: "A language for the Material-Product (M-P) chain model of an industry.",
        discussion: """
            With no FILE and a terminal, starts the REPL; with standard input from a pipe or file, \
            runs it as a script. The built-in chain is China's vanadium M-P chain, 2015-2022.
            """,
        version: "vmp 0.1.0")

    @Argument(help: "A .vmp script to run.")
    var file: String?

    @Option(name: .short, parsing: .unconditionalSingleValue, help: "Evaluate an expression or statement (repeatable).")
    var e: [String] = []

    @Option(help: "Significant digits for computed numbers (1-17).")
    var precision: Int = 6

    @Option(name: .customLong("chain"), help: ArgumentHelp(
        "A chain manifest (chain.toml, or its directory) to use instead of the built-in chain.",
        discussion: "The built-in chain stays available as `vanadium`.", valueName: "path"))
    var chainPath: String?

    @Option(help: "How results print: table (aligned text), json (one JSON document per line, with units and sources), csv, or md.")
    var format: FormatOption = .table

    func validate() throws {
        guard (1...17).contains(precision) else { throw ValidationError("--precision must be between 1 and 17") }
        if file != nil && !e.isEmpty { throw ValidationError("give either a FILE or -e, not both") }
    }

    static func main() {
        let command: VMP
        do {
            command = try VMP.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            let code = VMP.exitCode(for: error)
            let message = VMP.fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
        Foundation.exit(command.execute())
    }

    func execute() -> Int32 {
        let chain: Chain
        if let chainPath {
            do {
                chain = try Chain.load(manifest: chainPath)
            } catch {
                Output.error("\(error)")
                return 1
            }
        } else {
            do {
                chain = try Chain.vanadium()
            } catch {
                Output.error("vmp: error: cannot load the built-in dataset: \(error)")
                return 1
            }
        }
        let session = Session(chain: chain, formatter: Formatter(precision: precision, style: format.style))
        if chain.name != "vanadium", let builtIn = try? Chain.vanadium() {
            // The built-in chain stays available beside the user's, as `vanadium`.
            session.addChain(builtIn)
        }
        if !e.isEmpty {
            for (i, source) in e.enumerated() {
                let status = Runner.run(source, name: "-e#\(i + 1)", in: session)
                if status != 0 { return status }
            }
            return 0
        }
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                Output.error("vmp: error: cannot read '\(file)'")
                return 1
            }
            session.baseDirectory = URL(fileURLWithPath: file).deletingLastPathComponent().path
            return Runner.run(data: data, name: file, in: session)
        }
        if isatty(0) == 1 && isatty(1) == 1 {
            return REPL(session: session).run()
        }
        return Runner.run(data: FileHandle.standardInput.readDataToEndOfFile(), name: "<stdin>", in: session)
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
    static func run(data: Data, name: String, in session: Session) -> Int32 {
        switch SourceText.decode(data) {
        case .success(let source):
            return run(source, name: name, in: session)
        case .failure(let problem):
            Output.error("\(name):\(problem.line):\(problem.column): error: invalid UTF-8 (byte \(problem.byte) of the file)")
            return 1
        }
    }

    static func run(_ source: String, name: String, in session: Session) -> Int32 {
        let outcome = session.run(source) { Output.line($0) }
        if outcome.succeeded { return 0 }
        Output.error(Session.render(outcome.diagnostics, source: source, name: name))
        return outcome.wasInterrupted ? 130 : 1
    }
}

VMP.main()
