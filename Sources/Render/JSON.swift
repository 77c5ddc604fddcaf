import Archive
import Documents
import Ingest

/// A JSON value with ordered keys, written by hand so the output is stable.
public indirect enum JSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func str(_ s: String?) -> JSON { s.map { .string($0) } ?? .null }

    public func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? String(format: "%.4f", d) : "null"
        case .string(let s): JSON.escape(s, into: &out)
        case .array(let xs):
            if xs.isEmpty { out += "[]"; return }
            out += "["
            for (i, x) in xs.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                x.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .object(let kv):
            if kv.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (k, v)) in kv.enumerated() {
                if i > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                JSON.escape(k, into: &out)
                out += pretty ? ": " : ":"
                v.write(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// A serialized JSON object with `"partial":[…]` added at its end: the shards an answer lacks
    /// (`--allow-partial`); unchanged when none is missing or `s` is not an object.
    public static func withPartial(_ s: String, _ partial: [String]) -> String {
        guard !partial.isEmpty else { return s }
        var t = Substring(s)
        let newline = t.hasSuffix("\n")
        if newline { t = t.dropLast() }
        guard t.hasSuffix("}") else { return s }
        let list = JSON.array(partial.map { .string($0) }).serialized(pretty: false)
        return String(t.dropLast()) + (t.hasSuffix("{}") ? "" : ",") + "\"partial\":" + list + "}" + (newline ? "\n" : "")
    }

    static func escape(_ s: String, into out: inout String) {
        out += "\""
        // Most strings need no escape: appended whole (the same bytes the loop below would append).
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        out += "\""
    }

    public func merging(_ extra: [(String, JSON)]) -> JSON {
        guard case .object(let kv) = self else { return self }
        return .object(kv + extra)
    }
}

/// The stable JSON shapes documented in the README: what `--json` prints and the web API answers.
public enum Shapes {
    public static func ref(_ d: StoredDocument) -> JSON {
        .object([("id", .string(d.id)), ("file", .string(d.file)), ("index_in_file", .int(d.indexInFile))])
    }

    public static func document(_ details: DocumentDetails, withText: Bool = false) -> JSON {
        let d = details.document
        let p = d.doc
        let refs: [JSON] = details.references.map { reference($0, page: $0.page) }
        var obls: [JSON] = []
        if !p.obligations.isEmpty {
            let statuses = details.statuses
            for o in p.obligations {
                // The document lists each obligation once, at its first due date.
                let st = statuses.first { $0.obligation == o && $0.due == o.due } ?? statuses.first { $0.obligation == o }
                obls.append(obligation(o, due: o.due, status: st))
            }
        }
        var kv: [(String, JSON)] = [
            ("id", .string(d.id)), ("file", .string(d.file)), ("index_in_file", .int(d.indexInFile)),
            ("number", .str(p.number)), ("type", .str(p.type)), ("issuer", .str(p.issuer)), ("place", .str(p.place)),
            ("date", .str(p.date?.iso)), ("subject", .str(p.subject)), ("signer", .str(p.signer)),
            ("signer_capacity", .str(p.signerCapacity)),
            ("recipients", .array(p.recipients.map { .string($0) })),
            ("copies_to", .array(p.copiesTo.map { .string($0) })),
            ("draft", .bool(p.draft)),
        ]
        if let dd = p.date, dd.iso == nil { kv.append(("date_partial", .string(dd.description))) }
        if let pg = d.pages { kv.append(("pages", .object([("first", .int(pg.lowerBound)), ("last", .int(pg.upperBound))]))) }
        kv.append(("references", .array(refs)))
        kv.append(("obligations", .array(obls)))
        if withText { kv.append(("text", .string(p.text))) }
        return .object(kv)
    }

    public static func reference(_ rr: ResolvedReference, page: Int? = nil) -> JSON {
        let r = rr.reference
        var span: [(String, JSON)] = [("start", .int(r.span.start)), ("end", .int(r.span.end)), ("text", .string(r.text))]
        if let page { span.append(("page", .int(page))) }
        return .object([
            ("number", .string(rr.number)),
            ("type", .str(r.type ?? DocumentNumber.typeCode(of: r.number))),
            ("date", .str(r.date?.iso)),
            ("issuer", .str(r.issuer)),
            ("relation", .string(r.relation.rawValue)),
            ("span", .object(span)),
            ("resolved", rr.resolved.map(ref) ?? .null),
        ])
    }

    public static func obligation(_ o: Obligation, due: DocDate?, status: ObligationStatus?) -> JSON {
        var kv: [(String, JSON)] = [
            ("what", .string(o.what)), ("due", .str(due?.iso)), ("recurrence", .string(o.recurrence.rawValue)),
            ("reporter", .str(o.reporter)), ("recipient", .str(o.recipient)),
            ("cutoff", o.cutoff.map { .object([("from", .string($0.from)), ("to", .string($0.to))]) } ?? .null),
            ("channel", .str(o.channel)), ("template", .str(o.template)),
            ("status", .str(status?.status.rawValue)),
        ]
        if let s = status {
            kv.append(("plan", .object([("id", .string(s.plan.id)), ("file", .string(s.plan.file)),
                                        ("index_in_file", .int(s.plan.indexInFile)), ("number", .str(s.plan.number))])))
            kv.append(("reports", .array(s.reports.map { r in
                .object([("id", .string(r.id)), ("file", .string(r.file)), ("index_in_file", .int(r.indexInFile)),
                         ("number", .str(r.number)), ("date", .str(r.date?.iso))])
            })))
        } else {
            kv.append(("plan", .null))
            kv.append(("reports", .array([])))
        }
        kv.append(("span", .object([("start", .int(o.span.start)), ("end", .int(o.span.end)), ("text", .string(o.text))])))
        return .object(kv)
    }

    public static func status(_ s: ObligationStatus) -> JSON {
        obligation(s.obligation, due: s.due, status: s)
    }
}

extension Shapes {
    /// `search --json`.
    public static func search(_ resp: SearchResponse, reader: ArchiveReader, asOf: DocDate) throws(ArchiveError) -> JSON {
        var results: [JSON] = []
        for h in resp.hits {
            var extra: [(String, JSON)] = [
                ("score", .double(h.score)),
                ("snippet", .string(h.snippet.text)),
                ("snippet_line", .int(h.snippet.line)),
            ]
            if let p = h.snippet.page { extra.append(("snippet_page", .int(p))) }
            if let e = h.explanation {
                extra.append(("explain", .object([
                    ("pinned", .bool(e.pinned)),
                    ("parts", .array(e.parts.map { .object([("label", .string($0.label)), ("weight", .double($0.weight))]) })),
                ])))
            }
            results.append(document(try reader.details(of: h.document, asOf: asOf)).merging(extra))
        }
        var top: [(String, JSON)] = [("query", .string(resp.query)), ("total", .int(resp.total)), ("results", .array(results))]
        if let s = resp.suggestion { top.append(("suggestion", .string(s))) }
        return .object(top)
    }

    /// `list --json`.
    public static func list(_ docs: [StoredDocument], reader: ArchiveReader, asOf: DocDate) throws(ArchiveError) -> JSON {
        var out: [JSON] = []
        out.reserveCapacity(docs.count)
        for d in docs { out.append(document(try reader.details(of: d, asOf: asOf))) }
        return .object([("documents", .array(out))])
    }

    /// `refs --json`.
    public static func refs(_ details: DocumentDetails) -> JSON {
        .object([("document", document(details)), ("references", .array(details.references.map { reference($0) }))])
    }

    /// `cites --json`, written a result at a time to `emit` (the pieces joined are the JSON text):
    /// the paths of a long chain add up to far more than the chain, so they are made one by one and
    /// never held together.
    public static func cites(_ target: CitationTarget, _ hits: [CitationHit], reader: ArchiveReader, asOf: DocDate,
                             emit: (String) -> Void) throws(ArchiveError) {
        let targetJSON: JSON
        switch target {
        case .document(let d): targetJSON = document(try reader.details(of: d, asOf: asOf))
        case .external(let u): targetJSON = .object([("number", .string(u.description)), ("resolved", .null)])
        }
        emit("{\"target\":" + targetJSON.serialized() + ",\"results\":[")
        for (i, h) in hits.enumerated() {
            let result = document(try reader.details(of: h.document, asOf: asOf)).merging([
                ("depth", .int(h.depth)), ("relation", .string(h.relation.rawValue)),
                ("path", .array(hits.path(to: i, from: target).map { .string($0) })),
            ])
            emit((i > 0 ? "," : "") + result.serialized())
        }
        emit("]}")
    }

    /// `answers --json`.
    public static func answers(_ answers: [Answer], plan: StoredDocument, reader: ArchiveReader, asOf: DocDate) throws(ArchiveError) -> JSON {
        var reports: [JSON] = []
        for a in answers {
            reports.append(document(try reader.details(of: a.report, asOf: asOf)).merging([
                ("on_time", a.onTime.map { .bool($0) } ?? .null), ("due", .str(a.due?.iso)),
            ]))
        }
        return .object([("plan", document(try reader.details(of: plan, asOf: asOf))), ("reports", .array(reports))])
    }

    /// `obligations --json`.
    public static func obligations(_ list: [ObligationStatus], asOf: DocDate) -> JSON {
        .object([("as_of", .string(asOf.description)), ("obligations", .array(list.map(status)))])
    }

    /// An ambiguous REF with `--json`.
    public static func ambiguous(_ candidates: [StoredDocument]) -> JSON {
        .object([("error", .string("ambiguous")), ("candidates", .array(candidates.map { c in
            .object([("id", .string(c.id)), ("file", .string(c.file)), ("index_in_file", .int(c.indexInFile)),
                     ("number", .str(c.number)), ("date", .str(c.date?.iso)), ("issuer", .str(c.doc.issuer))])
        }))])
    }
}

/// The orders `cites`, `answers` and `obligations` list in, on a terminal and as JSON alike (the
/// web API answers in the same order).
extension Shapes {
    /// Citers nearer first, then newest first (then by id); the parent links follow.
    public static func ordered(_ hits: [CitationHit]) -> [CitationHit] {
        let order = hits.indices.sorted { i, j in
            let (a, b) = (hits[i], hits[j])
            if a.depth != b.depth { return a.depth < b.depth }
            let (da, db) = (a.document.date?.sortKey ?? "", b.document.date?.sortKey ?? "")
            return da != db ? da > db : a.document.id < b.document.id
        }
        var newIndex = [Int](repeating: 0, count: hits.count)
        for (k, i) in order.enumerated() { newIndex[i] = k }
        return order.map { i in
            var h = hits[i]
            h.parent = h.parent.map { newIndex[$0] }
            return h
        }
    }

    /// Answering reports newest first (then by id).
    public static func ordered(_ answers: [Answer]) -> [Answer] {
        answers.sorted { a, b in
            let (da, db) = (a.report.date?.sortKey ?? "", b.report.date?.sortKey ?? "")
            return da != db ? da > db : a.report.id < b.report.id
        }
    }

    /// Obligations by plan, newest plan first, then by due date (undated last), else as given.
    public static func ordered(_ list: [ObligationStatus]) -> [ObligationStatus] {
        struct Key { var planDate: String; var planID: String; var due: String; var offset: Int }
        var keys: [Key] = []
        keys.reserveCapacity(list.count)
        for (k, s) in list.enumerated() {
            let plan = s.plan
            keys.append(Key(planDate: plan.date?.sortKey ?? "", planID: plan.id, due: s.due?.sortKey ?? "~", offset: k))
        }
        keys.sort { a, b in
            if a.planID != b.planID {
                return a.planDate != b.planDate ? a.planDate > b.planDate : a.planID < b.planID
            }
            return a.due != b.due ? a.due < b.due : a.offset < b.offset
        }
        return keys.map { list[$0.offset] }
    }
}
