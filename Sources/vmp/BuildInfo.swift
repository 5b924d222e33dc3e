import Foundation
import VMPCore

/// What `vmp --version` prints: the version and the source the binary was built from.
///
/// SwiftPM runs no code at build time without plugins, so the commit cannot be compiled in.
/// `Scripts/install` records it instead, in `PREFIX/share/vmp/build-info` beside the installed
/// resources (one line, e.g. `commit 65d0c2d` or `tag v0.1.0 (commit 65d0c2d)`, with
/// `, with uncommitted changes` when the checkout differed from its commit). A binary that
/// was not installed (`swift run`, `.build/…/vmp`) finds no such file and says so: it does
/// not guess from whatever checkout happens to be near it, which may have moved on since.
enum BuildInfo {
    /// The language's version.
    static let version = "0.1.0"

    /// The file `Scripts/install` writes into the installed data directory.
    static let fileName = "build-info"

    /// `vmp 0.1.0 (commit 65d0c2d)` when installed, else `vmp 0.1.0 (built from a checkout; commit unknown)`.
    static func versionLine() -> String {
        "vmp \(version) (\(source() ?? "built from a checkout; commit unknown"))"
    }

    /// The `version` of vmp's command configurations. ArgumentParser prints it only for a
    /// `--version` argument (and offers `--version` in help and completions when it is not
    /// empty), so the installed data directories are searched for `build-info` only when an
    /// argument starts with `--version`; other runs get `vmp 0.1.0`, which nothing prints, and
    /// start without that search.
    static func configurationVersion(arguments: [String] = CommandLine.arguments) -> String {
        arguments.dropFirst().contains { $0.hasPrefix("--version") } ? versionLine() : "vmp \(version)"
    }

    /// The first line of the first readable `build-info` in the installed data directories,
    /// if it is non-empty printable text of at most 200 characters.
    static func source() -> String? {
        for directory in Chain.installedDataDirectories() {
            let path = directory.appendingPathComponent(fileName).path
            guard let handle = FileHandle(forReadingAtPath: path) else { continue }
            defer { try? handle.close() }
            guard let data = try? handle.read(upToCount: 512) else { continue }
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, trimmed.count <= 200,
               trimmed.unicodeScalars.allSatisfy({ !$0.properties.generalCategory.isControl }) {
                return trimmed
            }
        }
        return nil
    }
}

private extension Unicode.GeneralCategory {
    var isControl: Bool { self == .control || self == .format }
}
