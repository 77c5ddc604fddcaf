import Foundation
import Testing

/// Control characters in documents and file names never reach the terminal raw (issue 24, item 5):
/// an archive of hostile files, every human-readable command, stdout and stderr.
@Suite("safe output: escapes, not terminal sequences")
struct SafeOutputTests {
    /// ESC sequences (clear screen, OSC 52 clipboard write, colour), a C1 CSI, a bidi override,
    /// DEL, a carriage return, a bell.
    static let hostile = "\u{1B}[2J\u{1B}]52;c;aGFjaw==\u{07} \u{9B}31m \u{202E}ngược \u{7F} \r quay"

    static let archive: (db: String, docs: URL) = {
        let text = """
        Số: 77/KH-ABC
        V/v chấn chỉnh \(hostile) lề lối
        Kính gửi: Sở Y tế \u{1B}[31mĐỏ
        Kế hoạch chấn chỉnh lề lối làm việc \(hostile) và thực hiện Kế hoạch số 12/KH-\u{1B}[5mX.
        """
        // A name with an ESC sequence; empty files (a warning each) whose names would forge an error line.
        let (docs, db) = try! CLI.folder("hostile", ["ok\u{1B}[2J.txt": text, "a\nvanban: error: forged.txt": "", "b\nvanban: lỗi: forged.txt": ""])
        let r = try! CLI.run(["index", docs.path, "--db", db])
        precondition(r.code == 6, r.err)
        return (db, docs)
    }()

    /// No raw control character but newline (and tab), and every ESC is one of our own styles.
    static func check(_ s: String, _ what: String, styles: Bool = false) {
        for u in s.unicodeScalars {
            let v = u.value
            if v == 0x1B && styles { continue }
            let bad = (v < 0x20 && v != 0x0A && v != 0x09) || (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
            if bad { Issue.record("\(what): raw U+\(String(v, radix: 16)) in \(s.debugDescription.prefix(300))"); return }
        }
        if styles {
            // Only SGR sequences: ESC [ digits/; m.
            let parts = s.components(separatedBy: "\u{1B}").dropFirst()
            for p in parts where p.range(of: #"^\[[0-9;]*m"#, options: .regularExpression) == nil {
                Issue.record("\(what): ESC not a style: \(p.prefix(20).debugDescription)")
            }
        }
    }

    @Test func fileNamesInWarningsCannotForgeALineOrMoveTheCursor() throws {
        let db = CLI.tempDir("hostile-index").appendingPathComponent("db").path
        for lang in ["vi", "en"] {
            let r = try CLI.run(["index", Self.archive.docs.path, "--db", db + lang, "--lang", lang])
            #expect(r.code == 6)
            Self.check(r.err, "index stderr")
            Self.check(r.out, "index stdout")
            for line in r.err.split(separator: "\n") {
                #expect(line.hasPrefix("vanban: "), "\(line)")
                #expect(!line.contains("vanban: error: forged") || !line.hasPrefix("vanban: error: forged"))
            }
            #expect(r.err.contains("a\\nvanban: error: forged.txt"), "\(r.err)")
            #expect(r.err.split(separator: "\n").allSatisfy { !$0.hasPrefix("vanban: error: forged") && !$0.hasPrefix("vanban: lỗi: forged") })
        }
    }

    @Test(arguments: [["list"], ["search", "chấn chỉnh lề lối"], ["show", "77/KH-ABC"], ["refs", "77/KH-ABC"],
                      ["cites", "12/KH-ABC"], ["search", "Đỏ"], ["list", "--issuer", "Sở Y tế"]])
    func everyCommandEscapesWhatTheDocumentHolds(args: [String]) throws {
        for lang in ["vi", "en"] {
            let r = try CLI.run(args + ["--db", Self.archive.db, "--lang", lang])
            #expect(r.code == 0 || r.code == 1, "\(args): \(r.code) \(r.err)")
            Self.check(r.out, "\(args) stdout")
            Self.check(r.err, "\(args) stderr")
            // On a terminal, with colour and wrapping: still only our styles.
            let wide = try CLI.run(args + ["--db", Self.archive.db, "--lang", lang, "--color", "always"], env: ["COLUMNS": "50"])
            Self.check(wide.out, "\(args) --color always", styles: true)
        }
        // What is shown is the escape, not nothing.
        let show = try CLI.run(["show", "77/KH-ABC", "--db", Self.archive.db])
        #expect(show.out.contains("\\x1b[2J") && show.out.contains("\\x1b]52;c;aGFjaw==\\x07") && show.out.contains("\\x9b31m")
                && show.out.contains("\\u{202e}") && show.out.contains("\\x7f"), "\(show.out)")
        #expect(show.out.contains("ok\\x1b[2J.txt#0"))
    }

    @Test func jsonKeepsTheTextAsItIsEscapedTheJSONWay() throws {
        let r = try CLI.run(["show", "77/KH-ABC", "--db", Self.archive.db, "--json"])
        #expect(r.code == 0)
        #expect(!r.out.contains("\u{1B}"))    // JSON escapes ESC as \u001b
        let text = (r.json?["text"] as? String) ?? ""
        #expect(text.contains("\u{1B}[2J") && text.contains("\u{202E}"))
        #expect(r.json?["id"] as? String == "ok\u{1B}[2J.txt#0")
    }

    @Test func anAmbiguousREFListsEscapedCandidates() throws {
        let (docs, db) = try CLI.folder("hostile-ambiguous", ["x\u{1B}]52;c;aA==\u{07}.txt": "Số: 5/KH-ABC\nKế hoạch một.\n",
                                                               "y.txt": "Số: 5/KH-ABC\nKế hoạch hai.\n"])
        _ = try CLI.run(["index", docs.path, "--db", db])
        let r = try CLI.run(["show", "5/KH-ABC", "--db", db])
        #expect(r.code == 3)
        Self.check(r.err, "ambiguous stderr")
        #expect(r.err.contains("x\\x1b]52;c;aA==\\x07.txt#0"))
    }
}
