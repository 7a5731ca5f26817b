import Foundation
import Nabla
import NablaNN
import Testing
@testable import DomainAdaptation

/// Our ResNets against torchvision's, on files `scripts/export_torchvision.py` wrote: runs only when
/// `DANN_TORCHVISION_DIR` names their folder (`scripts/check-torchvision.sh` sets it); without torch
/// it is skipped.
@Suite struct TorchvisionReferenceTests {
    static let directory = ProcessInfo.processInfo.environment["DANN_TORCHVISION_DIR"]

    /// The largest |a − b| over the largest |b|: a relative error for the whole tensor.
    static func relativeError(_ a: Tensor, _ b: Tensor) -> Float {
        let scale = b.scalars.map(abs).max() ?? 0
        return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max()! / max(scale, .leastNormalMagnitude)
    }

    @Test(.enabled(if: directory != nil), arguments: ["resnet18", "resnet50"])
    func matchesTorchvision(_ name: String) throws {
        let directory = try #require(Self.directory)
        let reference = try Safetensors.read(from: "\(directory)/\(name)-reference.safetensors").tensors
        let input = try #require(reference["input"]), projection = try #require(reference["projection"])
        var configuration = NetworkConfiguration(inputShape: Array(input.shape.dropFirst()), classCount: 2)
        configuration.backbone = try #require(NetworkConfiguration.Backbone(rawValue: name))
        var generator = SeededGenerator(seed: 0)
        let network = AdaptationNetwork(configuration: configuration, using: &generator)
        let report = try BackboneWeights.load(from: "\(directory)/\(name).safetensors", into: network)
        #expect(report.ignoredKeys == ["fc.bias", "fc.weight"])

        network.setTraining(false)
        let features = network.featureExtractor(input)
        let forwardError = Self.relativeError(features, try #require(reference["features_eval"]))
        print("\(name): eval-mode features, relative error \(forwardError)")
        #expect(forwardError <= 1e-4, "\(name): eval-mode features differ by \(forwardError) (relative)")

        // Gradients of Σ features ⊙ projection against float64 ones, in both modes. In eval mode the
        // tolerance is 1e-3. A deep network's train-mode gradient is ill-conditioned on a small
        // batch (PyTorch's own float32 ResNet-50 gradients are 2–20% from float64), so there the
        // tolerance is 1e-3 or four times PyTorch's own float32 error, whichever is larger.
        let parameters = network.featureExtractor.namedParameters
        // Eval mode first: a train-mode forward pass moves the running statistics.
        for mode in ["eval", "train"] {
            network.setTraining(mode == "train")
            if mode == "train" {
                // Batch statistics: the features must agree with the float64 ones within 1e-4 or four
                // times PyTorch's own float32 error.
                let trainError = Self.relativeError(network.featureExtractor(input), try #require(reference["features_train"]))
                let float32Error = try #require(reference["float32_error_features_train"]).scalars[0]
                let tolerance = max(1e-4, 4 * float32Error)
                print("\(name): train-mode features, relative error \(trainError) (PyTorch float32: \(float32Error), tolerance \(tolerance))")
                #expect(trainError <= tolerance, "\(name): train-mode features differ by \(trainError) (relative)")
            }
            let names = reference.keys.filter { $0.hasPrefix("grad_\(mode):") }.map { String($0.dropFirst("grad_\(mode):".count)) }.sorted()
            #expect(names.count == 2)
            for parameterName in names {
                let parameter = try #require(parameters.first { $0.name == parameterName }?.parameter, "\(parameterName)")
                let gradients = valueWithGradient(at: [parameter]) { (network.featureExtractor(input) * projection).sum() }.gradients
                let error = Self.relativeError(try #require(gradients[parameter]), try #require(reference["grad_\(mode):\(parameterName)"]))
                let float32Error = try #require(reference["float32_error_\(mode):\(parameterName)"]).scalars[0]
                let tolerance = mode == "eval" ? 1e-3 : max(1e-3, 4 * float32Error)
                print("\(name): \(mode)-mode \(parameterName) gradient, relative error \(error) (PyTorch float32: \(float32Error), tolerance \(tolerance))")
                #expect(error <= tolerance, "\(name): the \(mode)-mode gradient of \(parameterName) differs by \(error) (relative)")
            }
        }
    }
}
