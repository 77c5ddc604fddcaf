import Foundation
import HummingbirdBcrypt
import Logging

/// The users file of `vanban serve --users FILE`: one user a line, `NAME:HASH`, HASH a bcrypt hash
/// (`$2b$…`, also `$2a$`/`$2y$`, so an `htpasswd -B` file works); `#` starts a comment. Written by
/// `vanban users add NAME`.
public struct UserFile: Sendable {
    public private(set) var entries: [(name: String, hash: String)] = []

    /// bcrypt's cost for new passwords (2^12 rounds: about a quarter of a second here).
    public static let defaultCost: UInt8 = 12

    public init() {}

    /// Reads a users file; a malformed line is an error naming it.
    public static func read(path: String) throws(UserFileError) -> UserFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        guard let text = String(data: data, encoding: .utf8) else { throw .malformed(path, line: 0, "not UTF-8") }
        var f = UserFile()
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let l = line.trimmingCharacters(in: .whitespaces)
            if l.isEmpty || l.hasPrefix("#") { continue }
            guard let colon = l.firstIndex(of: ":") else { throw .malformed(path, line: k + 1, "expected NAME:BCRYPT-HASH") }
            let name = String(l[..<colon]), hash = String(l[l.index(after: colon)...])
            guard UserFile.isValidName(name) else { throw .malformed(path, line: k + 1, "bad user name") }
            guard UserFile.isBcrypt(hash) else { throw .malformed(path, line: k + 1, "not a bcrypt hash") }
            guard f.hash(of: name) == nil else { throw .malformed(path, line: k + 1, "user \(name) listed twice") }
            f.entries.append((name, hash))
        }
        return f
    }

    /// The file's text; `write(to:)` stores it.
    public var text: String {
        "# vanban users: NAME:BCRYPT-HASH (vanban users add NAME)\n" + entries.map { "\($0.name):\($0.hash)\n" }.joined()
    }

    /// Writes the file atomically, readable by its owner only.
    public func write(to path: String) throws(UserFileError) {
        let tmp = path + ".tmp.\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw .unwritable(path)
        }
        guard rename(tmp, path) == 0 else { unlink(tmp); throw .unwritable(path) }
    }

    public func hash(of name: String) -> String? { entries.first { $0.name == name }?.hash }

    /// Whether `password` is the user's (bcrypt: slow on purpose).
    public func verify(name: String, password: String) -> Bool {
        hash(of: name).map { Bcrypt.verify(password, hash: $0) } ?? false
    }

    /// Adds the user, or sets a new password for one already there.
    public mutating func set(name: String, password: String, cost: UInt8 = UserFile.defaultCost) {
        let h = Bcrypt.hash(password, cost: cost)
        if let k = entries.firstIndex(where: { $0.name == name }) { entries[k].hash = h } else { entries.append((name, h)) }
    }

    @discardableResult
    public mutating func remove(name: String) -> Bool {
        guard let k = entries.firstIndex(where: { $0.name == name }) else { return false }
        entries.remove(at: k)
        return true
    }

    /// 1–64 characters: ASCII letters, digits, `.`, `_`, `-`, `@`.
    public static func isValidName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 64 && s.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x5F || b == 0x2D || b == 0x40
        }
    }

    static func isBcrypt(_ h: String) -> Bool {
        (h.hasPrefix("$2b$") || h.hasPrefix("$2a$") || h.hasPrefix("$2y$")) && h.utf8.count == 60
    }
}

public enum UserFileError: Error, CustomStringConvertible {
    case unreadable(String)
    case unwritable(String)
    case malformed(String, line: Int, String)

    public var description: String {
        switch self {
        case .unreadable(let p): return "cannot read the users file \(p)"
        case .unwritable(let p): return "cannot write the users file \(p)"
        case .malformed(let p, let line, let why): return "\(p):\(line): \(why)"
        }
    }
}

/// Who may use the server and how they prove it: a login form that gives a session cookie, or
/// HTTP Basic (for scripts using the API). Passwords are checked against the users file with
/// bcrypt, off the event loops; failed attempts are logged and rate-limited (`LoginGuard`).
final class Authenticator: @unchecked Sendable {
    let path: String
    let logger: Logger
    let guardian = LoginGuard()
    let sessions = Sessions()
    private let lock = NSLock()
    private var users: UserFile
    private var loadedStamp: String
    /// Basic credentials already checked: a keyed hash of the header (not the password), the user,
    /// and until when the check holds.
    private var basicChecked: [BasicKey: (user: String, until: Date)] = [:]
    private let salts = (UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max))
    /// A hash to check unknown users against, so an unknown name takes as long as a wrong password.
    private let decoy = Bcrypt.hash(UUID().uuidString, cost: UserFile.defaultCost)

    init(path: String, logger: Logger) throws(UserFileError) {
        self.path = path
        self.logger = logger
        users = try UserFile.read(path: path)
        loadedStamp = Authenticator.stamp(path)
    }

    /// The file's size and modification time: a changed file is read again at the next login.
    private static func stamp(_ path: String) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { return "" }
        return "\(st.st_size):\(st.st_mtim.tv_sec):\(st.st_mtim.tv_nsec)"
    }

    private func currentHash(of name: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        let s = Authenticator.stamp(path)
        if s != loadedStamp {
            do {
                users = try UserFile.read(path: path)
                loadedStamp = s
                basicChecked = [:]
                logger.info("users file read again: \(users.entries.count) user(s)")
            } catch {
                logger.error("users file \(path) not read again, keeping the users loaded before: \(error)")
            }
        }
        return users.hash(of: name)
    }

    /// Checks a name and password. Throws 429 while the name or the address is locked out.
    func check(user: String, password: String, address: String) async throws(WebError) -> Bool {
        if let wait = guardian.wait(user: user, address: address) {
            logger.warning("login refused (too many failures): user=\(Log.clean(user)) from=\(address)")
            throw WebError(status: .tooManyRequests,
                           message: "Đăng nhập sai quá nhiều lần; xin thử lại sau \(Int(wait / 60) + 1) phút.",
                           headers: [.retryAfter: String(Int(wait) + 1)])
        }
        let hash = currentHash(of: user)
        let decoy = self.decoy
        let ok: Bool = await withCheckedContinuation { c in
            DispatchQueue.global().async {
                let match = Bcrypt.verify(password, hash: hash ?? decoy)
                c.resume(returning: hash != nil && match)
            }
        }
        if ok {
            guardian.succeeded(user: user)
        } else {
            guardian.failed(user: user, address: address)
            logger.warning("login failed: user=\(Log.clean(user)) from=\(address)")
        }
        return ok
    }

    struct BasicKey: Hashable { let a: Int, b: Int }

    /// The user an `Authorization: Basic …` header names, when its password is right.
    func basicUser(header: String, address: String) async throws(WebError) -> String? {
        let key = basicKey(header)
        if let user = checkedBefore(key) { return user }
        guard header.hasPrefix("Basic "), let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let pair = String(data: data, encoding: .utf8), let colon = pair.firstIndex(of: ":") else { return nil }
        let user = String(pair[..<colon]), password = String(pair[pair.index(after: colon)...])
        guard try await check(user: user, password: password, address: address) else { return nil }
        remember(key, user: user)
        return user
    }

    private func checkedBefore(_ key: BasicKey) -> String? {
        lock.lock(); defer { lock.unlock() }
        guard let hit = basicChecked[key], hit.until > Date() else { return nil }
        return hit.user
    }

    private func remember(_ key: BasicKey, user: String) {
        let now = Date()
        lock.lock(); defer { lock.unlock() }
        if basicChecked.count > 10_000 { basicChecked = basicChecked.filter { $0.value.until > now } }
        basicChecked[key] = (user, now.addingTimeInterval(600))
    }

    private func basicKey(_ header: String) -> BasicKey {
        var h1 = Hasher(), h2 = Hasher()
        h1.combine(salts.0); h1.combine(header)
        h2.combine(salts.1); h2.combine(header)
        return BasicKey(a: h1.finalize(), b: h2.finalize())
    }
}

/// Failed logins, by user name and by client address, over a sliding window: after
/// `maxPerUser` failures for one name, or `maxPerAddress` from one address, within `window`
/// seconds, further attempts are refused (429) until the oldest failure leaves the window.
final class LoginGuard: @unchecked Sendable {
    let maxPerUser: Int
    let maxPerAddress: Int
    let window: TimeInterval
    private let lock = NSLock()
    private var failures: [String: [Date]] = [:]

    init(maxPerUser: Int = 5, maxPerAddress: Int = 20, window: TimeInterval = 15 * 60) {
        self.maxPerUser = maxPerUser; self.maxPerAddress = maxPerAddress; self.window = window
    }

    /// Seconds to wait before trying again; nil: allowed now.
    func wait(user: String, address: String, now: Date = Date()) -> TimeInterval? {
        lock.lock(); defer { lock.unlock() }
        var longest: TimeInterval?
        for (key, limit) in [("u:" + user, maxPerUser), ("a:" + address, maxPerAddress)] {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent.isEmpty ? nil : recent
            if recent.count >= limit {
                let w = window - now.timeIntervalSince(recent[recent.count - limit])
                longest = max(longest ?? 0, w)
            }
        }
        return longest
    }

    func failed(user: String, address: String, now: Date = Date()) {
        lock.lock(); defer { lock.unlock() }
        if failures.count > 50_000 {
            failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
        }
        failures["u:" + user, default: []].append(now)
        failures["a:" + address, default: []].append(now)
    }

    func succeeded(user: String) {
        lock.lock(); defer { lock.unlock() }
        failures["u:" + user] = nil
    }
}

/// Logged-in sessions: a random 256-bit token in an HttpOnly, SameSite=Strict cookie, kept in
/// memory (a restart logs everyone out) for `lifetime` seconds.
final class Sessions: @unchecked Sendable {
    static let cookie = "vanban_session"
    let lifetime: TimeInterval = 12 * 3600
    private let lock = NSLock()
    private var tokens: [String: (user: String, until: Date)] = [:]

    func start(user: String) -> String {
        var g = SystemRandomNumberGenerator()
        var token = ""
        for _ in 0..<4 { token += String(format: "%016llx", g.next() as UInt64) }
        let now = Date()
        lock.lock(); defer { lock.unlock() }
        if tokens.count > 10_000 { tokens = tokens.filter { $0.value.until > now } }
        tokens[token] = (user, now.addingTimeInterval(lifetime))
        return token
    }

    func user(token: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        guard let s = tokens[token] else { return nil }
        guard s.until > Date() else { tokens[token] = nil; return nil }
        return s.user
    }

    func end(token: String) {
        lock.lock(); defer { lock.unlock() }
        tokens[token] = nil
    }
}

enum Log {
    /// Text from a request made safe for one log line: control characters as `?`, at most 200 bytes.
    static func clean(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars.prefix(200) { out.unicodeScalars.append(u.value < 0x20 || u.value == 0x7F ? "?" : u) }
        return out
    }
}
