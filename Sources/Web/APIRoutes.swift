import Archive
import Documents
import Hummingbird
import Render

/// The JSON API: each route answers exactly what the CLI's `--json` prints for the same arguments
/// (module `Render`), one line and a newline. Parameters are the CLI's options by name: `q`
/// (search's query), `ref`, `limit`, `type`, `issuer`, `place`, `from`, `to`, `year`, `exact`,
/// `explain`, `transitive`, `depth`, `relation`, `as_of`, `plan`, `status`. An ambiguous REF is 409 with the
/// candidates (as `--json` prints them), nothing found 404, bad input 400.
enum APIRoutes {
    static func register(on router: Router<WebContext>, server: WebServer) {
        /// `vanban search Q --json`.
        router.get("/api/search") { request, context in
            let p = try Params(query: request.uri.query)
            // As the CLI: a query is required, and blank is none (the search pages list by filters).
            guard let q = p.raw("q"), !q.allSatisfy(\.isWhitespace) else { throw WebError.badRequest("Thiếu tham số \"q\" (câu tìm kiếm).") }
            guard q.utf8.count <= Params.maxQueryBytes else { throw WebError.badRequest("Câu tìm kiếm dài quá 10.000 byte.") }
            let filter = try p.filter(), limit = try p.int("limit", in: 0...1_000) ?? 10
            let exact = try p.flag("exact"), explain = try p.flag("explain"), today = server.options.today()
            return try await json(server) { reader in
                let table = try reader.abbreviations(extra: nil)
                let resp = try reader.search.run(SearchRequest(query: q, filter: filter, limit: limit, exact: exact,
                                                               explain: explain, abbreviations: table))
                return try Shapes.search(resp, reader: reader, asOf: today)
            }
        }

        /// `vanban show REF --json`.
        router.get("/api/show") { request, context in
            let (ref, year, issuer) = try refArguments(request)
            let today = server.options.today()
            return try await json(server) { reader in
                let d = try reader.named(ref, year: year, issuer: issuer)
                return Shapes.document(try reader.details(of: d, asOf: today), withText: true)
            }
        }

        /// `vanban refs REF --json`.
        router.get("/api/refs") { request, context in
            let (ref, year, issuer) = try refArguments(request)
            let today = server.options.today()
            return try await json(server) { reader in
                let d = try reader.named(ref, year: year, issuer: issuer)
                return Shapes.refs(try reader.details(of: d, asOf: today))
            }
        }

        /// `vanban cites REF [--transitive] [--depth N] [--relation R] --json`.
        router.get("/api/cites") { request, context in
            let (ref, year, issuer) = try refArguments(request)
            let p = try Params(query: request.uri.query)
            let transitive = try p.flag("transitive"), depth = try p.int("depth", in: 1...1_000)
            let relation = try p.choice("relation", Relation.self, allowed: Relation.allCases)
            let today = server.options.today()
            // Written a result at a time, as the CLI writes it (a long chain's paths are never held together).
            let text = try await server.read { reader in
                let target = try reader.namedTarget(ref, year: year, issuer: issuer)
                let hits = Shapes.ordered(try reader.citations.citers(of: target, transitive: transitive, relation: relation, depth: depth))
                var out = ""
                try Shapes.cites(target, hits, reader: reader, asOf: today) { out += $0 }
                return JSON.withPartial(out, reader.partial) + "\n"
            }
            return Response.json(text: text)
        }

        /// `vanban answers REF --json`.
        router.get("/api/answers") { request, context in
            let (ref, year, issuer) = try refArguments(request)
            let today = server.options.today()
            return try await json(server) { reader in
                let plan = try reader.named(ref, year: year, issuer: issuer)
                return try Shapes.answers(Shapes.ordered(try reader.obligations.answers(to: plan)), plan: plan, reader: reader, asOf: today)
            }
        }

        /// `vanban obligations [--as-of D] [--plan REF] [--status S] [--year Y] [--issuer X]
        /// [--reporter X] [--recipient X] [--by-unit] --json`: without a plan, `year` and `issuer`
        /// choose the plans, `reporter` and `recipient` the units, named as `NamePattern` reads
        /// names; `status` as the CLI's `--status` reads it (`overdue`, `quá hạn`, `qua han`…).
        router.get("/api/obligations") { request, context in
            let p = try Params(query: request.uri.query)
            let asOf = try p.day("as_of") ?? server.options.today()
            let status = try p.status()
            let plan = p.string("plan"), year = try p.int("year", in: 1...9999), issuer = p.string("issuer")
            let reporter = p.string("reporter"), recipient = p.string("recipient")
            let byUnit = try p.flag("by_unit")
            if byUnit && (reporter != nil || recipient != nil || (plan == nil && (year != nil || issuer != nil))) {
                throw WebError.badRequest("by_unit cho thấy mọi đơn vị của kế hoạch: reporter, recipient (và year, issuer khi không có plan) không dùng cùng nó.")
            }
            if byUnit {
                let text = try await server.read { reader -> String in
                    let planDoc = try plan.map { try reader.named($0, year: year, issuer: issuer) }
                    return JSON.withPartial(try Shapes.byUnitJSON(reader, plan: planDoc, asOf: asOf, only: status), reader.partial) + "\n"
                }
                return Response.json(text: text)
            }
            return try await json(server) { reader in
                let planDoc = try plan.map { try reader.named($0, year: year, issuer: issuer) }
                var list = try reader.obligations.statuses(asOf: asOf, plan: planDoc)
                if let status { list = list.filter { $0.status == status } }
                let names = [planDoc == nil ? issuer : nil, reporter, recipient]
                let planYear = planDoc == nil ? year : nil
                if planYear != nil || names.contains(where: { $0 != nil }) {
                    let table = try reader.abbreviations()
                    let pat = names.map { $0.map { NamePattern($0, abbreviations: table) } }
                    list = list.filter { s in
                        (planYear == nil || s.plan.date?.year == planYear)
                            && (pat[0]?.matches(s.plan.doc.issuer ?? "") ?? true)
                            && (pat[1]?.matches(s.obligation.reporter ?? "") ?? true)
                            && (pat[2]?.matches(s.obligation.recipient ?? "") ?? true)
                    }
                }
                return Shapes.obligations(Shapes.ordered(list), asOf: asOf)
            }
        }
    }

    /// `ref` (required) and the CLI's `--year`/`--issuer` that narrow it.
    static func refArguments(_ request: Request) throws(WebError) -> (String, Int?, String?) {
        let p = try Params(query: request.uri.query)
        return (try p.ref(), try p.int("year", in: 1...9999), p.string("issuer"))
    }

    /// The JSON a reader makes, serialised on the reader's thread.
    static func json(_ server: WebServer, _ body: @escaping @Sendable (ArchiveReader) throws -> JSON) async throws -> Response {
        Response.json(text: try await server.read { reader in JSON.withPartial(Response.jsonLine(try body(reader)), reader.partial) })
    }
}
