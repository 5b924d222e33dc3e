import Foundation
import Testing

// End-to-end tests of the interactive REPL: the built `vmp` binary runs in a real pseudo-terminal
// inside a private tmux server, keys are typed with `send-keys`, and the screen is read back with
// `capture-pane`. Every wait polls the screen with a timeout; nothing sleeps for a fixed time.

/// The tmux executable on PATH, or `nil` (the suite is then skipped).
private let tmuxExecutable: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/tmux"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}()

/// The package root, from this file's path.
private let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `vmp` binary of the build the tests are running from: beside the test bundle, else the
/// newest `<package>/.build*/debug/vmp`.
private let vmpBinary: String? = {
    let fm = FileManager.default
    var candidates = [
        Bundle.main.bundleURL.appendingPathComponent("vmp").path,
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("vmp").path,
    ]
    let builds = ((try? fm.contentsOfDirectory(atPath: packageRoot.path)) ?? [])
        .filter { $0.hasPrefix(".build") }
        .map { packageRoot.appendingPathComponent($0).appendingPathComponent("debug/vmp").path }
        .filter { fm.isExecutableFile(atPath: $0) }
        .sorted {
            let a = (try? fm.attributesOfItem(atPath: $0)[.modificationDate] as? Date) ?? .distantPast
            let b = (try? fm.attributesOfItem(atPath: $1)[.modificationDate] as? Date) ?? .distantPast
            return a > b
        }
    candidates += builds
    return candidates.first { fm.isExecutableFile(atPath: $0) }
}()

private struct TerminalTimeout: Error, CustomStringConvertible {
    var waitingFor: String
    var screen: String
    var description: String { "timed out waiting for \(waitingFor); the screen was:\n\(screen)" }
}

private struct SpawnFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs `path` with `arguments` and returns its standard output, with a clean start: an empty
/// signal mask and default dispositions, stdin and stderr on /dev/null, and no descriptor but
/// 0-2 inherited. Foundation's `Process` gives neither: the tmux server it would fork inherits
/// the test thread's blocked signals (so `kill-server` cannot stop it) and any pipe another
/// test has open at that moment (so that test's read never sees end-of-file).
private func runCleanly(_ path: String, _ arguments: [String]) throws -> String {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }

    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU] {
        sigaddset(&defaults, signal)
    }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var output: [Int32] = [-1, -1]
    guard pipe(&output) == 0 else { throw SpawnFailure(description: "pipe failed") }
    // (pipe2(O_CLOEXEC) is not exported to Swift; the window before these calls is tiny.)
    for fd in output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, output[1], 1)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    // glibc >= 2.34; not exported to Swift by the Glibc module, so looked up at run time.
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "TMUX")
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }

    var pid = pid_t()
    let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    close(output[1])
    defer { close(output[0]) }
    guard spawned == 0 else { throw SpawnFailure(description: "cannot run \(path): error \(spawned)") }

    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = read(output[0], &buffer, buffer.count)
        if n > 0 {
            data.append(contentsOf: buffer[0..<n])
        } else if n == 0 || errno != EINTR {
            break
        }
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return String(decoding: data, as: UTF8.self)
}

/// One tmux server (private socket) with one pane running `vmp` under `/bin/sh`.
///
/// The pane's shell records `stty -g` before and after vmp, then prints `EXIT=<status>` and
/// stays alive, so the test can read the exit status and check the terminal was restored.
private final class TerminalSession {
    let socket = "vmp-test-\(UUID().uuidString.prefix(8))"
    /// HOME and XDG_STATE_HOME for vmp: a fresh directory unless shared (history across restarts).
    let home: URL
    private let ownsHome: Bool
    static let width = 100
    static let height = 30

    init(home: URL? = nil, lang: String = "C.UTF-8") throws {
        if let home {
            self.home = home
            ownsHome = false
        } else {
            self.home = FileManager.default.temporaryDirectory
                .appendingPathComponent("vmp-repl-test-\(UUID().uuidString)")
            ownsHome = true
            try FileManager.default.createDirectory(at: self.home, withIntermediateDirectories: true)
        }
        guard let binary = vmpBinary else {
            throw TerminalTimeout(waitingFor: "the vmp binary (build it first)", screen: "")
        }
        let script = """
            trap : INT
            unset LC_ALL LC_CTYPE LC_MESSAGES EDITRC
            export HOME='\(self.home.path)' XDG_STATE_HOME='\(self.home.path)/state' LANG='\(lang)'
            stty -g > "$HOME/stty.before"
            '\(binary)'
            status=$?
            stty -g > "$HOME/stty.after"
            echo "EXIT=$status"
            exec sleep 3600
            """
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(Self.width)", "-y", "\(Self.height)",
                  "/bin/sh", "-c", script])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        // tmux leaves the socket file of a killed server behind.
        let socketDirectory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        unlink("\(socketDirectory)/tmux-\(getuid())/\(socket)")
        if ownsHome { try? FileManager.default.removeItem(at: home) }
    }

    var historyFile: URL { home.appendingPathComponent("state/vmp/history") }

    /// Runs tmux on the private socket; returns its standard output.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try runCleanly(tmuxExecutable ?? "/usr/bin/tmux", ["-L", socket] + arguments)
    }

    /// Types `text` literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }

    /// Presses named keys (`Enter`, `Left`, `C-c`, …).
    func press(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    /// The visible screen, trailing blank lines dropped.
    func screen() throws -> String {
        var lines = try tmux(["capture-pane", "-p"]).components(separatedBy: "\n")
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Polls the screen until `condition` holds; throws (showing the screen) after `timeout` seconds.
    @discardableResult
    func wait(for what: String, timeout: TimeInterval = 20, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            usleep(30_000)
        }
        throw TerminalTimeout(waitingFor: what, screen: last)
    }

    func wait(forLine line: String, timeout: TimeInterval = 20) throws {
        try wait(for: "a line '\(line)'", timeout: timeout) { $0.components(separatedBy: "\n").contains(line) }
    }

    /// Waits until the last line on screen is exactly `line` (e.g. an empty prompt `vmp>`).
    func wait(forLastLine line: String, timeout: TimeInterval = 20) throws {
        try wait(for: "the last line to be '\(line)'", timeout: timeout) {
            $0.components(separatedBy: "\n").last == line
        }
    }

    /// Waits for the banner and the first prompt.
    func waitForPrompt() throws {
        try wait(for: "the banner and a prompt") { $0.contains(":help for help") && $0.hasSuffix("vmp>") }
    }

    /// Waits for `EXIT=<status>` from the pane's shell and returns the status.
    func waitForExit(timeout: TimeInterval = 20) throws -> Int? {
        let screen = try wait(for: "vmp to exit", timeout: timeout) { $0.contains("EXIT=") }
        guard let line = screen.components(separatedBy: "\n").last(where: { $0.hasPrefix("EXIT=") }) else { return nil }
        return Int(line.dropFirst("EXIT=".count))
    }

    /// Whether the terminal settings after vmp exited equal those before it started.
    func terminalRestored() throws -> Bool {
        let before = try String(contentsOf: home.appendingPathComponent("stty.before"), encoding: .utf8)
        let after = try String(contentsOf: home.appendingPathComponent("stty.after"), encoding: .utf8)
        return !before.isEmpty && before == after
    }
}

@Suite("REPL in a terminal (tmux)",
       .enabled(if: tmuxExecutable != nil, "tmux is not on PATH: the REPL terminal tests need it to drive a real pty"))
struct REPLTerminalTests {
    @Test func evaluatesAPublishedValue() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("S3.cost[2019]")
        try term.press("Enter")
        try term.wait(forLine: "37.979 million RMB")
        try term.wait(forLastLine: "vmp>")
    }

    @Test func arrowKeysEditTheLine() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        // Type a misspelt, unfinished line; go back with Left to fix the attribute, then Right to the end.
        try term.type("S3.cst[201")
        try term.wait(forLastLine: "vmp> S3.cst[201")
        for _ in 0..<6 { try term.press("Left") }
        try term.type("o")
        try term.wait(forLastLine: "vmp> S3.cost[201")
        for _ in 0..<6 { try term.press("Right") }
        try term.type("9]")
        try term.wait(forLastLine: "vmp> S3.cost[2019]")
        try term.press("Enter")
        try term.wait(forLine: "37.979 million RMB")
        let screen = try term.wait(for: "a new prompt") { $0.hasSuffix("vmp>") }
        #expect(!screen.contains("error"))
    }

    @Test func historySurvivesARestart() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-repl-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }

        do {
            let first = try TerminalSession(home: home)
            try first.waitForPrompt()
            try first.type("S3.cost[2019]")
            try first.press("Enter")
            try first.wait(forLine: "37.979 million RMB")
            try first.wait(forLastLine: "vmp>")
            try first.press("C-d")
            #expect(try first.waitForExit() == 0)

            let history = try Data(contentsOf: first.historyFile)
            #expect(String(decoding: history, as: UTF8.self).hasPrefix("_HiStOrY_V2_\n"))
            let mode = try FileManager.default.attributesOfItem(atPath: first.historyFile.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }

        let second = try TerminalSession(home: home)
        try second.waitForPrompt()
        try second.press("Up")
        try second.wait(forLastLine: "vmp> S3.cost[2019]")
        try second.press("Enter")
        try second.wait(forLine: "37.979 million RMB")
    }

    @Test func ctrlCAtThePromptDiscardsTheLine() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("abc")
        // Wait for the echo: the tty driver flushes unread input on SIGINT.
        try term.wait(forLastLine: "vmp> abc")
        try term.press("C-c")
        let afterInterrupt = try term.wait(for: "a fresh prompt after Ctrl-C") {
            $0.components(separatedBy: "\n").suffix(2) == ["vmp> abc", "vmp>"]
        }
        #expect(!afterInterrupt.contains("EXIT="))
        try term.type("1+1")
        try term.press("Enter")
        try term.wait(forLine: "2")
        try term.wait(forLastLine: "vmp>")
        let final = try term.screen()
        #expect(!final.contains("error"))
        #expect(!final.contains("EXIT="))
    }

    @Test func ctrlCDiscardsAPendingBlock() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("link(S2,")
        try term.press("Enter")
        try term.wait(forLastLine: "...>")
        try term.type("xyz")
        try term.wait(forLastLine: "...> xyz")
        try term.press("C-c")
        try term.wait(forLastLine: "vmp>")
        try term.type("2*3")
        try term.press("Enter")
        try term.wait(forLine: "6")
        #expect(!(try term.screen()).contains("error"))
    }

    @Test func multiLineInputContinues() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("link(S2,")
        try term.press("Enter")
        try term.wait(forLastLine: "...>")
        try term.type("S3)[2022]")
        try term.press("Enter")
        try term.wait(forLine: "0.133")
        try term.wait(forLastLine: "vmp>")
        try term.press("C-d")
        #expect(try term.waitForExit() == 0)
        // The block is one history entry (its newline escaped as \012).
        let history = try String(contentsOf: term.historyFile, encoding: .utf8)
        #expect(history.components(separatedBy: "\n").contains("link(S2,\\012S3)[2022]"))
    }

    @Test func ctrlDExitsWithStatusZero() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.press("C-d")
        #expect(try term.waitForExit() == 0)
        #expect(try term.terminalRestored())
    }

    @Test func anErrorIsShownAndTheSessionContinues() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("let kept = 7")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type("1 +* 2")
        try term.press("Enter")
        let screen = try term.wait(for: "the error") { $0.contains("<repl>:1:") && $0.contains("error") }
        #expect(screen.contains("  1 +* 2"))
        try term.wait(forLastLine: "vmp>")
        try term.type("kept * 6")
        try term.press("Enter")
        try term.wait(forLine: "42")
        try term.type("S3.cost[2019]")
        try term.press("Enter")
        try term.wait(forLine: "37.979 million RMB")
    }

    @Test func ctrlCInterruptsAnEvaluationAndKeepsTheSession() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("let kept = 5")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type("for i in 1..100000000 { let z = i }")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp> for i in 1..100000000 { let z = i }")
        usleep(300_000)  // let the loop start: a Ctrl-C racing the Enter would hit the prompt instead
        try term.press("C-c")
        try term.wait(forLine: "interrupted")
        try term.wait(forLastLine: "vmp>")
        try term.type("kept + 1")
        try term.press("Enter")
        try term.wait(forLine: "6")
        #expect(!(try term.screen()).contains("EXIT="))
    }

    @Test func metaCommandsAndPastedPrompts() throws {
        let term = try TerminalSession()
        try term.waitForPrompt()
        try term.type("vmp> let x = 5")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type(":vars")
        try term.press("Enter")
        try term.wait(forLine: "x = 5")
        try term.type(":help link")
        try term.press("Enter")
        try term.wait(for: "help for link") { $0.contains("link(Si, Sj)") }
        try term.type(":help nothing-here")
        try term.press("Enter")
        try term.wait(forLine: "no help for nothing-here")
        try term.type(":reset")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type(":vars")
        try term.press("Enter")
        try term.wait(forLastLine: "vmp>")
        try term.type(":quit")
        try term.press("Enter")
        #expect(try term.waitForExit() == 0)
        let screen = try term.screen()
        #expect(screen.components(separatedBy: "\n").filter { $0 == "x = 5" }.count == 1)
    }

    @Test func wideCharactersEditUnderTheCLocale() throws {
        // vmp switches to a UTF-8 character locale itself (libedit.md §4).
        let term = try TerminalSession(lang: "C")
        try term.waitForPrompt()
        try term.type("钢铁😀x")
        try term.wait(forLastLine: "vmp> 钢铁😀x")
        try term.press("BSpace", "BSpace", "Left")
        try term.type("A")
        try term.wait(forLastLine: "vmp> 钢A铁")
    }

    @Test func aForeignHistoryFileIsLeftUntouched() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("vmp-repl-test-\(UUID().uuidString)")
        let directory = home.appendingPathComponent("state/vmp")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let gnuReadline = Data("S1.cost\nS2.cost\n".utf8)  // GNU readline format: no _HiStOrY_V2_ header
        try gnuReadline.write(to: directory.appendingPathComponent("history"))

        let term = try TerminalSession(home: home)
        let screen = try term.wait(for: "the warning and a prompt") { $0.contains("warning") && $0.hasSuffix("vmp>") }
        #expect(screen.components(separatedBy: "\n").filter { $0.contains("warning") }.count == 1)
        try term.type("1+1")
        try term.press("Enter")
        try term.wait(forLine: "2")
        try term.press("C-d")
        #expect(try term.waitForExit() == 0)
        #expect(try Data(contentsOf: directory.appendingPathComponent("history")) == gnuReadline)
    }
}
