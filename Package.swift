// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "VanBan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vanban", targets: ["vanban"]),
        .library(name: "Archive", targets: ["Archive"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
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
        // File formats and encodings: PDF, Word, HTML, legacy Vietnamese encodings → NFC text.
        .target(name: "Ingest", dependencies: ["VietText", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // Index schema and queries over Xapian.
        .target(name: "Archive", dependencies: ["Documents", "VietText", "Xapian", "Ingest", "CGuard"]),
        // What every front end renders the same way: the JSON contract.
        .target(name: "Render", dependencies: ["Archive", "Documents", "Ingest"]),
        // The CLI: argument parsing and rendering.
        .executableTarget(
            name: "vanban",
            dependencies: ["Archive", "Ingest", "Render", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(name: "XapianTests", dependencies: ["Xapian"]),
        .testTarget(name: "VietTextTests", dependencies: ["VietText"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "CGuard"]),
        .testTarget(name: "CLITests", dependencies: ["Archive"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Documents", "VietText", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    ],
    cxxLanguageStandard: .cxx17
)
