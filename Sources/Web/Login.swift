import Foundation
import Hummingbird

/// Asks for a login on every route but the login form and the style sheet: a session cookie, or
/// HTTP Basic credentials (scripts). Pages send a person to the login form; the API answers 401.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let auth: Authenticator

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/login" || path == "/static/style.css" { return try await next(request, context) }
        if let token = request.cookies[Sessions.cookie]?.value, let user = auth.sessions.user(token: token) {
            context.notes.user = user
        } else if let header = request.headers[.authorization], header.hasPrefix("Basic ") {
            guard let user = try await auth.basicUser(header: header, address: context.address) else {
                throw WebError(status: .unauthorized, message: "Sai tên đăng nhập hoặc mật khẩu.",
                               headers: [.wwwAuthenticate: "Basic realm=\"VanBan\", charset=\"UTF-8\""])
            }
            context.notes.user = user
        } else if path.hasPrefix("/api/") {
            throw WebError(status: .unauthorized, message: "Cần đăng nhập (HTTP Basic, hoặc cookie phiên từ /login).",
                           headers: [.wwwAuthenticate: "Basic realm=\"VanBan\", charset=\"UTF-8\""])
        } else {
            let back = request.uri.query.map { path + "?" + $0 } ?? path
            return Response(status: .seeOther, headers: [.location: Link("/login", [("next", back)]).string])
        }
        return try await next(request, context)
    }
}

/// `GET /login` (the form), `POST /login` (checks, starts a session, goes back to `next`),
/// `POST /logout`.
enum LoginRoutes {
    static func register(on router: Router<WebContext>, auth: Authenticator) {
        router.get("/login") { request, context in
            let params = try Params(query: request.uri.query)
            return Response.html(form(next: params.string("next"), message: nil))
        }

        router.post("/login") { request, context in
            var request = request
            guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
                throw WebError.badRequest("Biểu mẫu đăng nhập phải gửi dạng application/x-www-form-urlencoded.")
            }
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: context.maxUploadSize) } catch {
                throw WebError(status: .contentTooLarge, message: "Nội dung gửi lên quá lớn.")
            }
            let fields = try Params(query: String(buffer: body))
            let next = Link(localTarget: fields.raw("next")).string
            guard let user = fields.string("user"), let password = fields.raw("password"), !password.isEmpty else {
                return Response.html(form(next: next, message: "Nhập tên đăng nhập và mật khẩu."), status: .badRequest)
            }
            guard try await auth.check(user: user, password: password, address: context.address) else {
                return Response.html(form(next: next, message: "Sai tên đăng nhập hoặc mật khẩu."), status: .unauthorized)
            }
            let token = auth.sessions.start(user: user)
            var response = Response(status: .seeOther, headers: [.location: next])
            let secure = request.headers[HeaderName("X-Forwarded-Proto")!] == "https"
            response.setCookie(Cookie(name: Sessions.cookie, value: token, maxAge: Int(auth.sessions.lifetime), path: "/",
                                      secure: secure, httpOnly: true, sameSite: .strict))
            auth.logger.info("login: user=\(Log.clean(user)) from=\(context.address)")
            return response
        }

        router.post("/logout") { request, context in
            if let token = request.cookies[Sessions.cookie]?.value { auth.sessions.end(token: token) }
            var response = Response(status: .seeOther, headers: [.location: "/login"])
            response.setCookie(Cookie(name: Sessions.cookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
    }

    static func form(next: String?, message: String?) -> String {
        Layout.page(title: "Đăng nhập", user: nil) {
            Node.el("h1") { "Đăng nhập" }
            if let message { Node.el("p", .class("error"), Attribute("role", "alert")) { message } }
            Node.el("form", .class("login"), Attribute("action", "/login"), Attribute("method", "post")) {
                Node.void("input", .type("hidden"), .name("next"), .value(Link(localTarget: next).string))
                Node.el("label") {
                    "Tên đăng nhập"
                    Node.void("input", .type("text"), .name("user"), Attribute("autocomplete", "username"), .flag("required"), .flag("autofocus"))
                }
                Node.el("label") {
                    "Mật khẩu"
                    Node.void("input", .type("password"), .name("password"), Attribute("autocomplete", "current-password"), .flag("required"))
                }
                Node.el("button", .type("submit")) { "Đăng nhập" }
            }
        }
    }
}
