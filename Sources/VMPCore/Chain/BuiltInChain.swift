import Foundation

/// The built-in chain, found in the package resources next to the running executable.
extension Chain {
    /// The built-in dataset: China's vanadium industry Material-Product chain, 2015–2022
    /// (stages S1–S5; Tables S1–S3, §4.2 and the stage profiles of the supporting text).
    ///
    /// Units: costs in `million RMB`, outputs in `10^4 t` or `t`, unit-time outputs in
    /// `10^4 t/day` or `t/day`, emissions in `t CO2` or `10^4 t CO2`, linkage coefficients,
    /// intensities, ranks and responses `1` (dimensionless or not stated), each as printed.
    ///
    /// The chain is the package resource `vanadium` — its manifest `chain.toml` (the format
    /// of ``load(manifest:name:)``) with `stages.csv`, `quantities.csv` and `linkages.csv` —
    /// found in SwiftPM's resource folder
    /// (`vmp_VMPCore.resources` on Linux, `vmp_VMPCore.bundle` on macOS) next to the running
    /// executable, or in `../share/vmp/` beside it where `Scripts/install` puts it
    /// (`PREFIX/bin/vmp`, `PREFIX/share/vmp/vmp_VMPCore.resources`); SwiftPM's
    /// `Bundle.module` is not used, so a missing folder is an error, not a crash.
    ///
    /// The files are read with the general loader (``load(manifest:name:year:)``) unless they
    /// are byte for byte those `BuiltInChainData.swift` was generated from: then the chain is
    /// built from that file's values, the same chain without parsing TOML and CSV at start-up
    /// (`BuiltInChainSource.swift`).
    ///
    /// - Throws: ``ChainLoadError`` when the resource folder is not found next to the
    ///   executable (the message lists where it looked), or when its files are malformed.
    public static func vanadium() throws -> Chain {
        let directory = try resourceDirectory("vanadium")
        if BuiltInVanadium.matches(directory) { return BuiltInVanadium.chain() }
        return try load(manifest: directory.appendingPathComponent(manifestFileName).path)
    }

    /// The Swift source of `Sources/VMPCore/Chain/BuiltInChainData.swift` for the built-in
    /// chain's resource folder as found next to the executable, read with the general loader
    /// (`vmp --dump-builtin-chain`).
    /// - Throws: ``ChainLoadError`` when the folder is not found or does not load.
    public static func vanadiumSwiftSource() throws -> String {
        try BuiltInVanadium.source(directory: resourceDirectory("vanadium"))
    }

    /// The path of the built-in chain's manifest (`…/vmp_VMPCore.resources/vanadium/chain.toml`).
    /// - Throws: ``ChainLoadError`` when the resource folder is not found next to the executable.
    public static func vanadiumManifestPath() throws -> String {
        try resourceDirectory("vanadium").appendingPathComponent(manifestFileName).path
    }

    /// Names SwiftPM gives the VMPCore resource folder (Linux, then macOS layouts).
    static let resourceBundleNames = [
        "vmp_VMPCore.resources",
        "vmp_VMPCore.bundle/Contents/Resources",
        "vmp_VMPCore.bundle",
    ]

    /// Where an installation keeps vmp's data, relative to the directory of its executable:
    /// `PREFIX/share/vmp` for `PREFIX/bin/vmp` (the layout `Scripts/install` writes).
    public static let installedDataPath = "../share/vmp"

    /// The installed data directories (``installedDataPath``) of the executable's directories,
    /// in the order of ``executableDirectories()``; they need not exist.
    public static func installedDataDirectories() -> [URL] { foundInstalledDataDirectories }

    private static let foundInstalledDataDirectories: [URL] = findInstalledDataDirectories()

    private static func findInstalledDataDirectories() -> [URL] {
        var result: [URL] = []
        for base in executableDirectories() {
            let data = base.appendingPathComponent(installedDataPath, isDirectory: true).standardizedFileURL
            if !result.contains(data) { result.append(data) }
        }
        return result
    }

    /// Finds the resource directory `name` in the VMPCore resource folder next to the
    /// executable or in its installed data directory. Throws ``ChainLoadError`` listing the
    /// places searched.
    ///
    /// The places are those of ``executableDirectories()`` then ``installedDataDirectories()``,
    /// in that order; each is worked out only when the places before it did not hold the
    /// folder (the first, the directory of `Bundle.main`, does in a build folder), so a
    /// start-up does not resolve the symbolic links of the others.
    static func resourceDirectory(_ name: String) throws -> URL {
        var searched: [String] = []
        func probe(_ base: URL) -> URL? {
            for bundle in resourceBundleNames {
                let candidate = base.appendingPathComponent(bundle, isDirectory: true)
                    .appendingPathComponent(name, isDirectory: true)
                let probe = candidate.appendingPathComponent(manifestFileName).path
                if FileManager.default.fileExists(atPath: probe) { return candidate }
                if !searched.contains(candidate.path) { searched.append(candidate.path) }
            }
            return nil
        }
        var seen: [URL] = []
        for candidate in ExecutableDirectorySearch() where !seen.contains(candidate) {
            seen.append(candidate)
            if let found = probe(candidate) { return found }
        }
        for base in installedDataDirectories() {
            if let found = probe(base) { return found }
        }
        throw ChainLoadError(
            file: "\(resourceBundleNames[0])/\(name)", line: 0,
            message: "built-in dataset \"\(name)\" not found next to the executable or in \(installedDataPath); looked in: "
                + (searched.isEmpty ? "(no executable directory known)" : searched.joined(separator: ", ")))
    }

    /// Directories that may hold the executable's resource folders: `Bundle.main`'s,
    /// the executable's, and `argv[0]`'s (as given, and with symbolic links resolved).
    /// Found once per process (the lessons and `--version`'s build-info ask for them, and the
    /// built-in chain when its folder is not in the first of them), since the executable and
    /// its arguments do not change while it runs.
    static func executableDirectories() -> [URL] { foundExecutableDirectories }

    private static let foundExecutableDirectories: [URL] = findExecutableDirectories()

    private static func findExecutableDirectories() -> [URL] {
        var result: [URL] = []
        for candidate in ExecutableDirectorySearch() where !result.contains(candidate) {
            result.append(candidate)
        }
        return result
    }
}

/// The candidates of ``Chain/executableDirectories()`` in order, with repeats, each worked out
/// when it is asked for: `Bundle.main`'s bundle URL, the executable's directory (as given, and
/// with symbolic links resolved), and `argv[0]`'s directory (likewise; found through `$PATH`
/// when `argv[0]` has no slash). Each directory comes standardized, then with its symbolic
/// links resolved.
struct ExecutableDirectorySearch: Sequence, IteratorProtocol {
    /// The directories, each found when the ones before it have been used.
    private var sources: [() -> [URL?]] = [
        { [Bundle.main.bundleURL] },
        { [Bundle.main.executableURL?.deletingLastPathComponent()] },
        { [Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent()] },
        { ExecutableDirectorySearch.argv0Directories() },
    ]
    /// Directories found and not yet expanded into their two forms.
    private var directories: [URL] = []
    /// Forms of the current directory still to be given.
    private var forms: [() -> URL] = []

    mutating func next() -> URL? {
        while true {
            if !forms.isEmpty { return forms.removeFirst()() }
            if !directories.isEmpty {
                let url = directories.removeFirst()
                forms = [{ url.standardizedFileURL }, { url.resolvingSymlinksInPath() }]
                continue
            }
            guard !sources.isEmpty else { return nil }
            directories = sources.removeFirst()().compactMap { $0 }
        }
    }

    /// `argv[0]`'s directory as given and with symbolic links resolved: relative to the
    /// current directory when it has a slash, else the first `$PATH` directory holding an
    /// executable of that name; empty when neither.
    static func argv0Directories() -> [URL?] {
        guard let argv0 = CommandLine.arguments.first, !argv0.isEmpty else { return [] }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        if argv0.contains("/") {
            let executable = URL(fileURLWithPath: argv0, relativeTo: cwd)
            return [executable.deletingLastPathComponent(), executable.resolvingSymlinksInPath().deletingLastPathComponent()]
        }
        guard let path = ProcessInfo.processInfo.environment["PATH"] else { return [] }
        // Run through $PATH: the first directory holding an executable of that name.
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let executable = URL(fileURLWithPath: String(directory), isDirectory: true)
                .appendingPathComponent(argv0)
            if FileManager.default.isExecutableFile(atPath: executable.path) {
                return [executable.deletingLastPathComponent(), executable.resolvingSymlinksInPath().deletingLastPathComponent()]
            }
        }
        return []
    }
}
