import Foundation
import Xapian
#if canImport(Glibc)
import Glibc
#endif

/// How an archive written with `vanban index --shards N` lies on disk: N Xapian databases
/// `DB/shard-0` … `DB/shard-N-1`, and the Xapian stub file `DB/XAPIANDB` listing them (`auto
/// shard-0` …, relative to the stub, as Xapian's documentation defines stub files), so that Xapian
/// itself, `xapian-delve DB` or `xapian-tcpsrv DB` open the whole archive as one database. The
/// archive's own files (reading log, readers' lock, citation and obligations tables,
/// `abbreviations.tsv`) stay in `DB`.
///
/// A file is routed to a shard by a stable hash of its name in the archive (FNV-1a 64 of its
/// UTF-8 bytes, modulo N), so an incremental run finds its stamp, and rewrites its documents, in
/// that shard only. The number of shards is the stub's: later runs keep it.
public enum ShardLayout {
    /// The stub file inside an archive folder (Xapian opens a folder holding one as that stub).
    public static let stubName = "XAPIANDB"
    /// Most shards an archive may have.
    public static let maxShards = 64

    public static func folderName(_ k: Int) -> String { "shard-\(k)" }

    /// The shard that holds file `name` in an archive of `count` shards.
    static func route(_ name: String, count: Int) -> Int {
        guard count > 1 else { return 0 }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(h % UInt64(count))
    }

    /// The number of shards of the archive at `path`: nil for one plain database (or nothing yet).
    /// A stub that does not list exactly `shard-0` … `shard-N-1` is not one VanBan wrote: refused.
    public static func shardCount(archive path: String) throws(ArchiveError) -> Int? {
        let stub = path + "/" + stubName
        guard FileManager.default.fileExists(atPath: stub) else { return nil }
        let entries = try StubFile.read(stub)
        let ours = entries.enumerated().allSatisfy { k, e in
            if case .local(let p) = e { return (p as NSString).lastPathComponent == folderName(k) }
            return false
        }
        guard !entries.isEmpty, ours else {
            throw .badInput("\(stub) is a stub of other databases, not an archive's shards; give it to reading commands (--db \(stub)), not to index")
        }
        return entries.count
    }

    /// Whether `path` holds shard databases without the stub that lists them (a first sharded run
    /// killed before it wrote the stub).
    static func hasUnlistedShards(archive path: String) -> Bool {
        !FileManager.default.fileExists(atPath: path + "/" + stubName)
            && FileManager.default.fileExists(atPath: path + "/" + folderName(0) + "/iamglass")
            && !FileManager.default.fileExists(atPath: path + "/iamglass")
    }

    /// Removes the shard databases of an archive without a stub, each opened for writing first
    /// (so not one another process writes) and found empty; one with documents is refused.
    static func removeUnlistedEmptyShards(archive path: String) throws(ArchiveError) {
        var k = 0
        var folders: [String] = []
        while k < maxShards, FileManager.default.fileExists(atPath: path + "/" + folderName(k)) {
            let folder = path + "/" + folderName(k)
            if FileManager.default.fileExists(atPath: folder + "/iamglass") {
                let docs: Int
                do {
                    let w = try WritableDatabase(path: folder, mode: .open)
                    docs = w.docCount
                    w.close()
                } catch {
                    throw ArchiveError.from(error, path: folder)
                }
                guard docs == 0 else {
                    throw .corrupt("\(path) holds shard databases with documents but no \(stubName) stub listing them; run `vanban index … --shards N --db \(path)` with the number of shards it had")
                }
            }
            folders.append(folder)
            k += 1
        }
        for f in folders {
            do { try FileManager.default.removeItem(atPath: f) } catch { throw .io("cannot remove \(f): \(error.localizedDescription)") }
        }
    }

    /// Writes the stub listing `count` shards (atomically: a temporary file renamed).
    static func writeStub(archive path: String, count: Int) throws(ArchiveError) {
        var text = "# VanBan archive of \(count) shards (Xapian stub database file)\n"
        for k in 0..<count { text += "auto \(folderName(k))\n" }
        let file = path + "/" + stubName
        let tmp = file + ".tmp.\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)), rename(tmp, file) == 0 else {
            unlink(tmp)
            throw .io("cannot write \(file)")
        }
    }
}

/// A Xapian stub database file: one database a line, `auto PATH` (also `glass PATH`, `chert PATH`,
/// `honey PATH`; PATH relative to the stub's folder) or `remote :HOST:PORT` (a `xapian-tcpsrv`);
/// blank lines and `#` comments are ignored.
public enum StubFile {
    public enum Entry: Equatable, Sendable, CustomStringConvertible {
        case local(String)
        case remote(host: String, port: Int)

        public var description: String {
            switch self {
            case .local(let p): return p
            case .remote(let h, let p): return "remote :\(h):\(p)"
            }
        }
    }

    /// The databases a stub lists; a line it cannot read is an error naming it.
    public static func read(_ file: String) throws(ArchiveError) -> [Entry] {
        guard let data = FileManager.default.contents(atPath: file) else { throw .notFound("cannot read stub file \(file)") }
        guard let text = String(data: data, encoding: .utf8) else { throw .badInput("\(file): not a text stub file") }
        let folder = (file as NSString).deletingLastPathComponent
        var out: [Entry] = []
        for (n, line) in TableLines.of(text) {
            let parts = line.split(separator: " ", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else { throw .badInput("\(file):\(n): cannot read \"\(line)\"") }
            switch parts[0] {
            case "auto", "glass", "chert", "honey":
                let p = parts[1].hasPrefix("/") ? parts[1] : (folder.isEmpty ? "." : folder) + "/" + parts[1]
                out.append(.local(p))
            case "remote":
                // `:HOST:PORT` (tcp); a program (`remote HOST PROGRAM …`) is not supported here.
                let spec = parts[1]
                guard spec.hasPrefix(":"), let colon = spec.lastIndex(of: ":"), colon != spec.startIndex,
                      let port = Int(spec[spec.index(after: colon)...]), port > 0, port < 65536 else {
                    throw .badInput("\(file):\(n): remote databases are read as `remote :HOST:PORT`, not \"\(spec)\"")
                }
                var host = String(spec[spec.index(after: spec.startIndex)..<colon])
                if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
                out.append(.remote(host: host.isEmpty ? "127.0.0.1" : host, port: port))
            default:
                throw .badInput("\(file):\(n): unknown database type \"\(parts[0])\" (auto, glass or remote)")
            }
        }
        return out
    }
}

extension Archive {
    /// Metadata key of a token written with every commit of an index run (`Batch.commit`): what a
    /// reader knows of the revision of a remote shard.
    static let revisionKey = "vanban:revision"

    /// Merges the databases of `paths` (archives of shards, database folders, stub files listing
    /// local databases) into one new database at `destination` (Xapian's compaction, as
    /// `xapian-compact` does), with the archive's `abbreviations.tsv`. Returns the databases merged.
    public static func compact(_ paths: [String], into destination: String) throws(ArchiveError) -> [String] {
        var sources: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { throw .notFound("no index at \(p)") }
            let stub = isDir.boolValue ? p + "/" + ShardLayout.stubName : p
            if FileManager.default.fileExists(atPath: stub) {
                for e in try StubFile.read(stub) {
                    guard case .local(let l) = e else { throw .badInput("\(stub): \(e) is remote; compact merges local databases (run it where the shard lies)") }
                    sources.append(l)
                }
            } else {
                sources.append(p)
            }
        }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: destination), !entries.isEmpty {
            throw .badInput("\(destination) exists and is not empty; compact writes a new database")
        }
        do { try Xapian.compact(sources: sources, destination: destination) } catch { throw ArchiveError.from(error, path: destination) }
        let home = paths[0].hasSuffix(ShardLayout.stubName) ? (paths[0] as NSString).deletingLastPathComponent : paths[0]
        let abbreviations = home + "/" + Archive.abbreviationsFileName
        if FileManager.default.fileExists(atPath: abbreviations) {
            try? FileManager.default.copyItem(atPath: abbreviations, toPath: destination + "/" + Archive.abbreviationsFileName)
        }
        return sources
    }
}
