import Documents
import VietText
import Xapian

/// The hits of a search counted by type, year and issuer: what a search page offers to narrow by.
public struct SearchFacets: Sendable {
    public struct Count: Sendable, Equatable {
        /// A type code (`KH`), a year (`2026`) or an issuer as most of the counted hits write it.
        public var value: String
        public var count: Int
    }
    public var types: [Count] = []
    public var years: [Count] = []
    public var issuers: [Count] = []
    /// Hits counted: every hit, or the first `depth` in rank order.
    public var counted = 0
    /// Whether every hit was counted.
    public var complete = true
}

extension SearchService {
    /// The facets of a search: its hits (the documents `run` would list, the ones named by number
    /// included, each phrase of three words or more checked in the text as `run` does) counted by
    /// type, year and issuer, the first `depth` of them in rank order. Issuers are counted by their
    /// folded spelling and shown as most of the hits write them. Each list is by count, then value.
    public func facets(_ req: SearchRequest, depth: Int = 200) throws(ArchiveError) -> SearchFacets {
        reader.lock.lock(); defer { reader.lock.unlock() }
        let prepared = try prepare(req)
        let node = prepared.node, table = prepared.table, typeCodes = prepared.typeCodes, built = prepared.built
        let builder = built.builder
        var docs = prepared.pinned
        var seen = Set(docs.map(\.docid))
        let enquire = Enquire(db)
        enquire.setQuery(built.base)
        enquire.setBM25()
        if built.text == nil { enquire.sortByValue(Schema.dateSlot, reverse: true) }
        let mset: MSet
        do { mset = try enquire.mset(first: 0, max: depth + 1) } catch { throw ArchiveError.from(error, path: path) }
        var variants: [Set<Int>: Query] = [:]
        var complete = mset.count <= depth
        for item in mset.items where seen.insert(item.docid).inserted {
            if docs.count >= depth { complete = false; break }
            if !builder.checkedPhrases.isEmpty {
                guard let (_, missing) = try load(item.docid, checkingText: { builder.missingPhrases(in: $0) }) else { continue }
                if !missing.isEmpty, try !matchesWithout(missing, item.docid, node, req, table, typeCodes, &variants) { continue }
            }
            if let d = try loadHeader(item.docid) { docs.append(d) }
        }
        var types: [String: Int] = [:], years: [String: Int] = [:]
        var issuers: [String: (count: Int, spellings: [String: Int])] = [:]
        for d in docs {
            if let t = d.type { types[t, default: 0] += 1 }
            if let y = d.year { years[String(y), default: 0] += 1 }
            if let i = d.doc.issuer, !i.isEmpty {
                let key = VietText.fold(i)
                issuers[key, default: (0, [:])].count += 1
                issuers[key]!.spellings[i, default: 0] += 1
            }
        }
        func ranked(_ counts: [String: Int]) -> [SearchFacets.Count] {
            counts.map { SearchFacets.Count(value: $0.key, count: $0.value) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
        }
        let issuerCounts = issuers.values.map { v in
            (v.spellings.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key, v.count)
        }
        return SearchFacets(types: ranked(types), years: ranked(years).sorted { $0.value > $1.value },
                            issuers: ranked(Dictionary(issuerCounts, uniquingKeysWith: +)), counted: docs.count, complete: complete)
    }
}

extension ArchiveReader {
    /// Where the file a document was read from lies, as its stamp records it (its folder and path
    /// in it); nil when the stamp does not say (a file argument indexed by an older version).
    public func sourcePath(of d: StoredDocument) throws(ArchiveError) -> String? {
        lock.lock(); defer { lock.unlock() }
        let raw: String
        do { raw = try db.metadata(Archive.Stamp.key(d.file)) } catch { throw ArchiveError.from(error, path: path) }
        return Archive.Stamp(raw)?.location(name: d.file)
    }
}
