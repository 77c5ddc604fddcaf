import Documents
import Ingest

/// A reference as the archive reads it: resolved to an archived document or not.
public struct ResolvedReference {
    public var reference: Reference
    /// The archived document it names; nil: not in the archive.
    public var resolved: StoredDocument?
    /// The number shown to people: a short mention resolved takes its document's full number.
    public var number: String
    /// The page of the citing file the reference stands on (paged files only).
    public var page: Int?
}

/// A document with what the archive knows about it: its references resolved and, for a plan, the
/// status of each of its obligations. What `show`, `refs` and every JSON document render.
public struct DocumentDetails {
    public var document: StoredDocument
    public var references: [ResolvedReference]
    /// Statuses of the document's obligations as of the date asked (empty when it states none).
    public var statuses: [ObligationStatus]
}

extension ArchiveReader {
    /// The document a person names: an id `FILE#N`, else a REF (`6757/KH-SYT`, "KH 6757"…),
    /// narrowed by year and issuer; throws when it matches nothing or several documents.
    public func document(named ref: String, year: Int? = nil, issuer: String? = nil) throws(ArchiveError) -> StoredDocument {
        lock.lock(); defer { lock.unlock() }
        if UserRef.isID(ref) {
            if let d = try document(id: ref) { return d }
            throw .notFound("no document has the id \(ref)")
        }
        return try resolveDocument(ref, year: year, issuer: issuer)
    }

    /// The target a person names for `cites`: an id `FILE#N`, an archived REF, or a number known
    /// only from references.
    public func target(named ref: String, year: Int? = nil, issuer: String? = nil) throws(ArchiveError) -> CitationTarget {
        lock.lock(); defer { lock.unlock() }
        if UserRef.isID(ref) {
            if let d = try document(id: ref) { return .document(d) }
            throw .notFound("no document has the id \(ref)")
        }
        return try resolveTarget(ref, year: year, issuer: issuer)
    }

    /// The references of `d`, each resolved.
    public func resolvedReferences(of d: StoredDocument) throws(ArchiveError) -> [ResolvedReference] {
        lock.lock(); defer { lock.unlock() }
        var out: [ResolvedReference] = []
        out.reserveCapacity(d.doc.references.count)
        for r in d.doc.references {
            let resolved = try resolve(r, from: d)
            out.append(ResolvedReference(reference: r, resolved: resolved, number: displayNumber(r, resolved: resolved),
                                         page: d.firstPage.map { Ingest.page(in: d.doc.text, atUTF8Offset: r.span.start, firstPage: $0) }))
        }
        return out
    }

    /// `d` with its references resolved and its obligations' statuses as of `asOf`.
    public func details(of d: StoredDocument, asOf: DocDate) throws(ArchiveError) -> DocumentDetails {
        lock.lock(); defer { lock.unlock() }
        let refs = try resolvedReferences(of: d)
        let statuses = d.doc.obligations.isEmpty ? [] : try obligations.statuses(asOf: asOf, plan: d)
        return DocumentDetails(document: d, references: refs, statuses: statuses)
    }
}
