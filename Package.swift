// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// gperftools' tcmalloc in place of glibc's malloc, when the system has it (Debian's
/// libtcmalloc-minimal4, Ubuntu's libtcmalloc-minimal4t64; `make` installs it): a build
/// allocates millions of small objects on every core, and with glibc's arenas a
/// 10,000-case build took an eighth longer (bench/README.md). Linked by its file name,
/// so that no -dev package is needed; without it casebook works the same, slower.
let tcmalloc: [LinkerSetting] = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"]
    .contains { FileManager.default.fileExists(atPath: $0 + "/libtcmalloc_minimal.so.4") }
    ? [.linkedLibrary(":libtcmalloc_minimal.so.4", .when(platforms: [.linux]))] : []

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "casebook",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "casebook", targets: ["casebook"]),
        .library(name: "CasebookCore", targets: ["CasebookCore"]),
        .library(name: "CasebookIO", targets: ["CasebookIO"]),
    ],
    dependencies: [
        // For its copy of libyaml (the CYaml module), which YAMLComposer drives event by event.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "CasebookCore",
            dependencies: [
                "CCmark", .product(name: "Yams", package: "Yams"),
            ],
            // The default theme: Theme/ links to the repository's templates/.
            resources: [
                .embedInCode("Theme/layout.mustache"),
                .embedInCode("Theme/home.mustache"),
                .embedInCode("Theme/cases.mustache"),
                .embedInCode("Theme/case.mustache"),
                .embedInCode("Theme/tier.mustache"),
                .embedInCode("Theme/term.mustache"),
                .embedInCode("Theme/compare.mustache"),
                .embedInCode("Theme/report.mustache"),
                .embedInCode("Theme/page.mustache"),
                .embedInCode("Theme/not-found.mustache"),
                .embedInCode("Theme/case-card.mustache"),
                .embedInCode("Theme/chain.mustache"),
                .embedInCode("Theme/metric-table.mustache"),
                .embedInCode("Theme/comparison.mustache"),
                .embedInCode("Theme/chart.mustache"),
                .embedInCode("Theme/matrix.mustache"),
                .embedInCode("Theme/figures.mustache"),
                .embedInCode("Theme/toc.mustache"),
                .embedInCode("Theme/assets/site.css"),
                .embedInCode("Theme/assets/site.js"),
                .embedInCode("Theme/assets/favicon.svg"),
                .embedInCode("Resources/isic-rev4.csv"),
                .embedInCode("Resources/isco-08.csv"),
                .embedInCode("Resources/isced-f-2013-full.csv"),
                .embedInCode("Resources/csco-2022.csv"),
            ],
            swiftSettings: strictSettings
        ),
        // renameat2(RENAME_EXCHANGE), which Swift's Glibc module does not expose.
        .target(name: "CFileSwap"),
        .target(
            name: "CasebookIO",
            dependencies: ["CasebookCore", "CFileSwap"],
            swiftSettings: strictSettings
        ),
        // The preview server: the only target with Hummingbird, so the core builds fast.
        .target(
            name: "CasebookPreview",
            dependencies: [
                "CasebookIO", "CasebookCore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "casebook",
            dependencies: [
                "CasebookCore", "CasebookIO", "CasebookPreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings,
            linkerSettings: tcmalloc
        ),
        .target(
            name: "CasebookTestSupport",
            dependencies: ["CasebookIO", "CasebookCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CasebookCoreTests",
            dependencies: [
                "CasebookCore", "CasebookTestSupport",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                // The reference the template engine is compared with, page by page.
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // The golden pages: SnapshotTesting reads them beside the test file, by
            // path; not resources of the test bundle.
            exclude: ["__Snapshots__"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CasebookIOTests",
            dependencies: ["CasebookIO", "CasebookTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CasebookPreviewTests",
            dependencies: [
                "CasebookPreview", "CasebookTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CasebookCLITests",
            dependencies: ["casebook", "CasebookTestSupport"],
            swiftSettings: strictSettings
        ),
    ]
)
