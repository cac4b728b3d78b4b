// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Lore",
    products: [
        .library(name: "Lore", targets: ["Lore"]),
        .executable(name: "lore", targets: ["lore"]),
        .executable(name: "lore-bench", targets: ["lore-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // LMDB from the system (Debian: liblmdb-dev), seen through a module map.
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        // libedit from the system (Debian: libedit-dev, BSD licence): the REPL's
        // line editing, history and completion.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // Swift over LMDB only: environment, transactions, cursors, typed errors.
        .target(name: "LoreKV", dependencies: ["CLMDB"]),
        // LQL text to a typed syntax tree: lexer, parser, printer. No storage.
        .target(name: "LoreSyntax"),
        // The public surface: Store, Transaction, Value, records and indexes.
        .target(name: "Lore", dependencies: ["LoreKV", "LoreSyntax"]),
        // The command: argument parsing, output formats; no query logic.
        .executableTarget(
            name: "lore",
            dependencies: [
                "Lore", "LoreSyntax", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Measurements: the query mix against a loaded store, the same questions
        // answered by hand on LoreKV (the floor), bulk import and bulk writes.
        .executableTarget(
            name: "lore-bench",
            dependencies: [
                "Lore", "LoreKV",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A process the concurrency and crash tests drive from outside.
        .executableTarget(name: "lore-stress", dependencies: ["Lore"]),
        // The fuzz target for parser, binder and planner; .ci/fuzz builds it with libFuzzer.
        .executableTarget(name: "lore-fuzz", dependencies: ["Lore", "LoreSyntax"]),
        .testTarget(name: "LoreKVTests", dependencies: ["LoreKV"]),
        .testTarget(name: "LoreSyntaxTests", dependencies: ["LoreSyntax"]),
        .testTarget(
            name: "LoreTests",
            dependencies: [
                "Lore", "LoreKV",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "CLITests", dependencies: ["Lore", "LoreKV", "lore", "lore-stress"]),
        // The openCypher TCK scenarios (read in place from ../shared/tck) and their runner.
        .testTarget(name: "TCKTests", dependencies: ["Lore"], exclude: ["passing-tier1.txt", "README.md"]),
    ],
    swiftLanguageModes: [.v6]
)
