import Archive
import Documents
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import Web

/// Archives indexed once for the tests (real files, real Xapian), and servers over them.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func tempDir(_ name: String) -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-web-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    static func index(_ paths: [String], into db: String) {
        let w = try! ArchiveWriter.open(path: db)
        _ = try! w.index(paths: paths)
        w.close()
    }

    /// The seeds, `corpus/`.
    static let corpusDB: String = {
        let db = tempDir("corpus").appendingPathComponent("db").path
        index([root.appendingPathComponent("corpus").path], into: db)
        return db
    }()

    /// Both dev sets: numbers that repeat across issuers and years (`KH 1520` is ambiguous).
    static let devDB: String = {
        let db = tempDir("dev").appendingPathComponent("db").path
        index([root.appendingPathComponent("Tests/Fixtures/eval/dev").path, root.appendingPathComponent("Tests/Fixtures/eval/dev-health").path], into: db)
        return db
    }()

    /// What hostile text puts in a page: markup, an attribute break-out, template braces.
    static let payloads = ["<script>", "\"><img src=x onerror=alert(1)>", "{{7*7}}"]

    /// The seeds and a plan whose text, header, subject and file name carry the payloads (the
    /// header is read as words, so its number and issuer keep only what such fields hold; the file
    /// name carries `&amp;`, which an unescaped page would read as an entity), citing 6757/KH-SYT
    /// and an external number.
    static let hostileDB: String = {
        let dir = tempDir("hostile")
        let docs = dir.appendingPathComponent("docs")
        try! FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        let text = """
        SỞ Y TẾ {{7*7}} "><IMG SRC=X ONERROR=ALERT(1)> <SCRIPT>ALERT(2)</SCRIPT>
        Số: 99/KH-&lt.B&quot

        Thành phố Hồ Chí Minh, ngày 12 tháng 6 năm 2026

        KẾ HOẠCH
        Về việc thử <script>alert("subject")</script> và "><img src=x onerror=alert(3)> cùng {{7*7}}

        Thực hiện Kế hoạch số 6757/KH-SYT ngày 22/5/2026 của Sở Y tế Thành phố Hồ Chí Minh; căn cứ Kết luận số 77-KL/TW.
        Nội dung: <script>alert('text')</script> "><img src=x onerror=alert(4)> {{7*7}} <b>đậm</b> &amp; &lt;
        Các đơn vị báo cáo kết quả về Sở Y tế trước ngày 30/6/2026.
        """
        try! text.write(to: docs.appendingPathComponent("hostile <b>&amp;.txt"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("db").path
        index([docs.path, root.appendingPathComponent("corpus").path], into: db)
        return db
    }()

    static let logger: Logger = {
        var l = Logger(label: "vanban.web.test")
        l.logLevel = .error
        return l
    }()

    static let november22 = DocDate(year: 2026, month: 11, day: 22)

    /// A server over `db`; `today` fixed unless said otherwise.
    static func server(_ db: String, users: String? = nil, today: DocDate? = november22, workers: Int = 2,
                       configure: (inout WebOptions) -> Void = { _ in }) throws -> WebServer {
        var o = WebOptions(databasePath: db)
        o.port = 0
        o.workers = workers
        o.usersFile = users
        if let today { o.today = { today } }
        configure(&o)
        return try WebServer(options: o, logger: logger)
    }

    /// Runs `body` against the server's application (`.router`: in process; `.live`: a real socket).
    static func test<T>(_ server: WebServer, _ setup: TestingSetup = .router,
                        _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        defer { server.shutdown() }
        return try await server.application().test(setup, body)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] }
}

extension TestClientProtocol {
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
}

/// The real `vanban` binary built next to the tests (for the CLI's `--json`, and real servers).
enum CLI {
    static let binary: String = {
        var candidates: [String] = []
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        candidates.append(argv0.appendingPathComponent("vanban").path)
        candidates.append(argv0.deletingLastPathComponent().appendingPathComponent("vanban").path)
        for sub in [".build/debug/vanban", ".build/release/vanban"] { candidates.append(Fixture.root.appendingPathComponent(sub).path) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }()

    struct Result { var code: Int32; var out: String; var err: String }

    static func run(_ args: [String], stdin: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inp.fileHandleForWriting.close()
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(code: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: errBox.data, as: UTF8.self))
    }
}

/// `vanban serve` as a real process on a free loopback port.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let url: String
    private let errBox: ErrBox

    final class ErrBox: @unchecked Sendable {
        let lock = NSLock()
        var data = Data()
    }

    /// Starts `vanban serve --db DB --port 0 ARGS…` and waits (up to 60 s) for the line with its address.
    init(db: String, _ args: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["serve", "--db", db, "--port", "0", "--json"] + args
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let box = ErrBox()
        errBox = box
        err.fileHandleForReading.readabilityHandler = { h in
            let d = h.availableData
            box.lock.lock(); box.data.append(d); box.lock.unlock()
        }
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(60)
        while !line.contains(UInt8(ascii: "\n")) && Date() < deadline {
            let d = out.fileHandleForReading.availableData
            if d.isEmpty { break }
            line.append(d)
        }
        let obj = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any]
        guard let u = obj?["url"] as? String else {
            process.terminate()
            throw ServeError.noAddress(String(decoding: line, as: UTF8.self) + " / " + String(decoding: box.data, as: UTF8.self))
        }
        url = u
    }

    enum ServeError: Error { case noAddress(String) }

    /// The port `url` names.
    var port: Int { Int(url.split(separator: ":").last!.filter(\.isNumber))! }

    /// One GET on a connection of its own (HummingbirdTesting's client: plain HTTP, no redirects
    /// followed, no credentials asked for).
    func get(_ path: String, headers: HTTPFields = [:]) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in try await client.get(path, headers: headers) }
    }

    var log: String { errBox.lock.lock(); defer { errBox.lock.unlock() }; return String(decoding: errBox.data, as: UTF8.self) }

    /// Sends `signal` and waits (up to `seconds`) for the process to end; its exit status, nil if it did not.
    func stop(signal: Int32 = SIGTERM, seconds: Double = 20) -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { process.terminate(); return nil }
        return process.terminationStatus
    }

    deinit { if process.isRunning { process.terminate() } }
}
