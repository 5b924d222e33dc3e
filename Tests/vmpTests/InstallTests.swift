import Foundation
import Testing

/// `Scripts/install` and what it installs: the manual page `docs/vmp.1` (every option of
/// `vmp --help`, the required sections, rendered by groff without a warning), and an
/// install into a temporary prefix from the tests' own build (`--built`, so no release
/// build), its completions and `--version`, a second install, and `--uninstall`.
@Suite struct InstallTests {
    static let root = VMPProcess.root
    static let bash = URL(fileURLWithPath: "/bin/bash")

    static func manPage() throws -> String {
        // roff writes a minus as \- ; compare the text as it renders.
        try String(contentsOf: root.appendingPathComponent("docs/vmp.1"), encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
    }

    /// The options listed under OPTIONS in a `--help` text (`-e`, `--chain`, `-h`, `--help`, …).
    static func options(inHelp help: String) -> Set<String> {
        guard let section = help.range(of: "\nOPTIONS:\n") else { return [] }
        var result: Set<String> = []
        for line in help[section.upperBound...].split(separator: "\n") where line.hasPrefix("  -") {
            for name in line.dropFirst(2).split(separator: " ") {
                guard name.hasPrefix("-") else { break }
                result.insert(String(name.trimmingCharacters(in: CharacterSet(charactersIn: ","))))
            }
        }
        return result
    }

    @Test func manPageDescribesEveryOptionOfHelp() throws {
        let page = try Self.manPage()
        var options: Set<String> = []
        for arguments in [["--help"], ["check", "--help"]] {
            let help = try VMPProcess.run(arguments)
            #expect(help.status == 0)
            options.formUnion(Self.options(inHelp: help.stdout))
        }
        #expect(options.isSuperset(of: ["-e", "-i", "--chain", "--color", "--precision", "--format", "--width", "--version", "-h", "--help"]),
                "\(options.sorted())")
        for option in options {
            // As a term of its own: .B/.BI/.BR lines under OPTIONS start with the option.
            #expect(page.contains("\n.BI \(option) ") || page.contains("\n.B \(option)\n") || page.contains("\n.BR \(option) ")
                    || page.contains("\n.BR -h \", \" \(option)\n") || page.contains("\n.BR \(option) \""),
                    "docs/vmp.1 does not describe \(option)")
        }
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "THE LANGUAGE", "EXIT STATUS", "FILES", "ENVIRONMENT"] {
            #expect(page.contains("\n.SH \(section)\n") || page.contains("\n.SH \"\(section)\"\n"), "section \(section)")
        }
        let exitStatus = try #require(page.components(separatedBy: ".SH EXIT STATUS").last?.components(separatedBy: ".SH ").first)
        for status in ["0", "1", "2", "130"] { #expect(exitStatus.contains(".B \(status)\n"), "exit status \(status)") }
        for variable in ["NO_COLOR", "TERM", "XDG_STATE_HOME"] { #expect(page.contains(".B \(variable)\n"), "\(variable)") }
        #expect(page.contains("vmp/history"))
    }

    @Test func manPageRendersWithoutWarnings() throws {
        let groff = URL(fileURLWithPath: "/usr/bin/groff")
        #expect(FileManager.default.isExecutableFile(atPath: groff.path), "groff is missing: Scripts/install-system-packages installs groff-base")
        let page = Self.root.appendingPathComponent("docs/vmp.1").path
        let check = try VMPProcess.run(["-man", "-Tutf8", "-ww", "-z", page], executable: groff)
        #expect(check.status == 0 && check.stderr == "", "\(check.stderr)")
        let rendered = try VMPProcess.run(["-man", "-Tutf8", "-P", "-cbou", page], executable: groff)
        #expect(rendered.status == 0)
        for heading in ["NAME", "SYNOPSIS", "OPTIONS", "THE LANGUAGE", "EXIT STATUS", "FILES", "ENVIRONMENT"] {
            #expect(rendered.stdout.contains("\n\(heading)\n"), "\(heading)")
        }
        #expect(rendered.stdout.contains("--precision N"))
    }

    /// Every file under `directory`, relative to it, sorted.
    static func files(under directory: URL) -> [String] {
        let base = directory.resolvingSymlinksInPath().path + "/"
        let enumerator = FileManager.default.enumerator(at: directory.resolvingSymlinksInPath(), includingPropertiesForKeys: [.isRegularFileKey])
        var result: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                result.append(String(url.resolvingSymlinksInPath().path.dropFirst(base.count)))
            }
        }
        return result.sorted()
    }

    @Test func installsIntoAPrefixRunsFromAnywhereAndUninstallsExactly() throws {
        let fm = FileManager.default
        let prefix = fm.temporaryDirectory.appendingPathComponent("vmp-install-test-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: prefix) }
        // Something of the user's already in the prefix: it must survive the uninstall.
        try fm.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try Data("#!/bin/sh\n".utf8).write(to: prefix.appendingPathComponent("bin/other"))

        let script = Self.root.appendingPathComponent("Scripts/install").path
        let built = VMPProcess.binary.deletingLastPathComponent().path
        let install = try VMPProcess.run([script, "--built", built, "--prefix", prefix.path], executable: Self.bash)
        #expect(install.status == 0, "\(install.stderr)")

        let installed = Self.files(under: prefix)
        for file in ["bin/vmp", "share/vmp/vmp_VMPCore.resources/vanadium/chain.toml", "share/vmp/build-info", "share/vmp/install-manifest",
                     "share/man/man1/vmp.1", "share/bash-completion/completions/vmp", "share/zsh/site-functions/_vmp",
                     "share/fish/vendor_completions.d/vmp.fish", "share/vmp/grammar/vmp.tmLanguage.json",
                     "share/vim/vimfiles/syntax/vmp.vim", "share/vim/vimfiles/ftdetect/vmp.vim"] {
            #expect(installed.contains(file), "\(file) not installed: \(installed)")
        }
        // The manifest lists exactly the installed files (not the user's bin/other).
        let manifest = try String(contentsOf: prefix.appendingPathComponent("share/vmp/install-manifest"), encoding: .utf8)
        let listed = manifest.split(separator: "\n").filter { $0.hasPrefix("f ") }.map { String($0.dropFirst(2)) }.sorted()
        #expect(listed == installed.filter { $0 != "bin/other" })
        #expect(!manifest.contains("d bin\n"), "bin existed before the install")

        // The installed vmp runs from another directory and finds its chain and build-info.
        let vmp = prefix.appendingPathComponent("bin/vmp")
        let elsewhere = URL(fileURLWithPath: "/")
        let value = try VMPProcess.run(["-e", "S3.cost[2019]"], executable: vmp, directory: elsewhere)
        #expect(value.status == 0 && value.stdout == "37.979 million RMB\n", "\(value.stderr)")
        // … and the lessons shipped with it.
        let lessons = try VMPProcess.run(["lesson"], executable: vmp, directory: elsewhere)
        #expect(lessons.status == 0 && lessons.stdout.contains("reading-the-chain") && lessons.stdout.contains("data-quality"), "\(lessons.stderr)")
        let buildInfo = try String(contentsOf: prefix.appendingPathComponent("share/vmp/build-info"), encoding: .utf8)
        let version = try VMPProcess.run(["--version"], executable: vmp, directory: elsewhere)
        #expect(version.stdout == "vmp 0.1.0 (\(buildInfo.trimmingCharacters(in: .newlines)))\n")
        let git = try VMPProcess.run(["git", "-C", Self.root.path, "rev-parse", "--short=12", "HEAD"],
                                     executable: URL(fileURLWithPath: "/usr/bin/env"))
        if git.status == 0 {
            #expect(buildInfo.contains("commit \(git.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"))
        } else {
            #expect(buildInfo == "source without git history; commit unknown\n")
        }

        // bash registers the completion.
        let completion = prefix.appendingPathComponent("share/bash-completion/completions/vmp").path
        let registered = try VMPProcess.run(["-c", "source '\(completion)'; complete -p vmp"], executable: Self.bash)
        #expect(registered.status == 0 && registered.stdout.contains("vmp"), "\(registered.stderr)")

        // A second install changes nothing in what is listed.
        let again = try VMPProcess.run([script, "--built", built, "--prefix", prefix.path], executable: Self.bash)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: prefix.appendingPathComponent("share/vmp/install-manifest"), encoding: .utf8) == manifest)
        #expect(Self.files(under: prefix) == installed)

        // Uninstall: only the user's file is left, and only the directories it needs.
        let uninstall = try VMPProcess.run([script, "--uninstall", "--prefix", prefix.path], executable: Self.bash)
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(Self.files(under: prefix) == ["bin/other"])
        #expect(try fm.contentsOfDirectory(atPath: prefix.path) == ["bin"])
        let nothing = try VMPProcess.run([script, "--uninstall", "--prefix", prefix.path], executable: Self.bash)
        #expect(nothing.status == 1 && nothing.stderr.contains("nothing to uninstall"))
    }
}
