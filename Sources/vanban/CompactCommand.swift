import Archive
import ArgumentParser
import Foundation

struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Merge an archive's shards (or several databases) into one new database.",
        discussion: """
        Writes one compacted Xapian database at DEST holding every document of the --db
        databases: the shards of an archive indexed with --shards N, database folders, or a stub
        file listing local databases. DEST must not exist (or be empty). The result answers every
        reading command as the shards do; index it further without --shards.

        Examples:
          vanban compact --db /srv/vanban /srv/vanban-one
          vanban compact --db /srv/2025 --db /srv/2026 /srv/all
        """
    )

    @Argument(help: "The new database folder.")
    var destination: String

    @OptionGroup var common: CommonOptions

    func run() throws {
        try runReporting(json: common.json) {
            let sources = try Archive.compact(common.databasePaths, into: destination)
            let docs = try ArchiveReader.open(path: destination).documentCount
            if common.json {
                Out.json(.object([("destination", .string(destination)), ("sources", .array(sources.map { .string($0) })),
                                  ("documents", .int(docs))]))
            } else {
                Out.print("\(tr("gộp: \(sources.count) cơ sở dữ liệu gộp vào \(destination); \(docs) văn bản", "compact: \(sources.count) database(s) merged into \(destination); \(docs) document(s)"))")
            }
        }
    }
}
