import Foundation
import Xapian

extension ArchiveReader {
    /// Seconds a remote shard (`xapian-tcpsrv`) may take to connect and to answer each request
    /// before it counts as down: `VANBAN_REMOTE_TIMEOUT` (seconds), else 5.
    static let remoteTimeoutMs: Int = {
        if let v = ProcessInfo.processInfo.environment["VANBAN_REMOTE_TIMEOUT"], let s = Double(v), s > 0 { return Int(s * 1000) }
        return 5_000
    }()

    /// Opens several databases as one archive, answering exactly as one database holding the same
    /// documents would. Each of `paths` is a database folder, an archive of shards (a folder
    /// holding the stub `XAPIANDB`), or a Xapian stub file (`auto PATH`, `remote :HOST:PORT`
    /// lines: `StubFile`). Every database is opened on its own, so one that is missing or does
    /// not answer (remote ones within `remoteTimeoutMs`) is named in the error (exit 1) or, with
    /// `allowPartial`, left out and named in `partial`.
    ///
    /// The snapshot's revision tag is every shard's, in order (their order fixes the docids of the
    /// whole): a local shard's from its version file, a remote one's from the token its index runs
    /// write with every commit. The citation and obligations tables are kept beside the archive
    /// folder or stub file, or in memory when several paths are given, a shard is left out, or a
    /// remote shard has no token (written by an older version).
    public static func open(paths: [String], options: ReaderOptions = ReaderOptions(), allowPartial: Bool = false) throws(ArchiveError) -> ArchiveReader {
        guard let first = paths.first else { throw .badInput("no database given") }
        var entries: [StubFile.Entry] = []
        var lockFolders: [String] = []
        var partial: [String] = []
        var viaStub = paths.count > 1
        for p in paths {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: p, isDirectory: &isDir)
            if exists && !isDir.boolValue {
                entries += try StubFile.read(p)
                viaStub = true
                for case .local(let l) in try StubFile.read(p) {
                    lockFolders.append(l)
                    let parent = (l as NSString).deletingLastPathComponent
                    if FileManager.default.fileExists(atPath: parent + "/" + ShardLayout.stubName) { lockFolders.append(parent) }
                }
            } else if exists && FileManager.default.fileExists(atPath: p + "/" + ShardLayout.stubName) {
                entries += try StubFile.read(p + "/" + ShardLayout.stubName)
                viaStub = true
                lockFolders.append(p)
            } else if exists {
                entries.append(.local(p))
                lockFolders.append(p)
            } else if paths.count == 1 {
                throw .notFound("no index at \(p); run `vanban index PATH --db \(p)` first")
            } else if allowPartial {
                partial.append("\(p): no such database")
            } else {
                throw .io("database \(p) is missing; --allow-partial answers from the others")
            }
        }
        var isDir: ObjCBool = false
        let firstIsFolder = FileManager.default.fileExists(atPath: first, isDirectory: &isDir) && isDir.boolValue
        let home = firstIsFolder ? first : (first as NSString).deletingLastPathComponent
        let hasRemote = entries.contains { if case .remote = $0 { return true } else { return false } }
        let locals = entries.compactMap { e -> String? in if case .local(let l) = e { return l } else { return nil } }
        do {
            // The locks first, then the snapshot: see ReaderLock.
            var seen = Set<String>()
            let locks = lockFolders.filter { seen.insert($0).inserted }.compactMap { ReaderLock(reader: $0) }
            // The revision before and after opening: equal, the snapshot is that revision.
            let before = CitationTable.revisionTag(shards: locals)
            var opened: [(Database, String)] = []
            // Each remote shard's revision, as its last index run's commit token says (nil: unknown).
            var remoteRevisions: [String?] = []
            for e in entries {
                do throws(XapianError) {
                    switch e {
                    case .local(let l):
                        var d: ObjCBool = false
                        guard FileManager.default.fileExists(atPath: l, isDirectory: &d), d.boolValue else {
                            throw .databaseNotFound("no such folder")
                        }
                        opened.append((try Database(path: l), l))
                    case .remote(let host, let port):
                        let d = try Database.remote(host: host, port: port, timeoutMs: remoteTimeoutMs)
                        opened.append((d, e.description))
                        let token = try d.metadata(Archive.revisionKey)
                        remoteRevisions.append(token.isEmpty ? nil : "remote:\(Schema.version):" + token)
                    }
                } catch {
                    // A lone plain database keeps the errors it always had (not found: exit 4).
                    if !viaStub { throw error }
                    let why = "\(e): \(error.message.isEmpty ? error.description : error.message)"
                    if allowPartial { partial.append(why); continue }
                    throw ArchiveError.io("shard \(why) — not available; --allow-partial answers from the others")
                }
            }
            guard !opened.isEmpty else {
                throw ArchiveError.io("no database of \(paths.joined(separator: ", ")) could be opened: \(partial.joined(separator: "; "))")
            }
            let db: Database
            if opened.count == 1 && !viaStub {
                db = opened[0].0
            } else {
                db = Database()
                for (d, _) in opened { try db.add(d) }
            }
            // Metadata of several databases is read from the first alone: ask each, keep the oldest.
            let version = options.schemaVersionOverride ?? opened.map { Int((try? $0.0.metadata(Schema.versionKey)) ?? "") ?? 1 }.min() ?? 1
            var tag: String?
            var prefix: String?
            let localTag = before != nil && before == CitationTable.revisionTag(shards: locals) ? before : nil
            if !partial.isEmpty {
                // Not the archive's tables: these live as long as this snapshot.
                tag = "memory:\(UUID().uuidString)"
            } else if hasRemote {
                // Remote shards are known by their commit tokens; without one, tables stay in memory.
                let remote = remoteRevisions.compactMap { $0 }
                if remote.count == remoteRevisions.count, locals.isEmpty || localTag != nil {
                    tag = "mixed:" + entries.map { e -> String in
                        if case .remote = e { return "remote" } else { return "local" }
                    }.joined(separator: ",") + "|" + (localTag ?? "") + "|" + remote.joined(separator: "|")
                    if paths.count == 1 { prefix = firstIsFolder ? first + "/" : first + "." }
                } else {
                    tag = "memory:\(UUID().uuidString)"
                }
            } else {
                tag = localTag
                if paths.count == 1 { prefix = firstIsFolder ? first + "/" : first + "." }
            }
            return ArchiveReader(path: home, db: db, options: options, schemaVersion: version, revisionTag: tag, tablePrefix: prefix,
                                 partial: partial, hasRemote: hasRemote, localShards: locals, readerLocks: locks, lock: NSRecursiveLock())
        } catch let e as ArchiveError {
            throw e
        } catch let e as XapianError {
            throw ArchiveError.from(e, path: first)
        } catch {
            throw ArchiveError.io("\(first): \(error)")
        }
    }

    /// The file holding this snapshot's table `name` (`citations.table`, …); nil: kept in memory.
    func tableFile(_ name: String) -> String? { tablePrefix.map { $0 + name } }
}
