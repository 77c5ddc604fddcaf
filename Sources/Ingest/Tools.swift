import Foundation

/// An external program and the Debian package that installs it.
struct Tool: Sendable {
    let name: String
    let package: String
}

/// Finding and running external tools with a time limit.
enum Tools {
    static let pdftotext = Tool(name: "pdftotext", package: "poppler-utils")
    static let pdftoppm = Tool(name: "pdftoppm", package: "poppler-utils")
    static let pdfimages = Tool(name: "pdfimages", package: "poppler-utils")
    static let antiword = Tool(name: "antiword", package: "antiword")
    static let catdoc = Tool(name: "catdoc", package: "catdoc")
    static let tesseract = Tool(name: "tesseract", package: "tesseract-ocr")

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

    static func missing(_ tool: Tool, for what: String) -> IngestResult {
        .skipped(reason: "\(what) needs \(tool.name), which is not installed: install \(tool.package) (apt-get install \(tool.package))",
                 kind: .toolMissing(package: tool.package))
    }

    struct Run {
        var status: Int32
        var stdout: Data
        var stderr: String
        var timedOut: Bool
        var launchError: String?
        var ok: Bool { status == 0 && !timedOut && launchError == nil }
        /// First non-empty stderr line, for messages.
        var firstError: String {
            if let launchError { return launchError }
            return stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? "exit status \(status)"
        }
    }

    /// Runs `exe` with `args`, stdin from /dev/null, stdout and stderr to temporary files (no pipe can
    /// fill up and block), killed after `timeout` seconds.
    static func run(_ exe: String, _ args: [String], timeout: TimeInterval, in dir: URL, environment: [String: String] = [:],
                    niceness: Int = 0) -> Run {
        let outURL = dir.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errURL = dir.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        guard let outH = try? FileHandle(forWritingTo: outURL), let errH = try? FileHandle(forWritingTo: errURL) else {
            return Run(status: -1, stdout: Data(), stderr: "", timedOut: false, launchError: "cannot create temporary files in \(dir.path)")
        }
        let p = Process()
        // nice execs the tool, so the process (and what a time-out kills) is the tool itself.
        if niceness > 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/nice") {
            p.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
            p.arguments = ["-n", String(min(niceness, 19)), exe] + args
        } else {
            p.executableURL = URL(fileURLWithPath: exe)
            p.arguments = args
        }
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C.UTF-8"
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = outH
        p.standardError = errH
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        do {
            try p.run()
        } catch {
            try? outH.close(); try? errH.close()
            return Run(status: -1, stdout: Data(), stderr: "", timedOut: false, launchError: "cannot run \(exe): \(error.localizedDescription)")
        }
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            p.terminate()
            if done.wait(timeout: .now() + 2) == .timedOut {
                kill(p.processIdentifier, SIGKILL)
                _ = done.wait(timeout: .now() + 5)
            }
        }
        try? outH.close(); try? errH.close()
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        return Run(status: p.isRunning ? -1 : p.terminationStatus, stdout: out, stderr: err, timedOut: timedOut, launchError: nil)
    }

    /// A fresh temporary folder, removed by the caller.
    static func tempDir() -> URL? {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("vanban-ingest-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true) } catch { return nil }
        return u
    }
}
