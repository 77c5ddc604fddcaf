import Documents
import Foundation
import VietText
import Xapian

extension Archive {
    /// One Xapian document: folded and exact terms with positions, filter terms, citation terms,
    /// the date value and the parsed document as JSON data.
    static func makeXapianDocument(_ sd: StoredDocument) -> Xapian.Document {
        let d = Xapian.Document()
        let p = sd.doc
        for t in Tokenizer.tokenize(p.text) {
            let pos = UInt32(t.position + 1)
            if let term = Schema.clip(t.folded) { d.addPosting(term, position: pos) }
            if let term = Schema.clip(Schema.exact + t.exact) { d.addPosting(term, position: pos) }
            if t.kind == .word, t.folded.count > 1, t.folded.first == "0", t.folded.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                // "06 tháng" is also found by "6 thang".
                d.addPosting(Schema.stripLeadingZeros(t.folded), position: pos)
            }
        }
        d.addBooleanTerm(Schema.idTerm(sd.id))
        if let t = Schema.clip(Schema.fileTerm(sd.file)) { d.addBooleanTerm(t) }
        if let type = p.type {
            d.addBooleanTerm(Schema.typeTerm(type))
            if let t = Schema.clip(Schema.typeWord + Schema.numberKey(type)) { d.addTerm(t) }
        }
        if let n = p.number {
            if let t = Schema.clip(Schema.number + Schema.numberKey(n)) { d.addBooleanTerm(t) }
            d.addBooleanTerm(Schema.serial + Schema.stripLeadingZeros(DocumentNumber.serial(of: n)))
        }
        if let date = p.date { d.addBooleanTerm(Schema.year + String(date.year)) }
        if p.draft { d.addBooleanTerm(Schema.draft + "draft") }
        if !p.obligations.isEmpty { d.addBooleanTerm(Schema.hasObligations + "yes") }
        addFieldWords(p.issuer, prefix: Schema.issuer, to: d)
        addFieldWords(p.place, prefix: Schema.place, to: d)
        for r in p.references {
            let key = Schema.numberKey(r.number)
            if let t = Schema.clip(Schema.cites + key) { d.addBooleanTerm(t) }
            if let t = Schema.clip(Schema.relation + r.relation.rawValue + ":" + key) { d.addBooleanTerm(t) }
            // By serial alone: short mentions ("Kết luận 226") and full ones meet under one term.
            if let t = Schema.clip(Schema.citesSerial + Schema.serialKey(type: nil, serial: DocumentNumber.serial(of: r.number))) {
                d.addBooleanTerm(t)
            }
        }
        d.setValue(Schema.dateSlot, p.date?.sortKey ?? "")
        d.setValue(Schema.idSlot, sd.id)
        if let json = try? JSONEncoder().encode(sd) { d.data = String(decoding: json, as: UTF8.self) }
        return d
    }

    private static func addFieldWords(_ text: String?, prefix: String, to d: Xapian.Document) {
        guard let text else { return }
        for t in Tokenizer.tokenize(VietText.normalize(text)) where t.kind == .word {
            if let term = Schema.clip(prefix + t.folded) { d.addPosting(term, position: UInt32(t.position + 1)) }
        }
    }
}
