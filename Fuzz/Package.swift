// swift-tools-version:6.0
// libFuzzer targets for the text parsers and the file-format readers. Not part of the main
// build: scripts/fuzz.sh builds and runs them. Sources/ holds symbolic links to the main package's modules, so the fuzz build
// compiles the very same code with coverage instrumentation (-sanitize=fuzzer) and with
// -enable-testing, which lets the targets call the parsers' internal entry points.
import PackageDescription

let instrumented: [SwiftSetting] = [.unsafeFlags(["-sanitize=fuzzer,address", "-enable-testing"])]

func fuzzTarget(_ name: String, _ deps: [Target.Dependency]) -> Target {
    .executableTarget(
        name: name,
        dependencies: deps + ["FuzzDriver"],
        path: "Targets/\(name)",
        swiftSettings: [.unsafeFlags(["-sanitize=fuzzer,address", "-parse-as-library"])],
        linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
    )
}

let package = Package(
    name: "VanBanFuzz",
    targets: [
        .target(name: "FuzzDriver", path: "Driver"),
        .target(name: "CXapian", cxxSettings: [.unsafeFlags(["-std=c++17", "-O2"])], linkerSettings: [.linkedLibrary("xapian")]),
        .target(name: "Xapian", dependencies: ["CXapian"]),
        .target(name: "VietText", swiftSettings: instrumented),
        .target(name: "Documents", dependencies: ["VietText"], swiftSettings: instrumented),
        .target(name: "CIngest", linkerSettings: [.linkedLibrary("z")]),
        .target(name: "Ingest", dependencies: ["VietText", "CIngest"], swiftSettings: instrumented),
        .target(name: "CGuard"),
        .target(name: "Archive", dependencies: ["Documents", "VietText", "Xapian", "Ingest", "CGuard"], swiftSettings: instrumented),
        fuzzTarget("FuzzSplitter", ["Documents"]),
        fuzzTarget("FuzzParser", ["Documents"]),
        fuzzTarget("FuzzReferences", ["Documents"]),
        fuzzTarget("FuzzObligations", ["Documents"]),
        fuzzTarget("FuzzDates", ["Documents", "Archive"]),
        fuzzTarget("FuzzQuery", ["Archive"]),
        fuzzTarget("FuzzRTF", ["Ingest"]),
        fuzzTarget("FuzzHTML", ["Ingest"]),
        fuzzTarget("FuzzDocx", ["Ingest"]),
        fuzzTarget("FuzzEncoding", ["Ingest", "VietText"]),
        fuzzTarget("FuzzPDFText", ["Ingest"]),
    ],
    cxxLanguageStandard: .cxx17
)
