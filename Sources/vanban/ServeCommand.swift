import Archive
import ArgumentParser
import Foundation
import Logging
import Render
import Web

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the archive as web pages and a JSON API (read-only).",
        discussion: """
        Pages: / and /search?q=… (search; filters type, issuer, place, from, to, year, exact; page),
        /doc?ref=REF (a document), /cites?ref=REF (its citation tree), /obligations?as_of=…&plan=…
        &status=…&issuer=…&unit=… (the obligations board), /file?ref=REF (the original file).
        API (exactly what --json prints): /api/search?q=…&limit=…, /api/show?ref=…, /api/refs?ref=…,
        /api/cites?ref=…&transitive=1, /api/answers?ref=…, /api/obligations?as_of=…&plan=….

        Binds 127.0.0.1 by default. Any other address needs --users FILE (logins checked against
        bcrypt hashes; make the file with `vanban users add NAME --users FILE`) or --no-auth. Put
        TLS in front with a reverse proxy (README). The server reads the last commit of the
        database while `vanban index` writes it. One log line per request on stderr; SIGINT or
        SIGTERM stops it after the requests in flight. --port 0 picks a free port; the address is
        printed on stdout once the server listens.

        Examples:
          vanban serve --db vanban-db
          vanban serve --db vanban-db --host 0.0.0.0 --port 8080 --users /etc/vanban/users
        """
    )

    @Option(name: .long, help: "Address to listen on.") var host = "127.0.0.1"
    @Option(name: .long, help: "Port to listen on (0: a free one).") var port = 8080
    @Option(name: .long, help: ArgumentHelp("Users file (NAME:BCRYPT-HASH lines): logins required.", valueName: "FILE"))
    var users: String?
    @Flag(name: .long, help: "Serve on a non-loopback address without logins (the archive becomes readable by anyone who can reach it).")
    var noAuth = false
    @Option(name: .long, help: "Threads reading the archive, each with its own reader (default: one per core).")
    var workers: Int?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let w = workers, !(1...64).contains(w) { throw ValidationError("--workers must be between 1 and 64") }
        if users != nil && noAuth { throw ValidationError("--users and --no-auth exclude each other") }
        if !WebOptions.isLoopback(host) && users == nil && !noAuth {
            throw ValidationError("serving on \(host), which is not a loopback address, needs --users FILE (logins) or --no-auth")
        }
    }

    func run() throws {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = .info
            return h
        }
        let logger = Logger(label: "vanban.serve")
        var options = WebOptions(databasePath: common.databasePath)
        options.moreDatabases = Array(common.databasePaths.dropFirst())
        options.allowPartial = common.allowPartial
        options.host = host
        options.port = port
        options.usersFile = users
        if let workers { options.workers = workers }
        let server: WebServer
        do {
            server = try WebServer(options: options, logger: logger)
        } catch let e as ArchiveError {
            Out.error(message: e.description)
            throw ExitCode(e.exitCode)
        } catch let e as UserFileError {
            Out.error(message: e.description)
            throw ExitCode(2)
        }
        if noAuth && !WebOptions.isLoopback(host) {
            logger.warning("serving on \(host) without logins (--no-auth): anyone who reaches this address reads the archive")
        }
        let json = common.json
        let db = common.databasePaths.joined(separator: ", ")
        let app = server.application { host, port in
            let shown = host.contains(":") ? "[\(host)]" : host
            let url = "http://\(shown):\(port)/"
            let line = json ? JSON.object([("url", .string(url)), ("db", .string(db))]).serialized() : "vanban: serving \(db) at \(url)"
            // Unbuffered: whoever started the server waits for this line.
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        // The server runs on Swift concurrency; this thread waits for it (SIGINT/SIGTERM end it gracefully).
        final class Outcome: @unchecked Sendable { var error: (any Error)? }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await app.runService() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        server.shutdown()
        if let e = outcome.error {
            Out.err("vanban: error: \(String(describing: e))")
            throw ExitCode(1)
        }
    }
}
