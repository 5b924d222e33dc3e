import Foundation
import Testing

// Support for the end-to-end tests of the interactive REPL: the built `vmp` binary runs in a real pseudo-terminal
// inside a private tmux server, keys are typed with `send-keys`, and the screen is read back with
// `capture-pane`. Every wait polls the screen with a timeout; nothing sleeps for a fixed time.

/// The tmux executable on PATH, or `nil` (the suite is then skipped).
let tmuxExecutable: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
        let candidate = "\(directory)/tmux"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}()

/// The package root, from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The `vmp` binary of the build the tests are running from: beside the test bundle, else the
/// newest `<package>/.build*/debug/vmp`.
let vmpBinary: String? = {
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

struct TerminalTimeout: Error, CustomStringConvertible {
    var waitingFor: String
    var screen: String
    var description: String { "timed out waiting for \(waitingFor); the screen was:\n\(screen)" }
}

struct SpawnFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs `path` with `arguments` and returns its standard output, with a clean start: an empty
/// signal mask and default dispositions, stdin and stderr on /dev/null, and no descriptor but
/// 0-2 inherited. Foundation's `Process` gives neither: the tmux server it would fork inherits
/// the test thread's blocked signals (so `kill-server` cannot stop it) and any pipe another
/// test has open at that moment (so that test's read never sees end-of-file).
func runCleanly(_ path: String, _ arguments: [String]) throws -> String {
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
final class TerminalSession {
    let socket = "vmp-test-\(UUID().uuidString.prefix(8))"
    /// HOME and XDG_STATE_HOME for vmp: a fresh directory unless shared (history across restarts).
    let home: URL
    private let ownsHome: Bool
    static let width = 100
    static let height = 30

    /// - Parameters:
    ///   - arguments: for vmp (shell-quoted here); it runs in the package root.
    ///   - environment: extra variables, exported before vmp starts.
    init(home: URL? = nil, lang: String = "C.UTF-8", arguments: [String] = [], environment: [String: String] = [:]) throws {
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
            unset LC_ALL LC_CTYPE LC_MESSAGES EDITRC NO_COLOR
            export HOME='\(self.home.path)' XDG_STATE_HOME='\(self.home.path)/state' LANG='\(lang)'
            \(environment.map { "export \($0.key)=\(shellQuoted($0.value))" }.sorted().joined(separator: "\n"))
            cd \(shellQuoted(packageRoot.path))
            stty -g > "$HOME/stty.before"
            \(([binary] + arguments).map(shellQuoted).joined(separator: " "))
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
    func type(_ text: String) throws { try tmux(["send-keys", "-l", "--", text]) }

    /// Presses named keys (`Enter`, `Left`, `C-c`, …).
    func press(_ keys: String...) throws { try tmux(["send-keys"] + keys) }

    /// Pastes `text` as a terminal paste does (tmux's paste buffer; newlines arrive as Enter).
    func paste(_ text: String) throws {
        let file = home.appendingPathComponent("paste-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: file)
        try tmux(["load-buffer", file.path])
        try tmux(["paste-buffer", "-d"])
    }

    /// Waits until the cursor has left the line showing `line` (vmp took the Enter after it):
    /// the screen alone cannot tell, as it shows the same before and after.
    func waitForEnter(after line: String, timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let rows = try tmux(["capture-pane", "-p"]).components(separatedBy: "\n")
            let cursor = Int(try tmux(["display-message", "-p", "#{cursor_y}"]).trimmingCharacters(in: .whitespacesAndNewlines))
            if let row = rows.lastIndex(of: line), let cursor, cursor > row { return }
            usleep(20_000)
        }
        throw TerminalTimeout(waitingFor: "vmp to take the Enter after '\(line)'", screen: try screen())
    }

    /// The visible screen with its colour escape sequences (`capture-pane -e`).
    func screenWithEscapes() throws -> String {
        try tmux(["capture-pane", "-p", "-e"])
    }

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
        // A process killed by a signal leaves the cursor after its echoed "^C": EXIT= may follow it.
        guard let line = screen.components(separatedBy: "\n").last(where: { $0.contains("EXIT=") }),
              let marker = line.range(of: "EXIT=", options: .backwards) else { return nil }
        return Int(line[marker.upperBound...])
    }

    /// Whether the terminal settings after vmp exited equal those before it started.
    func terminalRestored() throws -> Bool {
        let before = try String(contentsOf: home.appendingPathComponent("stty.before"), encoding: .utf8)
        let after = try String(contentsOf: home.appendingPathComponent("stty.after"), encoding: .utf8)
        return !before.isEmpty && before == after
    }
}

/// `text` in single quotes for /bin/sh.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
