/// Escaping of text put into markup (HTML pages, the XML of a .docx): `&`, `<`, `>`, `"` as
/// entities, and `'` too for HTML (so a text is safe in any attribute); XML drops the control
/// characters XML 1.0 does not allow.
public enum MarkupEscape {
    public enum Dialect: Sendable { case html, xml }

    public static func escape(_ s: String, _ dialect: Dialect, into out: inout String) {
        // Most strings need no escape: appended whole (the same bytes the loop below would append).
        let xml = dialect == .xml
        if !s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || (xml && $0 < 0x20) }) {
            out += s
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where !xml: out += "&#39;"
            default:
                if xml, u.value < 0x20, u != "\t", u != "\n", u != "\r" { continue }
                out.unicodeScalars.append(u)
            }
        }
    }

    public static func escape(_ s: String, _ dialect: Dialect) -> String {
        var out = ""
        escape(s, dialect, into: &out)
        return out
    }
}
