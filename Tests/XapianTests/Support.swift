import Foundation
import Xapian

#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary directory, removed on deinit.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "xapian-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func sub(_ name: String) -> String { path + "/" + name }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Builds a document from whitespace-separated words with positions 1...n,
/// plus an id term "Q<id>" and optional data.
func makeDoc(_ text: String, id: String? = nil, data: String? = nil) -> Document {
    let doc = Document()
    for (i, w) in text.split(separator: " ").enumerated() {
        doc.addPosting(String(w).lowercased(), position: UInt32(i + 1))
    }
    if let id { doc.addBooleanTerm("Q" + id) }
    doc.data = data ?? text
    return doc
}

/// Runs a search and returns the docids in rank order.
func search(_ db: Database, _ q: Query, max: Int = 100) throws(XapianError) -> [UInt32] {
    let e = Enquire(db)
    e.setQuery(q)
    return try e.mset(first: 0, max: max).items.map(\.docid)
}

/// A TCP port that was free a moment ago (bind to port 0 and read it back).
func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    precondition(fd >= 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sp in
            bind(fd, sp, len) == 0 && getsockname(fd, sp, &len) == 0
        }
    }
    precondition(ok)
    return Int(UInt16(bigEndian: addr.sin_port))
}
