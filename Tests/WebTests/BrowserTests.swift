import Foundation
import Testing

/// Headless Chromium (Debian's `chromium`, installed by scripts/install-deps.sh) against a real
/// `vanban serve` on the seeds: the DOM after the page loaded (`--dump-dom`) and screenshots, kept
/// in .build/web-screenshots/ as test artefacts. Skipped, with that said, only when no Chromium is
/// installed.
enum Browser {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static let shots = Fixture.root.appendingPathComponent(".build/web-screenshots")

    /// Chromium's arguments: headless, no sandbox (tests run as root), its profile in a temp folder.
    static func run(_ args: [String], url: String) throws -> (code: Int32, out: String) {
        let profile = Fixture.tempDir("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path!)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                       "--user-data-dir=" + profile.path, "--hide-scrollbars"] + args + [url]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func dom(_ url: String) throws -> String {
        let r = try run(["--dump-dom", "--virtual-time-budget=5000"], url: url)
        #expect(r.code == 0)
        return r.out
    }

    @discardableResult
    static func screenshot(_ url: String, name: String, size: String = "1280,1600") throws -> URL {
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let file = shots.appendingPathComponent(name + ".png")
        try? FileManager.default.removeItem(at: file)
        _ = try run(["--screenshot=" + file.path, "--window-size=" + size], url: url)
        let data = (try? Data(contentsOf: file)) ?? Data()
        #expect(data.count > 10_000, "\(name): no screenshot")
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "\(name): not a PNG")
        return file
    }

    /// The texts of the elements `<tag …attribute…>…</tag>` (no nesting of the same tag).
    static func elements(_ html: String, _ open: String, close: String) -> [String] {
        html.components(separatedBy: open).dropFirst().map { String($0.components(separatedBy: close)[0]) }
    }
}

@Suite("real browser", .serialized, .enabled(if: Browser.path != nil,
                                             "chromium is not installed (scripts/install-deps.sh installs it): the browser test is skipped"))
struct BrowserTests {
    @Test func searchDocumentAndCitationTreeInChromium() throws {
        let server = try ServeProcess(db: Fixture.corpusDB)
        defer { _ = server.stop() }
        let base = server.url

        // The search page: results, the accented words highlighted though typed without accents.
        let search = try Browser.dom(base + "search?q=chan+chinh+le+loi")
        let hits = Browser.elements(search, "<li class=\"hit\">", close: "</li>")
        #expect(hits.count >= 3, "\(search.prefix(500))")
        let marks = Set(Browser.elements(search, "<mark>", close: "</mark>"))
        #expect(marks.contains("chấn"), "\(marks)")
        #expect(marks.contains("lề") && marks.contains("lối"), "\(marks)")
        #expect(search.contains("6757/KH-SYT</a>"))
        try Browser.screenshot(base + "search?q=chan+chinh+le+loi", name: "search")
        try Browser.screenshot(base + "search?q=chan+chinh+le+loi", name: "search-phone", size: "390,1400")

        // "ke hoach 6757" finds the plan first.
        let byNumber = try Browser.dom(base + "search?q=ke+hoach+6757")
        #expect(Browser.elements(byNumber, "<a class=\"hit-title\"", close: "</a>").first?.hasSuffix(">6757/KH-SYT") == true)

        // The plan: 660/BC-TTYT answers it on time.
        let doc = try Browser.dom(base + "doc?ref=6757/KH-SYT")
        let answers = Browser.elements(doc, "<ul class=\"answers\">", close: "</ul>").first ?? ""
        let onTime = Browser.elements(answers, "<li data-on-time=\"true\">", close: "</li>")
        #expect(onTime.count == 1, "\(answers)")
        #expect(onTime.first?.contains("660/BC-TTYT</a>") == true)
        #expect(onTime.first?.contains("đúng hạn") == true)
        try Browser.screenshot(base + "doc?ref=6757/KH-SYT", name: "document", size: "1280,3000")

        // The chain of 226-KL/TW: every seed document that carries it out, in the tree and the graph.
        let tree = try Browser.dom(base + "cites?ref=226-KL/TW")
        let ids = Set(Browser.elements(tree, "data-id=\"", close: "\""))
        for id in ["001_922092c7574fa99d.txt#0", "002_08d73f6826bb5330.txt#0", "002_08d73f6826bb5330.txt#1", "004_e05cffab4db0f5af.txt#0"] {
            #expect(ids.contains(id), "\(id) not in the tree: \(ids)")
        }
        #expect(tree.contains("<svg class=\"graph\""))
        try Browser.screenshot(base + "cites?ref=226-KL/TW", name: "cites")

        // The board: overdue obligations in red rows.
        let board = try Browser.dom(base + "obligations?as_of=2026-11-22&status=overdue")
        #expect(Browser.elements(board, "<tr class=\"status-overdue\"", close: "</tr>").count == 6)
        try Browser.screenshot(base + "obligations?as_of=2026-11-22", name: "obligations", size: "1280,2400")
    }

    /// A dev plan unit by unit: 1268/KH-SGDĐT of the Nghệ An education department binds four
    /// high schools; as of 22/11/2026 three of them still owe their own plan due 15/06.
    @Test func aDevPlanUnitByUnitInChromium() throws {
        let server = try ServeProcess(db: Fixture.devDB)
        defer { _ = server.stop() }
        let url = server.url + "obligations?plan=02_kh1268_sgddt_nghean.txt%230&as_of=2026-11-22"
        let dom = try Browser.dom(url)
        let table = Browser.elements(dom, "<table class=\"matrix\"", close: "</table>").first ?? ""
        #expect(table.hasPrefix(" data-units=\"4\" data-dues=\"4\""), "\(dom.prefix(800))")
        let units = Browser.elements(table, "<tr data-unit=\"", close: "\"")
        #expect(Set(units) == ["Trường THPT chuyên Phan Bội Châu", "Trường THPT Huỳnh Thúc Kháng", "Trường THPT Cửa Lò", "Trường THPT Nam Đàn 2"])
        // Huỳnh Thúc Kháng sent its plan in time; the other three are overdue on 15/06, in red.
        #expect(Browser.elements(table, "<td class=\"status-overdue\"", close: "</td>").count == 3)
        #expect(Browser.elements(table, "<td class=\"status-late\"", close: "</td>").count == 1)
        let reminders = Browser.elements(dom, "<ul class=\"reminders\">", close: "</ul>").first ?? ""
        #expect(Browser.elements(reminders, "<li data-due=\"", close: "\"") == ["2026-06-15"])
        #expect(reminders.contains("3 đơn vị chưa báo cáo"))
        #expect(reminders.contains("format=docx"))
        try Browser.screenshot(url, name: "obligations-by-unit", size: "1280,1400")
        try Browser.screenshot(url, name: "obligations-by-unit-phone", size: "390,1600")
    }
}
