import CGuard
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What an index run is reading, kept in `DB/reading.log` so that a file that stops a run (VanBan
/// crashes or is killed while reading or parsing it) is known to the next run, which skips it
/// rather than dying on it again: one poison file never blocks an archive.
///
/// Each worker writes the file it starts into its slot and clears the slot when done (`CGuard`). A
/// crash signal marks the slot of the thread it hit; an interrupt (SIGINT, SIGTERM, SIGHUP) marks
/// the whole log as interrupted (the files being read are then not to blame). A run that ends,
/// well or with an error, empties the log. So the next run reads what the last one left:
///
/// - a crash on a worker: that worker's file is the culprit, for sure;
/// - memory: while files are being read, a watcher samples the process's resident memory; past
///   the budget, it marks the slots being read ('M'), and a slot is cleared when its file is done.
///   If the system then kills the run for its memory, the mark stays: a lone marked file is the
///   culprit; several marked files are suspects;
/// - a kill without a mark (kill -9, a power cut): the files being read are suspects, never
///   culprits (the kill had nothing to do with them, as far as anyone can tell). The next run reads
///   its suspects first, one at a time, the log saying so ('S'), so that a culprit among them is
///   found alone.
///
/// A culprit is recorded in the database (metadata `poison:NAME` with its size and mtime) and skipped,
/// with a warning, until it changes.
final class ReadingLog: @unchecked Sendable {
    static let fileName = "reading.log"

    /// A file as the log names it: its name in the archive and the version read.
    struct Entry: Equatable, Hashable {
        var name: String
        var size: Int
        var mtime: Int64

        var encoded: String { "\(size)\t\(mtime)\t\(name)" }
        init(name: String, size: Int, mtime: Int64) { self.name = name; self.size = size; self.mtime = mtime }
        init?(_ s: Substring) {
            let p = s.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard p.count == 3, let size = Int(p[0]), let mtime = Int64(p[1]) else { return nil }
            self.init(name: String(p[2]), size: size, mtime: mtime)
        }
    }

    /// What the last run left: files to blame, files to suspect.
    struct Findings: Equatable {
        var culprits: [Entry] = []
        var suspects: [Entry] = []
        var isEmpty: Bool { culprits.isEmpty && suspects.isEmpty }
    }

    /// Reads the log the last run left (empty when it ended normally or there is none).
    static func findings(dbPath: String) -> Findings {
        guard let data = FileManager.default.contents(atPath: dbPath + "/" + fileName), data.count >= Int(VB_GUARD_SLOT) else { return Findings() }
        let bytes = [UInt8](data)
        let slot = Int(VB_GUARD_SLOT)
        let header = bytes[0]
        if header == UInt8(ascii: "I") { return Findings() }
        var out = Findings()
        var overBudget: [Entry] = []
        var k = slot
        while k + slot <= bytes.count {
            let flag = bytes[k]
            if flag == UInt8(ascii: "C") || flag == UInt8(ascii: "R") || flag == UInt8(ascii: "M") {
                let body = bytes[(k + 1)..<(k + slot)]
                let end = body.firstIndex(of: 0) ?? body.endIndex
                if let s = String(validating: body[body.startIndex..<end], as: UTF8.self), let e = Entry(Substring(s)) {
                    switch flag {
                    case UInt8(ascii: "C"): out.culprits.append(e)
                    case UInt8(ascii: "M"): overBudget.append(e)
                    default: out.suspects.append(e)
                    }
                }
            }
            k += slot
        }
        if out.culprits.isEmpty && overBudget.count == 1 && (out.suspects.isEmpty || header == UInt8(ascii: "S")) {
            // Over its memory budget alone when the run died.
            out.culprits = overBudget
        } else {
            out.suspects += overBudget
        }
        return out
    }

    private(set) var isOpen = false
    let slots: Int
    private let watcher: MemoryWatcher?

    /// Starts this run's log (the last run's findings must have been read first), with `slots`
    /// slots for as many threads reading at once, and a memory watcher for `memoryBudget` bytes
    /// above what the process holds now. Without it (a folder we may not write) a run goes on
    /// unguarded.
    init(dbPath: String, slots: Int, memoryBudget: Int? = nil) {
        self.slots = slots
        isOpen = vb_guard_open(dbPath + "/" + ReadingLog.fileName, Int32(slots)) == 0
        watcher = isOpen ? memoryBudget.map { MemoryWatcher(budget: $0) } : nil
    }

    /// The calling thread starts on `entry`, in `slot` (1…slots).
    func enter(_ slot: Int, _ entry: Entry) {
        guard isOpen else { return }
        var s = entry.encoded
        s.withUTF8 { vb_guard_enter(Int32(slot), UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), $0.count) }
    }

    /// The calling thread is done with the file of `slot`.
    func leave(_ slot: Int) {
        guard isOpen else { return }
        vb_guard_leave(Int32(slot))
    }

    /// Whether the files being read are the last run's suspects, read one at a time.
    func readingSuspects(_ on: Bool) {
        guard isOpen else { return }
        vb_guard_phase(on ? CChar(UInt8(ascii: "S")) : 0)
    }

    /// The run is over: the log is emptied, the signal handlers put back.
    func close() {
        guard isOpen else { return }
        isOpen = false
        watcher?.stop()
        vb_guard_close()
    }

    deinit { close() }
}

extension Archive {
    /// Metadata key of a file that stopped a run: `poison:NAME` = `size|mtime`.
    static func poisonKey(_ name: String) -> String { "poison:" + name }
}

/// Samples the process's resident memory (/proc/self/statm) every 20 ms while a run reads files;
/// past `budget` bytes above where it started, marks the slots being read ('M', `vb_guard_mark_memory`).
final class MemoryWatcher: @unchecked Sendable {
    private let limit: Int
    private let cond = NSCondition()
    private var stopped = false

    init(budget: Int) {
        limit = (MemoryWatcher.residentBytes() ?? 0) + budget
        Thread.detachNewThread { [self] in
            cond.lock()
            while !stopped {
                _ = cond.wait(until: Date().addingTimeInterval(0.02))
                if stopped { break }
                if let rss = MemoryWatcher.residentBytes(), rss > limit { vb_guard_mark_memory() }
            }
            cond.unlock()
        }
    }

    func stop() {
        cond.lock(); stopped = true; cond.broadcast(); cond.unlock()
    }

    /// Resident memory of this process, from /proc/self/statm (nil elsewhere).
    static func residentBytes() -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = Glibc.close(fd) }
        var buf = [UInt8](repeating: 0, count: 128)
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, 128) }
        guard n > 0 else { return nil }
        // "size resident shared …" in pages.
        let fields = buf[0..<n].split(separator: 0x20)
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
