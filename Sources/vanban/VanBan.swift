import ArgumentParser

@main
struct VanBan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vanban",
        abstract: "Search and citation index for archives of Vietnamese administrative documents.",
        discussion: """
        Index a folder of documents, then search it with or without diacritics, follow citations
        down the chain, see which reports answer a plan and who still owes what.

        Examples:
          vanban index corpus --db /tmp/vb
          vanban search "chan chinh le loi" --db /tmp/vb
          vanban search "KH 6757" --db /tmp/vb
          vanban cites 226-KL/TW --transitive --db /tmp/vb
          vanban answers "KH 6757" --db /tmp/vb
          vanban obligations --as-of 2026-11-22 --db /tmp/vb

        The database defaults to $VANBAN_DB, else ~/.local/share/vanban/db.
        Exit codes: 0 ok, 1 error, 2 bad input, 3 ambiguous REF, 4 not found, 5 database locked,
        6 indexed with warnings, 64 bad usage.
        """,
        subcommands: [IndexCommand.self, SearchCommand.self, ListCommand.self, ShowCommand.self, RefsCommand.self,
                      CitesCommand.self, AnswersCommand.self, ObligationsCommand.self, FoldCommand.self,
                      AnalyzeCommand.self, BenchCommand.self, ExtractCommand.self, AbbreviationsCommand.self, ServeCommand.self, UsersCommand.self]
    )
}
