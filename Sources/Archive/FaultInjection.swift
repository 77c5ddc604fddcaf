import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Faults made to order, for the tests of what an index run does when a file kills or stalls it:
/// `VANBAN_FAULT=crash:NAME`, `bomb:NAME`, `kill:NAME` or `hang:NAME` (NAME: a file's name in the
/// archive, or a part of it) makes reading that file trap (as a reader bug would), take memory until
/// the process is killed (as the out-of-memory killer would: 64 MB a step, then SIGKILL after 256 MB),
/// kill the process with SIGKILL at once (as a user or a power cut would), or never finish. Unset,
/// it costs one comparison per file.
enum FaultInjection {
    enum Kind: String { case crash, bomb, kill, hang }
    static let fault: (kind: Kind, name: String)? = {
        guard let v = ProcessInfo.processInfo.environment["VANBAN_FAULT"], let colon = v.firstIndex(of: ":"),
              let kind = Kind(rawValue: String(v[..<colon])) else { return nil }
        let name = String(v[v.index(after: colon)...])
        return name.isEmpty ? nil : (kind, name)
    }()

    /// Called as a worker starts reading the file named `name`.
    static func reading(_ name: String) {
        guard let f = fault, name.contains(f.name) else { return }
        switch f.kind {
        case .crash: fatalError("fault injected while reading \(name)")
        case .kill: kill(getpid(), SIGKILL)
        case .bomb:
            var held: [UnsafeMutableRawPointer] = []
            for _ in 0..<4 {
                let p = malloc(64 << 20)!
                memset(p, 1, 64 << 20)
                held.append(p)
                usleep(100_000)
            }
            kill(getpid(), SIGKILL)
        case .hang: while true { sleep(60) }
        }
    }
}
