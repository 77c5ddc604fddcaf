import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Xapian

extension Archive {
    /// What the index knows of a file, in metadata `file:NAME`:
    /// `v3|size|mtime|hash|L|root|path` (mtime in nanoseconds since 1970, 0 when not to be trusted;
    /// root: the absolute folder the file was found under — a folder argument, or a file argument's
    /// folder — of L UTF-8 bytes; path: the file's path relative to root).
    /// Stamps of earlier versions are read too: `v2|size|mtime|hash|root` (root empty for a file
    /// argument; the path relative to root is NAME) and `size:hash` (v1).
    struct Stamp: Equatable {
        var size: Int
        var mtime: Int64
        /// `size:fnv64hex`, as `Archive.fingerprint`.
        var hash: String
        /// Nil in v1 stamps and v2 stamps of file arguments.
        var root: String?
        /// Path relative to `root`; nil in stamps before v3 (then it is the file's name).
        var relativePath: String?
        /// Whether `root` was a folder argument (a run over that folder may prune the file). v2
        /// stamps with a root were written for folder arguments only.
        var rootIsArgument: Bool

        static func key(_ name: String) -> String { "file:" + name }

        init(size: Int, mtime: Int64, hash: String, root: String?, relativePath: String? = nil, rootIsArgument: Bool = true) {
            self.size = size; self.mtime = mtime; self.hash = hash; self.root = root
            self.relativePath = relativePath; self.rootIsArgument = rootIsArgument
        }

        /// The stamp of a file as this run found it.
        init(size: Int, mtime: Int64, hash: String, file f: Walk.File) {
            self.init(size: size, mtime: mtime, hash: hash, root: f.root, relativePath: f.relativePath, rootIsArgument: f.rootIsArgument)
        }

        init?(_ s: String) {
            if s.isEmpty { return nil }
            if s.hasPrefix("v3|") {
                // v3|size|mtime|hash|flags+L|root|path: root and path may hold "|", L says where root ends.
                let parts = s.split(separator: "|", maxSplits: 5, omittingEmptySubsequences: false)
                guard parts.count == 6, let size = Int(parts[1]), let mtime = Int64(parts[2]),
                      let flag = parts[4].first, flag == "a" || flag == "f", let rootBytes = Int(parts[4].dropFirst()) else { return nil }
                let rest = parts[5].utf8
                guard rootBytes >= 0, rootBytes < rest.count,
                      rest[rest.index(rest.startIndex, offsetBy: rootBytes)] == UInt8(ascii: "|") else { return nil }
                let cut = rest.index(rest.startIndex, offsetBy: rootBytes)
                guard let root = String(rest[..<cut]), let path = String(rest[rest.index(after: cut)...]) else { return nil }
                self.init(size: size, mtime: mtime, hash: String(parts[3]), root: root, relativePath: path, rootIsArgument: flag == "a")
            } else if s.hasPrefix("v2|") {
                let parts = s.split(separator: "|", maxSplits: 4, omittingEmptySubsequences: false)
                guard parts.count == 5, let size = Int(parts[1]), let mtime = Int64(parts[2]) else { return nil }
                self.init(size: size, mtime: mtime, hash: String(parts[3]), root: parts[4].isEmpty ? nil : String(parts[4]))
            } else {
                // v1: "size:hash"
                guard let colon = s.firstIndex(of: ":"), let size = Int(s[..<colon]) else { return nil }
                self.init(size: size, mtime: 0, hash: s, root: nil, rootIsArgument: false)
            }
        }

        var encoded: String {
            guard let root, let relativePath else { return "v2|\(size)|\(mtime)|\(hash)|\(root ?? "")" }
            return "v3|\(size)|\(mtime)|\(hash)|\(rootIsArgument ? "a" : "f")\(root.utf8.count)|\(root)|\(relativePath)"
        }

        /// Where the stamped file is, when the stamp says (nil: a stamp too old to know its folder).
        func location(name: String) -> String? {
            root.map { $0 + "/" + (relativePath ?? name) }
        }

        /// Whether the stamp is of the file `f` (same folder, same relative path). A stamp that does
        /// not know its folder (a file argument indexed by an older version) is taken to be `f`'s.
        func isOf(_ f: Walk.File, name: String) -> Bool {
            guard let root else { return true }
            return root == f.root && (relativePath ?? name) == f.relativePath
        }
    }

    /// Gives each file its name in the archive (`FILE` of the ids `FILE#N`), so that two different
    /// files never share one, whatever folders they come from and in whatever runs:
    ///
    /// - a file keeps the name it was given (its stamp says which folder and path it is);
    /// - a new file is named by its path relative to its folder (`baocao.txt`);
    /// - if that name belongs to another file that still exists (`phongA/baocao.txt` indexed
    ///   earlier from the folder `phongA`), the new file's folder name is put in front
    ///   (`phongB/baocao.txt`; then `phongB~2/…` if that is taken too);
    /// - a name whose file no longer exists is taken over (a folder that was moved or renamed keeps
    ///   its names).
    ///
    /// The first folder indexed into an archive therefore names its files exactly as before.
    ///
    /// Each candidate name is looked up where a file of that name is kept (in a sharded archive,
    /// the shard the name routes to: `IndexSink.metadata(_:ofFile:)`).
    struct FileNamer {
        let sink: IndexSink
        /// Names given in this run → the file given it (root + relative path).
        private var given: [String: String] = [:]

        init(sink: IndexSink) { self.sink = sink }

        /// Names tried for `f`, in order: its relative path, then with its folder's name in front.
        static func candidates(_ f: Walk.File, count: Int) -> [String] {
            var label = (f.root as NSString).lastPathComponent
            if label.isEmpty || label == "/" { label = "root" }
            var out = [f.relativePath]
            for k in 1..<count { out.append((k == 1 ? label : label + "~\(k)") + "/" + f.relativePath) }
            return out
        }

        /// `f`'s name and the stamp found under it (nil: a file new to the archive), or nil when no
        /// name can be given (every candidate taken or too long).
        mutating func name(for f: Walk.File) throws(XapianError) -> (name: String, stamp: Stamp?)? {
            let me = f.root + "/" + f.relativePath
            var free: (String, Stamp?)?
            for c in FileNamer.candidates(f, count: 20) where c.utf8.count <= Archive.maxNameBytes {
                if given[c] != nil { continue }
                guard let stamp = Stamp(try sink.metadata(Stamp.key(c), ofFile: c)) else {
                    // Names are given in this order: no later one can be f's.
                    if free == nil { free = (c, nil) }
                    break
                }
                if stamp.isOf(f, name: c) {
                    given[c] = me
                    return (c, stamp)
                }
                if free == nil, let other = stamp.location(name: c), !FileNamer.exists(other) { free = (c, stamp) }
            }
            guard let (c, stamp) = free else { return nil }
            given[c] = me
            return (c, stamp)
        }

        /// Whether a file is there. Only "no such file" counts as gone (a permission problem does not).
        static func exists(_ path: String) -> Bool {
            var st = stat()
            if stat(path, &st) == 0 { return true }
            return !(errno == ENOENT || errno == ENOTDIR)
        }
    }
}
