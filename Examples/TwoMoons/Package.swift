// swift-tools-version:6.0
// A separate package that uses SwiftDANN as a library, the way an application would.
import PackageDescription

let package = Package(
    name: "TwoMoonsExample",
    dependencies: [
        // From a clone: the package two folders up. Elsewhere:
        // .package(url: "https://github.com/OWNER/SwiftDANN", branch: "main")
        .package(name: "SwiftDANN", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "TwoMoons", dependencies: [
            .product(name: "DomainAdaptation", package: "SwiftDANN"),
            .product(name: "Nabla", package: "SwiftDANN"),
        ]),
    ]
)
