import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Archive {
    /// The index arguments that do not exist: a run with any of them is a mistake, refused before
    /// anything is written (no database is created).
    public static func missingArguments(_ paths: [String]) -> [String] { Walk.missing(paths) }

    /// The first stage of an index run: the files of the arguments, with warnings for what cannot
    /// be walked.
    ///
    /// - A folder argument is walked recursively in name order; hidden files and folders are
    ///   skipped, and so are Xapian databases (a folder holding one is never read: `index . --db
    ///   ./db` does not index its own database) and the database being written.
    /// - Symbolic links are followed only to targets inside the folder argument being walked, unless
    ///   `followLinks`; never into `/proc`, `/sys` or `/dev`; link loops are detected.
    /// - A file is named by its path relative to its folder argument (`relativePath`); a file
    ///   argument by its base name, its folder being its parent. (Which name the archive gives it,
    ///   `FileIdentity` decides.)
    struct Walk {
        struct File: Sendable {
            /// Path to open: for a followed link, the path of its target.
            var path: String
            /// Path relative to the folder argument (a file argument: its base name).
            var relativePath: String
            /// The file's name in the archive (`FILE` of its ids): given by `FileNamer`.
            var name = ""
            /// The folder the file was found under (absolute): a folder argument, or a file
            /// argument's parent folder.
            var root: String
            /// Whether `root` was a folder argument (whose files a run may prune) or a file argument's folder.
            var rootIsArgument: Bool
            var size: Int
            /// Modification time, nanoseconds since 1970.
            var mtime: Int64
        }

        /// Follow links whose target lies outside the folder being walked.
        var followLinks = false
        /// The database being written, not to be walked (absolute path).
        var database: String?

        var files: [File] = []
        var warnings: [String] = []
        var skipped = 0
        /// Folder arguments walked: pruning looks only under these.
        var roots: Set<String> = []
        /// Folders entered (device, inode), so links cannot loop.
        private var visited: Set<[UInt64]> = []
        /// Files listed (device, inode of what is read), so an argument given twice, or a file
        /// reached by a link and by its own name, is indexed once.
        private var listed: Set<[UInt64]> = []

        init(followLinks: Bool = false, database: String? = nil) {
            self.followLinks = followLinks
            self.database = database.map { Walk.realPath($0) ?? $0 }
        }

        /// The arguments that do not exist (or cannot be looked at): an index run with any of
        /// them is a mistake, refused before anything is written.
        static func missing(_ paths: [String]) -> [String] {
            paths.filter { p in
                var st = stat()
                return stat(p, &st) != 0
            }
        }

        mutating func collect(argument p: String) {
            let abs = URL(fileURLWithPath: p).standardizedFileURL.path
            var st = stat()
            guard stat(abs, &st) == 0 else {
                let why = errno == ELOOP ? "symbolic link loop" : errno == ENOENT ? "no such file or folder" : String(cString: strerror(errno))
                warnings.append("\(p): \(why)")
                return
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                let real = Walk.realPath(abs) ?? abs
                if real == database || Walk.isDatabase(abs) {
                    warnings.append("\(p): a Xapian database, not indexed")
                    return
                }
                roots.insert(abs)
                var found: [File] = []
                walk(folder: abs, rel: "", root: abs, realRoot: real, st: st, into: &found)
                found.sort { $0.relativePath < $1.relativePath }
                for f in found { files.append(f) }
            } else {
                let parent = (abs as NSString).deletingLastPathComponent
                let f = File(path: Walk.realPath(abs) ?? abs, relativePath: (abs as NSString).lastPathComponent, root: parent,
                             rootIsArgument: false, size: Int(st.st_size), mtime: Walk.mtime(st))
                guard (st.st_mode & S_IFMT) == S_IFREG else { skip(f.relativePath, "not a regular file"); return }
                guard listed.insert([UInt64(st.st_dev), UInt64(st.st_ino)]).inserted else { return }
                files.append(f)
            }
        }

        private mutating func skip(_ what: String, _ reason: String) {
            warnings.append("\(what): skipped, \(reason)")
            skipped += 1
        }

        private mutating func walk(folder: String, rel: String, root: String, realRoot: String, st: stat, into out: inout [File]) {
            let id = [UInt64(st.st_dev), UInt64(st.st_ino)]
            guard !visited.contains(id) else {
                warnings.append("\(rel.isEmpty ? folder : rel): folder already walked (a link loop?), not entered again")
                return
            }
            visited.insert(id)
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
            } catch {
                warnings.append("\(rel.isEmpty ? folder : rel): cannot read folder (\(Walk.reason(error)))")
                return
            }
            // A Xapian database (this one or another): its files are not documents.
            if !rel.isEmpty, names.contains(where: Walk.databaseMarkers.contains) { return }
            if !rel.isEmpty, let database, (Walk.realPath(folder) ?? folder) == database { return }
            for n in names where !n.hasPrefix(".") {
                let path = folder + "/" + n
                let r = rel.isEmpty ? n : rel + "/" + n
                var lst = stat()
                guard lstat(path, &lst) == 0 else { continue }
                var target = lst
                var open = path
                if (lst.st_mode & S_IFMT) == S_IFLNK {
                    guard stat(path, &target) == 0, let real = Walk.realPath(path) else {
                        skip(r, errno == ELOOP ? "symbolic link loop" : "broken symbolic link")
                        continue
                    }
                    if Walk.forbidden.contains(where: { Walk.isInside(real, $0) }) {
                        skip(r, "symbolic link into \(real), never followed")
                        continue
                    }
                    if !followLinks && !Walk.isInside(real, realRoot) {
                        skip(r, "symbolic link to \(real), outside the folder (--follow-links follows it)")
                        continue
                    }
                    open = real
                }
                switch target.st_mode & S_IFMT {
                case S_IFDIR:
                    walk(folder: open, rel: r, root: root, realRoot: realRoot, st: target, into: &out)
                case S_IFREG:
                    guard listed.insert([UInt64(target.st_dev), UInt64(target.st_ino)]).inserted else { continue }
                    out.append(File(path: open, relativePath: r, root: root, rootIsArgument: true,
                                    size: Int(target.st_size), mtime: Walk.mtime(target)))
                default:
                    skip(r, "not a regular file")
                }
            }
        }

        /// Files whose presence marks a folder as a Xapian database (glass, chert, honey, a stub).
        static let databaseMarkers: Set<String> = ["iamglass", "iamchert", "iamhoney", "XAPIANDB", "flintlock"]
        /// Where links never lead: the kernel's and devices' pseudo-files.
        static let forbidden = ["/proc", "/sys", "/dev"]

        /// Whether the folder holds a Xapian database.
        static func isDatabase(_ folder: String) -> Bool {
            databaseMarkers.contains { FileManager.default.fileExists(atPath: folder + "/" + $0) }
        }

        /// `path` with every link resolved, or nil when it cannot be resolved.
        static func realPath(_ path: String) -> String? {
            guard let r = realpath(path, nil) else { return nil }
            defer { free(r) }
            return String(cString: r)
        }

        /// Whether `path` is `folder` or lies under it (both absolute, links resolved).
        static func isInside(_ path: String, _ folder: String) -> Bool {
            if folder == "/" { return true }
            return path == folder || path.hasPrefix(folder + "/")
        }

        static func mtime(_ st: stat) -> Int64 {
            #if canImport(Darwin)
            return Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
            #else
            return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
            #endif
        }

        static func reason(_ error: Error) -> String {
            let ns = error as NSError
            if let u = ns.userInfo[NSUnderlyingErrorKey] as? NSError, u.domain == NSPOSIXErrorDomain {
                return String(cString: strerror(Int32(u.code)))
            }
            return ns.localizedDescription
        }
    }
}
