import Foundation
import Xapian

extension Archive {
    /// The second stage of an index run: each walked file named in the archive (`FileNamer`,
    /// asking the shard each candidate name routes to), with the stamp found under that name, and
    /// what is to be done with it: skipped as poison (an earlier run died on it and it has not
    /// changed), left unread (its stamp says unchanged), or read.
    struct IndexPlan {
        var files: [Walk.File] = []
        var previous: [Stamp?] = []
        /// Files an earlier run died on, unchanged since (indices into `files`).
        var poisoned = Set<Int>()
        /// Files an earlier run died on that have changed since: their marks are cleared.
        var stalePoison: [String] = []
        var warnings: [String] = []
        var skipped = 0

        init(_ walked: [Walk.File], sink: IndexSink) throws(XapianError) {
            var namer = FileNamer(sink: sink)
            for var f in walked {
                guard let (name, stamp) = try namer.name(for: f) else {
                    warnings.append("\(f.relativePath): skipped, no name left for it in the archive (path too long?)")
                    skipped += 1
                    continue
                }
                f.name = name
                // A file that stopped an earlier run is skipped until it changes.
                if let mark = try? sink.metadata(Archive.poisonKey(name), ofFile: name), !mark.isEmpty {
                    if mark == "\(f.size)|\(f.mtime)" { poisoned.insert(files.count) } else { stalePoison.append(name) }
                }
                files.append(f)
                previous.append(stamp)
            }
        }

        /// Whether file `i` goes to the readers (neither poison nor unchanged by its stamp).
        func needsReading(_ i: Int) -> Bool {
            !poisoned.contains(i) && !Archive.stampSaysUnchanged(previous[i], files[i])
        }

        /// What the write stage is given for file `i` when it is not read.
        func unreadItem(_ i: Int) -> IndexEntry.Item? {
            if poisoned.contains(i) { return .poisoned }
            if let p = previous[i], Archive.stampSaysUnchanged(p, files[i]) { return .unchanged(p) }
            return nil
        }
    }
}
