import CIngest
import Foundation
import VietText

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An external program and the Debian package that installs it.
struct Tool: Sendable {
    let name: String
    let package: String
}

/// Finding and running external tools (see `Sources/CIngest/spawn.c`): each runs in a process group
/// of its own that is killed at its time limit, when its output passes its cap, and by the kernel
/// when VanBan dies (parent-death signal); it reads the file through the descriptor VanBan opened
/// (`/dev/fd/3`: no path to swap, no copy to write), and writes to pipes, never to disk.
enum Tools {
    static let pdftotext = Tool(name: "pdftotext", package: "poppler-utils")
    static let pdftoppm = Tool(name: "pdftoppm", package: "poppler-utils")
    static let pdfimages = Tool(name: "pdfimages", package: "poppler-utils")
    static let pdfinfo = Tool(name: "pdfinfo", package: "poppler-utils")
    static let antiword = Tool(name: "antiword", package: "antiword")
    static let catdoc = Tool(name: "catdoc", package: "catdoc")
    static let tesseract = Tool(name: "tesseract", package: "tesseract-ocr")

    /// The path the tool reads the input file at: the descriptor VanBan opened, as the tool's fd 3.
    static let inputPath = "/dev/fd/3"

    /// The executable's path, searched in `options.toolSearchPath` or `$PATH`.
    static func find(_ tool: Tool, _ options: IngestOptions) -> String? {
        let dirs = options.toolSearchPath
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for d in dirs where !d.isEmpty {
            let p = d + "/" + tool.name
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    static func missing(_ tool: Tool, for what: String) -> Ingest.Skip {
        Ingest.Skip("\(what) needs \(tool.name), which is not installed: install \(tool.package) (apt-get install \(tool.package))",
                    .toolMissing(package: tool.package))
    }

    struct Run {
        var status: Int32 = -1
        /// Signal that ended the tool (0: it exited).
        var signal: Int32 = 0
        var stdout: [UInt8] = []
        var stderr: String = ""
        var timedOut = false
        /// Killed because its output passed the cap.
        var outputCapped = false
        var launchError: String?
        var ok: Bool { status == 0 && signal == 0 && !timedOut && !outputCapped && launchError == nil }
        /// First non-empty stderr line, for messages.
        var firstError: String {
            if let launchError { return launchError }
            if signal != 0 { return "killed by signal \(signal)" }
            return stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? "exit status \(status)"
        }
    }

    /// What the run's trouble means for the file, when it is not a plain answer of the tool:
    /// a time-out, output over the cap, or a tool that died or could not start. A tool that ran
    /// and said no (exit status) is left to the caller, which knows the tool's codes.
    static func trouble(_ r: Run, _ tool: String, timeout: TimeInterval, cap: Int) -> Ingest.Skip? {
        if r.timedOut {
            return Ingest.Skip("\(tool) took longer than \(Budget.format(timeout)) s and was stopped", .timeout)
        }
        if r.outputCapped {
            return Ingest.Skip("text larger than \(Budget.megabytes(cap)) (\(tool)'s output)", .overBudget)
        }
        if let e = r.launchError { return Ingest.Skip(e, .toolFailed) }
        if r.signal != 0 { return Ingest.Skip("\(tool) was killed by signal \(r.signal), its output not used", .toolFailed) }
        return nil
    }

    /// Runs `exe` with `args`; `input` (a descriptor) is the tool's fd 3, `stdin` its standard
    /// input (else /dev/null). Killed after `timeout` seconds or when its stdout passes `cap` bytes.
    static func run(_ exe: String, _ args: [String], input: Int32? = nil, stdin: [UInt8]? = nil, timeout: TimeInterval,
                    cap: Int, environment: [String: String] = [:], niceness: Int = 0) -> Run {
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C.UTF-8"
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        let scratch = ToolScratch.make()
        if let scratch { env["TMPDIR"] = scratch; env["TMP"] = scratch; env["TEMP"] = scratch }
        defer { if let scratch { ToolScratch.remove(scratch) } }
        var argv: [UnsafeMutablePointer<CChar>?] = ([exe] + args).map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var res = vb_run_result()
        defer { vb_run_free(&res) }
        let ms = timeout.isFinite ? Int(max(0, min(timeout, 1e7)) * 1000) : Int(1e10)
        let rc: Int32 = argv.withUnsafeMutableBufferPointer { a in
            envp.withUnsafeMutableBufferPointer { e in
                let feed = stdin ?? []
                return feed.withUnsafeBufferPointer { s in
                    vb_run(exe, a.baseAddress, e.baseAddress, input ?? -1, stdin == nil ? nil : (s.baseAddress ?? UnsafePointer(bitPattern: 1)),
                           s.count, ms, max(0, cap), Int32(clamping: niceness), scratch, UInt64(max(0, cap)), &res)
                }
            }
        }
        var run = Run()
        if rc != 0 || res.started == 0 {
            run.launchError = "cannot run \(exe): \(String(cString: strerror(res.spawn_errno)))"
            return run
        }
        run.status = res.exited != 0 ? res.status : -1
        run.signal = res.signal
        run.timedOut = res.timed_out != 0
        run.outputCapped = res.output_capped != 0
        if let p = res.out, res.out_len > 0 { run.stdout = Array(UnsafeBufferPointer(start: p, count: res.out_len)) }
        if let p = res.err, res.err_len > 0 { run.stderr = String(decoding: UnsafeBufferPointer(start: p, count: res.err_len), as: UTF8.self) }
        return run
    }
}

/// The tools' temporary folder (their TMPDIR): one per run, mode 0700, removed when the run ends.
/// Nothing of ours is written there (tools read a descriptor and write to pipes); it holds what a
/// tool might write on its own. A folder left by a VanBan that was killed is removed by the next
/// VanBan that runs a tool (its name carries the process id).
enum ToolScratch {
    static let prefix = "vanban-tool-"
    private static let sweep: Void = {
        let base = FileManager.default.temporaryDirectory.path
        let uid = getuid()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid != getpid() else { continue }
            var st = stat()
            let path = base + "/" + name
            guard lstat(path, &st) == 0, st.st_uid == uid, (st.st_mode & S_IFMT) == S_IFDIR else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { ToolScratch.remove(path) }
        }
    }()

    static func make() -> String? {
        _ = sweep
        var template = Array((FileManager.default.temporaryDirectory.path + "/\(prefix)\(getpid())-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else { return nil }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        chmod(path, 0o700)
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
