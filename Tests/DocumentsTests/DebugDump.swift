import Testing
import Foundation
@testable import Documents

@Test func debugDump() throws {
    guard let path = ProcessInfo.processInfo.environment["DUMP"] else { return }
    for p in path.split(separator: ",") {
        let text = try String(contentsOfFile: String(p), encoding: .utf8)
        for d in DocumentParser.parse(fileText: text) {
            print("=== \(p.split(separator: "/").last!)#\(d.indexInFile) num=\(d.number ?? "nil") type=\(d.type ?? "nil") draft=\(d.draft)")
            print("  issuer=\(d.issuer ?? "nil") | place=\(d.place ?? "nil") | date=\(d.date?.description ?? "nil")")
            print("  subject=\(d.subject ?? "nil")")
            print("  recipients=\(d.recipients) copies=\(d.copiesTo.count)")
            print("  signer=\(d.signer ?? "nil") | cap=\(d.signerCapacity ?? "nil")")
            for r in d.references { print("    ref \(r.number) \(r.type ?? "-") \(r.date?.description ?? "-") \(r.relation.rawValue) iss=\(r.issuer ?? "-")") }
        }
    }
}
