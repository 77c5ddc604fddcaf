#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading (and parsing) one file may cost: CPU time of the thread doing it, bytes of text it
/// may give, and bytes of work it may make on the way (a .docx's inflated XML, a tool's output).
/// Readers call `tick()` in their loops (cheap: the clock is read every 1,024 calls) and `text(_:)`
/// / `work(_:_:)` as their output grows; going over throws `Budget.Exceeded` with a reason for
/// people ("took longer than 5 s to read", "text larger than 50 MB").
///
/// Time is the CPU time of the calling thread, not the wall clock: a machine shared with other
/// work does not make a file over budget, and time spent waiting for an external tool (which has
/// its own time limit) is not counted. One budget serves one file on one thread.
public final class Budget: @unchecked Sendable {
    public struct Exceeded: Error, Sendable, Equatable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }

    /// CPU seconds the file may take.
    public let seconds: Double
    /// Largest text, in UTF-8 bytes.
    public let textBytes: Int
    /// Largest total of intermediate bytes (inflated XML, tool output).
    public let workBytes: Int
    /// Intermediate bytes made so far.
    public private(set) var workUsed = 0

    private let start: Double
    private var countdown = Budget.interval
    static let interval = 1024

    public init(seconds: Double = 5, textBytes: Int = 50 * 1024 * 1024, workBytes: Int = 256 * 1024 * 1024) {
        self.seconds = seconds
        self.textBytes = textBytes
        self.workBytes = workBytes
        start = Budget.cpuSeconds()
    }

    /// No limit (the readers' entry points that take no budget).
    public static func unlimited() -> Budget { Budget(seconds: .infinity, textBytes: .max, workBytes: .max) }

    /// One step of a reader's loop: every 1,024 steps, the clock.
    @inline(__always)
    public func tick() throws(Exceeded) {
        countdown &-= 1
        if countdown <= 0 { try checkTime() }
    }

    /// The clock now.
    public func checkTime() throws(Exceeded) {
        countdown = Budget.interval
        if seconds.isFinite && Budget.cpuSeconds() - start > seconds {
            throw Exceeded(reason: "took longer than \(Budget.format(seconds)) s to read")
        }
    }

    /// CPU seconds used so far.
    public var elapsed: Double { Budget.cpuSeconds() - start }

    /// The text has `bytes` UTF-8 bytes so far.
    @inline(__always)
    public func text(_ bytes: Int) throws(Exceeded) {
        if bytes > textBytes { throw Exceeded(reason: "text larger than \(Budget.megabytes(textBytes))") }
    }

    /// `bytes` more intermediate bytes of `what` ("word/document.xml", "pdftoppm's output").
    public func work(_ bytes: Int, _ what: String) throws(Exceeded) {
        workUsed += bytes
        if workUsed > workBytes { throw Exceeded(reason: "\(what) larger than \(Budget.megabytes(workBytes))") }
    }

    /// Intermediate bytes still allowed.
    public var workLeft: Int { max(0, workBytes - workUsed) }

    /// "50 MB" (or "N bytes" when not whole megabytes), for messages.
    public static func megabytes(_ n: Int) -> String {
        n >= 1024 * 1024 && n % (1024 * 1024) == 0 ? "\(n / (1024 * 1024)) MB" : "\(n) bytes"
    }

    /// Seconds for messages: "5", "0.5".
    public static func format(_ s: Double) -> String {
        s == s.rounded() && s < 1e9 ? String(Int(s)) : String(s)
    }

    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
