import Foundation
import Testing

/// The README's examples run as shown (issue 23, item 8): `scripts/setup.sh` (without installing
/// or building, with this build's binary) fills the default database of a fresh `$HOME`, then every
/// line of the "Using it" block runs in a shell, from the repository, with `vanban` on the `PATH`,
/// and must exit 0 and print something.
@Suite("README examples")
struct ReadmeExampleTests {
    static func usingItBlock() throws -> [String] {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "\n## Using it\n") else { return [] }
        let rest = readme[section.upperBound...]
        guard let open = rest.range(of: "```sh\n"), let close = rest.range(of: "\n```", range: open.upperBound..<rest.endIndex) else { return [] }
        return rest[open.upperBound..<close.lowerBound].split(separator: "\n").map(String.init)
    }

    /// A line without its trailing comment (`  # …`, outside quotes).
    static func command(_ line: String) -> String {
        var quote: Character? = nil
        var prev: Character = " "
        var out = ""
        for c in line {
            if let q = quote { if c == q { quote = nil } }
            else if c == "'" || c == "\"" { quote = c }
            else if c == "#", prev == " " { break }
            out.append(c)
            prev = c
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    @Test func everyExampleOfUsingItRunsAndFindsSomething() throws {
        let lines = try Self.usingItBlock()
        #expect(lines.count >= 10, "\(lines)")
        let home = CLI.tempDir("readme-home")
        let env = ["HOME": home.path, "XDG_DATA_HOME": "", "VANBAN_DB": "", "VANBAN": CLI.binary]
        // The database scripts/setup.sh makes.
        let setup = try CLI.run(["-c", "cd '\(CLI.root.path)' && scripts/setup.sh --no-build"], env: env, executable: "/bin/sh")
        #expect(setup.code == 0, "setup.sh: \(setup.err)")
        #expect(FileManager.default.fileExists(atPath: home.path + "/.local/share/vanban/db/iamglass"))
        let bin = URL(fileURLWithPath: CLI.binary).deletingLastPathComponent().path
        var ran = 0
        for line in lines {
            let cmd = Self.command(line)
            guard !cmd.isEmpty, !cmd.hasPrefix("export PATH=") else { continue }
            #expect(cmd.contains("vanban "), "\(cmd)")
            let r = try CLI.run(["-c", "cd '\(CLI.root.path)' && PATH='\(bin)':\"$PATH\" && \(cmd)"], env: env, executable: "/bin/sh")
            #expect(r.code == 0, "\(cmd): exit \(r.code) \(r.err)")
            #expect(!r.out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(cmd): nothing")
            if cmd.contains(" search ") || cmd.contains(" list ") {
                #expect(!r.out.contains("không có văn bản nào khớp"), "\(cmd): \(r.out)")
            }
            ran += 1
        }
        #expect(ran >= 10)
        // The comment of the fold line says what it prints.
        let fold = lines.first { $0.contains("| vanban fold") } ?? ""
        let expected = fold.components(separatedBy: "# ").last ?? "?"
        let r = try CLI.run(["-c", "PATH='\(bin)':\"$PATH\" && \(Self.command(fold))"], env: env, executable: "/bin/sh")
        #expect(r.out.trimmingCharacters(in: .newlines) == expected.trimmingCharacters(in: .whitespaces))
    }

    @Test func theShellCompletionExamplesPrintAScript() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try CLI.run(["--generate-completion-script", shell])
            #expect(r.code == 0 && r.out.contains("search"), "\(shell)")
        }
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("vanban --generate-completion-script bash"))
    }
}
