// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SwiftDANN",
    products: [
        .library(name: "Nabla", targets: ["Nabla"]),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "Nabla", dependencies: ["CBLAS"]),
        .target(name: "NablaNN", dependencies: ["Nabla"]),
        .target(name: "NablaOptimizers", dependencies: ["Nabla"]),
        .target(name: "EmbeddingAnalysis"),
        .testTarget(name: "EmbeddingAnalysisTests", dependencies: ["EmbeddingAnalysis"]),
        .target(name: "DomainAdaptation", dependencies: ["Nabla", "NablaNN", "NablaOptimizers", "EmbeddingAnalysis"]),
        .testTarget(name: "DomainAdaptationTests", dependencies: ["DomainAdaptation", "Nabla", "NablaNN"]),
        .testTarget(name: "NablaTests", dependencies: ["Nabla", "NablaNN", "NablaOptimizers"]),
    ]
)
