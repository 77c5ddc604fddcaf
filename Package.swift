// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "VanBan",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vanban", targets: ["vanban"]),
        .library(name: "Archive", targets: ["Archive"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C++ shim over libxapian: an extern "C" API that catches every exception.
        .target(
            name: "CXapian",
            cxxSettings: [.unsafeFlags(["-std=c++17", "-O2"])],
            linkerSettings: [.linkedLibrary("xapian")]
        ),
        // Marks, in a file, what an index run is reading when a signal kills it (see ReadingLog).
        .target(name: "CGuard"),
        // Swift types over the shim, with typed errors.
        .target(name: "Xapian", dependencies: ["CXapian"]),
        // Vietnamese normalisation, folding and tokenisation (pure Swift).
        .target(name: "VietText"),
        // The document model: splitter, metadata, references, obligations (pure Swift).
        .target(name: "Documents", dependencies: ["VietText"]),
        // C helpers of Ingest: external tools in their own process group with a parent-death
        // signal, output cap and time limit; zip entries inflated with zlib.
        .target(name: "CIngest", linkerSettings: [.linkedLibrary("z")]),
        // File formats and encodings: PDF, Word, HTML, legacy Vietnamese encodings → NFC text.
        .target(name: "Ingest", dependencies: ["VietText", "CIngest"]),
        // Index schema and queries over Xapian.
        .target(name: "Archive", dependencies: ["Documents", "VietText", "Xapian", "Ingest", "CGuard"]),
        // What every front end renders the same way: the JSON contract, the unit × due matrix, the
        // reminder letter as a Word file.
        .target(name: "Render", dependencies: ["Archive", "Documents", "Ingest", "VietText", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // The web interface: Hummingbird routes (pages and the JSON API), HTML escaped by construction.
        .target(
            name: "Web",
            dependencies: [
                "Archive", "Documents", "Render", "VietText",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The CLI: argument parsing and rendering.
        .executableTarget(
            name: "vanban",
            dependencies: ["Archive", "Ingest", "Render", "Web", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "XapianTests", dependencies: ["Xapian"]),
        .testTarget(name: "VietTextTests", dependencies: ["VietText"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "CGuard"]),
        .testTarget(name: "CLITests", dependencies: ["Archive", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "WebTests", dependencies: [
            "Web", "Archive", "Render",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Documents", "VietText", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    ],
    cxxLanguageStandard: .cxx17
)
