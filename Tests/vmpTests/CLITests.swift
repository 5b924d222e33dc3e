import Foundation
import Testing

/// Runs the built `vmp` executable and collects what it prints and its exit status.
struct VMPProcess {
    /// The package root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `vmp` binary beside the test bundle (whatever scratch path the tests were built in).
    static var binary: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("vmp"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("vmp"),
            root.appendingPathComponent(".build/debug/vmp"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` (by default the built `vmp`) in `directory` (by default the package root).
    static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
                    executable: URL? = nil, directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Feed stdin and drain both outputs concurrently so large inputs and outputs never deadlock.
        let writer = Thread {
            if let stdin { input.fileHandleForWriting.write(stdin) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let errDone = DispatchSemaphore(value: 0)
        let errReader = Thread {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            errDone.signal()
        }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errDone.wait()
        let errData = errBox.data
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

@Suite struct CLITests {
    /// Each main script prints exactly its committed golden output (`Tests/vmpTests/Golden/NAME.out`).
    @Test(arguments: ["paper", "shocks", "lecture"])
    func scriptMatchesItsGoldenOutput(name: String) throws {
        let result = try VMPProcess.run(["Scripts/\(name).vmp"])
        let expected = try String(contentsOf: VMPProcess.root.appendingPathComponent("Tests/vmpTests/Golden/\(name).out"), encoding: .utf8)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == expected)
    }

    @Test func expressionFlag() throws {
        let r = try VMPProcess.run(["-e", "S3.cost[2019]", "-e", "-2^2"])
        #expect(r.status == 0)
        #expect(r.stdout == "37.979 million RMB\n-4\n")
    }

    @Test func standardInputRunsWithoutTheLineEditor() throws {
        let r = try VMPProcess.run([], stdin: Data("S3.cost[2019]\nlink(S2, S3)[2022]\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout == "37.979 million RMB\n0.133\n")
        #expect(!r.stdout.contains("vmp>"))
        #expect(!r.stdout.contains("\u{1B}"))
    }

    @Test func scriptErrorExitsOneAndKeepsEarlierOutput() throws {
        let r = try VMPProcess.run([], stdin: Data("1 + 1\n1 / 0\n2 + 2\n".utf8))
        #expect(r.status == 1)
        #expect(r.stdout == "2\n")
        #expect(r.stderr == "<stdin>:2:3: error: division by zero\n  1 / 0\n    ^\n")
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try VMPProcess.run(["--no-such-flag"]).status == 2)
        #expect(try VMPProcess.run(["--precision", "0", "-e", "1"]).status == 2)
        #expect(try VMPProcess.run(["x.vmp", "-e", "1"]).status == 2)
        // A newcomer's finding: --year without --chain was ignored without a word.
        let year = try VMPProcess.run(["--year", "2020", "-e", "1"])
        #expect(year.status == 2 && year.stderr.contains("--year goes with --chain"), "\(year.stderr)")
        let help = try VMPProcess.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: vmp"))
        #expect(try VMPProcess.run(["--version"]).stdout == "vmp 0.1.0 (built from a checkout; commit unknown)\n")
    }

    /// Newcomer report: `vmp -dash.vmp` printed the help with status 0 (read as `-d -a -s -h …`).
    @Test func scriptNameStartingWithADashIsNotReadAsFlags() throws {
        let r = try VMPProcess.run(["-dash.vmp"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "vmp: error: '-dash.vmp' would be read as the flags -d -a -s -h …; to run a file whose name starts with '-', write: vmp -- -dash.vmp  (or vmp ./-dash.vmp)\n")
        #expect(try VMPProcess.run(["check", "-x/y.vmp"]).status == 2)
        // After `--` and as the source of -e such text is not a flag.
        #expect(try VMPProcess.run(["-e", "-1.vmp"]).status == 1, "-e's source is a script (an error there, status 1)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-dash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("print 7\n".utf8).write(to: dir.appendingPathComponent("-dash.vmp"))
        let ran = try VMPProcess.run(["--", "-dash.vmp"], directory: dir)
        #expect(ran.status == 0 && ran.stdout == "7\n")
    }

    @Test func missingFileIsAnInputError() throws {
        let r = try VMPProcess.run(["no/such/file.vmp"])
        #expect(r.status == 1)
        #expect(r.stderr == "vmp: error: cannot read 'no/such/file.vmp': no such file\n")
    }

    @Test func scriptFilesSayWhyTheyCannotBeRead() throws {
        let dir = try VMPProcess.run(["Scripts"])
        #expect(dir.status == 1)
        #expect(dir.stderr == "vmp: error: cannot read 'Scripts': it is a directory\n")
        let dash = try VMPProcess.run(["-"], stdin: Data("S3.cost[2019]\n".utf8))
        #expect(dash.status == 0)
        #expect(dash.stdout == "37.979 million RMB\n")
    }

    @Test func precisionFlag() throws {
        #expect(try VMPProcess.run(["--precision", "3", "-e", "1/3"]).stdout == "0.333\n")
    }

    /// Every file in Malformed/ ends in exactly the diagnostic committed beside it, exit 1.
    @Test(arguments: try FileManager.default.contentsOfDirectory(atPath: VMPProcess.root.appendingPathComponent("Tests/vmpTests/Malformed").path)
        .filter { $0.hasSuffix(".vmp") }.sorted())
    func malformedInputEndsInItsDiagnostic(file: String) throws {
        let path = "Tests/vmpTests/Malformed/" + file
        let expected = try String(contentsOf: VMPProcess.root.appendingPathComponent(String(path.dropLast(4)) + ".err"), encoding: .utf8)
        let r = try VMPProcess.run([path])
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr == expected)
    }

    @Test func hundredThousandNestedBrackets() throws {
        let source = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let r = try VMPProcess.run([], stdin: Data(source.utf8))
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("<stdin>:1:202: error: nesting is too deep (more than 200 levels)"))
    }

    @Test func tenMegabyteLine() throws {
        let text = String(repeating: "a", count: 10_000_000)
        let r = try VMPProcess.run([], stdin: Data("let s = \"\(text)\"\n1 t\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout == "1 t\n")
        let chain = "1" + String(repeating: " + 1", count: 2_500_000) + "\n"
        #expect(chain.utf8.count > 10_000_000)
        let long = try VMPProcess.run([], stdin: Data(chain.utf8))
        #expect(long.status == 1)
        #expect(long.stderr.hasPrefix("<stdin>:1:40003: error: expression is too long (more than 10000 operators in a row)"))
        #expect(long.stderr.count < 1000)
        let bad = String(repeating: "1 + ", count: 2_500_000) + "@\n"
        let e = try VMPProcess.run([], stdin: Data(bad.utf8))
        #expect(e.status == 1)
        #expect(e.stderr.hasPrefix("<stdin>:1:10000001: error: unexpected character '@'"))
        #expect(e.stderr.count < 1000)
    }

    @Test func invalidUTF8IsReportedWithItsPosition() throws {
        var bytes = Data("S3.cost[2019]\nlet x = \"ab".utf8)
        bytes.append(contentsOf: [0xFF, 0x22, 0x0A])
        let r = try VMPProcess.run([], stdin: bytes)
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr == "<stdin>:2:12: error: invalid UTF-8 (byte 26 of the file)\n")
    }

    /// `-e` with invalid UTF-8 is reported as a script's would be, never as U+FFFD; nothing runs.
    /// (Swift strings cannot carry the bytes, so a shell passes them.)
    @Test func invalidUTF8InAnArgument() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" -e 1 -e \"$(printf 'ab\\377')\"; echo \"status $?\"; \"$0\" \"$(printf '\\377')\"; echo \"status $?\"",
                             VMPProcess.binary.path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stdout == "status 1\nstatus 2\n")
        #expect(stderr == "-e#2:1:3: error: invalid UTF-8 (byte 3 of the argument)\nvmp: error: argument 1 is not valid UTF-8 (byte 1)\n")
    }

    @Test func hugeNumbersEndInDiagnostics() throws {
        for (source, message) in [("1e999", "out of range"), ("1e308 * 1e308", "multiplication overflows"), ("2^1e6", "power overflows")] {
            let r = try VMPProcess.run(["-e", source])
            #expect(r.status == 1, "\(source)")
            #expect(r.stderr.contains(message), "\(source): \(r.stderr)")
        }
    }

    @Test func deepRecursionEndsInADiagnostic() throws {
        let r = try VMPProcess.run(["-e", "fn f(n) = if n == 0 then 0 else 1 + f(n - 1)\nf(100000)"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("recursion is too deep"))
    }
}
