// swift-tools-version: 6.1
// Micro-benchmarks of the hot steps of a build, with ordo-one/benchmark. A package of its
// own so that the project's build and tests never compile the benchmark machinery:
//
//   cd bench/micro && swift package --disable-sandbox benchmark
import PackageDescription

let package = Package(
    name: "casebook-micro",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "casebook", path: "../.."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "CasebookBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CasebookCore", package: "casebook"),
                .product(name: "CasebookIO", package: "casebook"),
            ],
            path: "Benchmarks/CasebookBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
