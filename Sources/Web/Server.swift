import Archive
import Documents
import Foundation
import Hummingbird
import Logging
import Render

/// What `vanban serve` is told.
public struct WebOptions: Sendable {
    public var databasePath: String
    /// Further databases read with the first as one archive (shards, stub files, remote shards).
    public var moreDatabases: [String] = []
    /// Answer from the shards that can be read when some are down (the page says so).
    public var allowPartial = false
    public var host = "127.0.0.1"
    public var port = 8080
    /// Threads that read the archive, each with its own reader (default: one per core).
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// The users file; nil: nobody logs in (loopback, or `--no-auth`).
    public var usersFile: String?
    /// Today, the default as-of date of statuses (the JSON API uses it as the CLI does).
    public var today: @Sendable () -> DocDate = WebOptions.localToday
    public var readerOptions = ReaderOptions()

    public init(databasePath: String) { self.databasePath = databasePath }

    /// Today's date in local time.
    public static let localToday: @Sendable () -> DocDate = {
        let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
        return DocDate(year: c.year!, month: c.month!, day: c.day!)
    }

    /// Whether `host` is a loopback address (serving there needs no login).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

/// A request's context: the client's address and, when the server asks for logins, the user.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address ("-" when unknown, as in the router tests).
    public let address: String
    /// Shared by every middleware's copy of the context, so the outer ones (the log line, error
    /// pages) see the user the login middleware found.
    let notes = Notes()

    final class Notes: @unchecked Sendable {
        var user: String?
    }

    /// The user logged in (nil without logins).
    public var user: String? { notes.user }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "-"
    }

    /// Request bodies are only read by the login form.
    public var maxUploadSize: Int { 16 * 1024 }
}

/// The web interface: pages, the JSON API and what every response goes through.
public final class WebServer: Sendable {
    public let options: WebOptions
    let workers: ReaderWorkers
    let auth: Authenticator?
    let logger: Logger

    /// Opens the archive (a missing database fails here) and the users file.
    public init(options: WebOptions, logger: Logger) throws {
        self.options = options
        self.logger = logger
        workers = try ReaderWorkers(paths: [options.databasePath] + options.moreDatabases, allowPartial: options.allowPartial,
                                    count: options.workers, options: options.readerOptions)
        auth = try options.usersFile.map { try Authenticator(path: $0, logger: logger) }
    }

    /// The routes, behind the middleware (log, errors and headers; bodies; logins).
    public func router() -> Router<WebContext> {
        // HEAD on every GET route: the GET's answer, headers only (see FrontMiddleware).
        let router = Router(context: WebContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: FrontMiddleware(logger: logger, api: false))
        router.add(middleware: BodyMiddleware())
        if let auth { router.add(middleware: AuthMiddleware(auth: auth)) }
        router.get("/static/style.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Style.css)))
        }
        if let auth { LoginRoutes.register(on: router, auth: auth) }
        SearchPages.register(on: router, server: self)
        DocumentPages.register(on: router, server: self)
        CitationPages.register(on: router, server: self)
        ObligationPages.register(on: router, server: self)
        APIRoutes.register(on: router, server: self)
        return router
    }

    /// The application: the router on `options.host:options.port`; `onRunning` gets the address
    /// actually bound (port 0 picks a free one).
    public func application(onRunning: @escaping @Sendable (String, Int) async -> Void = { _, _ in }) -> some ApplicationProtocol {
        let host = options.host
        return Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: options.port), serverName: "VanBan"),
            onServerRunning: { channel in await onRunning(host, channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Lets the reading threads finish and closes their readers.
    public func shutdown() { workers.shutdown() }

    /// Runs `body` on a reader, off the event loops; archive errors become request errors.
    func read<T: Sendable>(_ body: @escaping @Sendable (ArchiveReader) throws -> T) async throws -> T {
        do { return try await workers.run(body) } catch let e as ArchiveError { throw WebError(e) }
    }

    /// An HTML page made on a reader; when shards were left out (`--allow-partial`), the page
    /// says the answer is partial and which.
    func page(_ context: WebContext, _ body: @escaping @Sendable (ArchiveReader) throws -> String) async throws -> Response {
        Response.html(try await read { reader in Layout.withPartialNotice(try body(reader), reader.partial) })
    }
}

/// A header's name (HTTPTypes' `HTTPField.Name`).
typealias HeaderName = HTTPFields.Element.Name

extension Response {
    static func html(_ s: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: s)))
    }

    /// JSON as the CLI prints it: one line, then a newline.
    static func json(_ j: JSON, status: HTTPResponse.Status = .ok) -> Response { json(text: jsonLine(j), status: status) }

    static func json(text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func jsonLine(_ j: JSON) -> String { j.serialized(pretty: false) + "\n" }
}

/// The outermost middleware: turns every error into a page (or, under `/api/`, JSON) with the
/// right status, adds the security headers to every response, and logs one line per request.
struct FrontMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let logger: Logger
    let api: Bool

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        .xContentTypeOptions: "nosniff",
        HeaderName("X-Frame-Options")!: "DENY",
        HeaderName("Referrer-Policy")!: "same-origin",
    ]

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response: Response
        let isAPI = request.uri.path.hasPrefix("/api/")
        // HEAD is answered as GET, without the body (the headers, its length included, are GET's):
        // the routes see a GET, and an error page is sent as headers only too.
        let isHead = request.method == .head
        var inner = request
        if isHead {
            var head = request.head
            head.method = .get
            inner = Request(head: head, body: request.body)
        }
        do {
            response = try await next(inner, context)
        } catch {
            let e = FrontMiddleware.webError(error)
            if e.status.code >= 500 { logger.error("\(request.method) \(Log.clean(request.uri.path)): \(Log.clean(String(describing: error)))") }
            response = isAPI ? FrontMiddleware.apiError(e) : .html(Layout.error(e, user: context.user), status: e.status)
            response.headers.append(contentsOf: e.headers)
        }
        for f in FrontMiddleware.securityHeaders where response.headers[f.name] == nil { response.headers.append(f) }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        if isHead { response = Response(status: response.status, headers: response.headers, body: .init()) }
        let took = ContinuousClock.now - start
        let ms = Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15
        logger.info("\(request.method) \(Log.clean(request.uri.string)) \(response.status.code) \(String(format: "%.1f", ms))ms user=\(context.user ?? "-") from=\(context.address)")
        return response
    }

    static func webError(_ error: any Error) -> WebError {
        switch error {
        case let e as WebError: return e
        case let e as ArchiveError: return WebError(e)
        case let e as HTTPError:
            switch e.status {
            case .notFound: return .notFound("Không có trang này.")
            case .contentTooLarge: return WebError(status: .contentTooLarge, message: "Nội dung gửi lên quá lớn.")
            default: return WebError(status: e.status, message: e.body ?? e.status.reasonPhrase)
            }
        default: return WebError(status: .internalServerError, message: "Lỗi máy chủ; chi tiết ghi trong nhật ký.")
        }
    }

    /// An error under `/api/`: an ambiguous REF as the CLI's `--json` prints it, the rest
    /// `{"error": code, "message": text}`.
    static func apiError(_ e: WebError) -> Response {
        if e.status == .conflict, !e.candidates.isEmpty { return .json(Shapes.ambiguous(e.candidates), status: .conflict) }
        return .json(.object([("error", .string(e.code)), ("message", .string(e.message))]), status: e.status)
    }
}

/// Refuses requests that carry a body where none is expected (everything but the login form), and
/// methods other than GET (HEAD reaches here as GET) and, for the forms, POST.
struct BodyMiddleware: RouterMiddleware {
    typealias Context = WebContext

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get:
            let length = request.headers[.contentLength].flatMap { Int($0) } ?? 0
            if length != 0 || request.headers[.transferEncoding] != nil {
                throw WebError.badRequest("Yêu cầu GET không được kèm nội dung.")
            }
        case .post:
            guard request.uri.path == "/login" || request.uri.path == "/logout" else {
                throw WebError(status: .methodNotAllowed, message: "Trang này chỉ nhận GET.", headers: [.allow: "GET, HEAD"])
            }
        default:
            throw WebError(status: .methodNotAllowed, message: "Chỉ nhận GET, HEAD (và POST cho biểu mẫu đăng nhập).", headers: [.allow: "GET, HEAD, POST"])
        }
        return try await next(request, context)
    }
}
