// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "SwiftDANN",
    products: [
        .library(name: "Nabla", targets: ["Nabla"]),
        .library(name: "NablaNN", targets: ["NablaNN"]),
        .library(name: "NablaOptimizers", targets: ["NablaOptimizers"]),
        .library(name: "DomainAdaptation", targets: ["DomainAdaptation"]),
        .executable(name: "dann", targets: ["dann"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Only for `bash scripts/docs.sh` (swift package generate-documentation).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // The runtime only: the generated code is committed (scripts/generate-protos.sh), no build plugin.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .target(name: "SeededRandom"),
        .target(name: "FileWriting"),
        .target(name: "Nabla", dependencies: ["CBLAS", "CDNNL", "CMalloc", "FileWriting", "SeededRandom"]),
        .target(name: "NablaNN", dependencies: ["Nabla"]),
        .target(name: "NablaOptimizers", dependencies: ["Nabla"]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CPNG", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", providers: [.apt(["libturbojpeg0-dev"])]),
        .target(name: "DomainData", dependencies: ["CZlib", "CPNG", "CTurboJPEG", "FileWriting", "SeededRandom"]),
        .testTarget(name: "DomainDataTests", dependencies: ["DomainData", "CZlib", "CTurboJPEG", "SeededRandom"]),
        .systemLibrary(name: "CCairo", providers: [.apt(["libcairo2-dev"])]),
        .target(name: "Plotting", dependencies: ["CCairo", "FileWriting"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "CPNG"]),
        .systemLibrary(name: "CLinear", providers: [.apt(["liblinear-dev"])]),
        .target(name: "EmbeddingAnalysis", dependencies: ["CBLAS", "CLinear", "Nabla", "SeededRandom"]),
        .testTarget(name: "EmbeddingAnalysisTests", dependencies: ["EmbeddingAnalysis", "SeededRandom"]),
        .target(name: "DomainAdaptation", dependencies: ["Nabla", "NablaNN", "NablaOptimizers", "EmbeddingAnalysis", "DomainData", "FileWriting"]),
        .target(name: "TensorBoard", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .testTarget(name: "TensorBoardTests", dependencies: ["TensorBoard", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .target(name: "DANNVisualization", dependencies: ["DomainAdaptation", "Plotting", "EmbeddingAnalysis", "Nabla", "NablaNN"]),
        .executableTarget(name: "dann", dependencies: [
            "DANNVisualization",
            "DomainAdaptation", "EmbeddingAnalysis", "Nabla", "Plotting", "DomainData", "FileWriting", "TensorBoard",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .testTarget(name: "DANNVisualizationTests", dependencies: ["DANNVisualization", "EmbeddingAnalysis"]),
        .testTarget(name: "DANNCommandTests", dependencies: ["dann", "DomainAdaptation", "DomainData", "SeededRandom", "TensorBoard",
                                                            .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        .testTarget(name: "DomainAdaptationTests", dependencies: ["DomainAdaptation", "Nabla", "NablaNN", "DomainData"]),
        .testTarget(name: "NablaTests", dependencies: ["Nabla", "NablaNN", "NablaOptimizers", "FileWriting"]),
    ],
    swiftLanguageModes: [.v6]
)
