import Foundation

/// Why a file could not be written.
public enum WriteError: Error, Equatable, Sendable {
    /// The file (or directory) exists and `overwrite` was not given.
    case exists(String)
    /// The directory to write into does not exist.
    case noDirectory(String)
    /// Any other failure, with the system's reason.
    case failed(String, reason: String)
}

/// Files written whole or not at all, the one way vmp writes a file (exports, plots, `:save`,
/// the REPL's history): the content goes to a temporary file in the same directory, which is
/// then renamed over the target (`rename(2)`, atomic on one file system) or, when the target
/// must not be replaced, hard-linked to it (`link(2)` fails if the target exists, so a file
/// that appears meanwhile is not clobbered either). A reader never sees half a file.
public enum AtomicFile {
    /// Writes `text` (UTF-8) to `path`.
    /// - Throws: ``WriteError/exists(_:)`` when `path` exists and `overwrite` is false,
    ///   ``WriteError/noDirectory(_:)``, or ``WriteError/failed(_:reason:)``.
    public static func write(_ text: String, to path: String, overwrite: Bool, permissions: Int = 0o644) throws(WriteError) {
        try write(Data(text.utf8), to: path, overwrite: overwrite, permissions: permissions)
    }

    /// Writes `data` to `path`, with the file mode `permissions`.
    /// - Throws: as ``write(_:to:overwrite:permissions:)-(String,_,_,_)``.
    public static func write(_ data: Data, to path: String, overwrite: Bool, permissions: Int = 0o644) throws(WriteError) {
        try replace(path, overwrite: overwrite, permissions: permissions) { temporary throws(WriteError) in
            guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: permissions]) else {
                throw .failed(path, reason: "cannot create a file in \(directory(of: path))")
            }
        }
    }

    /// Has `fill` write a temporary file beside `path` (its path is the argument; it exists,
    /// empty, with mode `permissions`), then moves it into place. The temporary file is
    /// removed whatever happens.
    /// - Throws: as ``write(_:to:overwrite:permissions:)-(String,_,_,_)``, or what `fill` throws.
    public static func replace(_ path: String, overwrite: Bool, permissions: Int = 0o644,
                               fill: (String) throws(WriteError) -> Void) throws(WriteError) {
        let directory = directory(of: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .noDirectory(directory)
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw .failed(path, reason: "it is a directory") }
            if !overwrite { throw .exists(path) }
        }
        let name = path.split(separator: "/").last.map(String.init) ?? "file"
        let temporary = Chain.joined(directory, ".\(name).vmp-\(UUID().uuidString).tmp")
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode_t(permissions))
        guard fd >= 0 else { throw .failed(path, reason: "cannot create a file in \(directory): \(String(cString: strerror(errno)))") }
        close(fd)
        defer { unlink(temporary) }
        try fill(temporary)
        if overwrite {
            guard rename(temporary, path) == 0 else { throw .failed(path, reason: String(cString: strerror(errno))) }
            return
        }
        guard link(temporary, path) == 0 else {
            let code = errno
            if code == EEXIST { throw .exists(path) }
            throw .failed(path, reason: String(cString: strerror(code)))
        }
    }

    /// The directory a file is written into: its path's directory part, `.` if none.
    static func directory(of path: String) -> String {
        Chain.directoryPart(path).isEmpty ? "." : Chain.directoryPart(path)
    }
}
