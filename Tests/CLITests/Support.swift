import Foundation
import Testing

/// Runs the real `vanban` binary built next to the test bundle.
enum CLI {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let binary: String = {
        var candidates: [String] = []
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(argv0.appendingPathComponent("vanban").path)
        candidates.append(argv0.deletingLastPathComponent().appendingPathComponent("vanban").path)
        for sub in [".build/debug/vanban", ".build/release/vanban"] { candidates.append(root.appendingPathComponent(sub).path) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    struct Result {
        var code: Int32
        var out: String
        var err: String
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(out.utf8))) as? [String: Any]
        }
    }

    @discardableResult
    static func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:], executable: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable ?? binary)
        p.arguments = args
        var e = ProcessInfo.processInfo.environment
        // The same output whatever the machine's locale and terminal settings (Vietnamese, no
        // colour, no width) unless a test sets them.
        for k in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "NO_COLOR", "COLUMNS"] { e[k] = nil }
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let inPipe = Pipe()
        p.standardInput = inPipe
        try p.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a full pipe never blocks the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(code: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: errBox.data, as: UTF8.self))
    }

    static func tempDir(_ name: String) -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-test-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// An index of corpus/ built once for the read-only tests.
    static let corpusDB: String = {
        let db = tempDir("corpus").appendingPathComponent("db").path
        let r = try! run(["index", root.appendingPathComponent("corpus").path, "--db", db])
        precondition(r.code == 0, "indexing corpus failed: \(r.err)")
        return db
    }()

    /// An index of both dev sets together (documents from two sectors, with repeated numbers).
    static let devDB: String = {
        let db = tempDir("dev").appendingPathComponent("db").path
        let r = try! run(["index", root.appendingPathComponent("Tests/Fixtures/eval/dev").path,
                          root.appendingPathComponent("Tests/Fixtures/eval/dev-health").path, "--db", db])
        precondition(r.code == 0 || r.code == 6, "indexing dev sets failed: \(r.err)")
        return db
    }()

    static func ids(_ results: Any?) -> [String] {
        ((results as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
    }
}
