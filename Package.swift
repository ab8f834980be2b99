// swift-tools-version: 6.1
import PackageDescription

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
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "CasebookCore",
            dependencies: ["CCmark", .product(name: "Yams", package: "Yams")],
            resources: [
                .embedInCode("Resources/isic-rev4.csv"),
                .embedInCode("Resources/isco-08.csv"),
                .embedInCode("Resources/isced-f-2013-full.csv"),
                .embedInCode("Resources/csco-2022.csv"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CasebookIO",
            dependencies: ["CasebookCore"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "casebook",
            dependencies: [
                "CasebookCore", "CasebookIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CasebookTestSupport",
            dependencies: ["CasebookIO", "CasebookCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CasebookCoreTests",
            dependencies: ["CasebookCore", "CasebookTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CasebookIOTests",
            dependencies: ["CasebookIO", "CasebookTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CasebookCLITests",
            dependencies: ["casebook", "CasebookTestSupport"],
            swiftSettings: strictSettings
        ),
    ]
)
