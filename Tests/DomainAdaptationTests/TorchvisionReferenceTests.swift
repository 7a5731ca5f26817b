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

        // Train mode: batch statistics; the gradient of Σ features ⊙ projection w.r.t. conv1.weight.
        network.setTraining(true)
        let conv1 = try #require(network.featureExtractor.namedParameters.first { $0.name == "conv1.weight" }?.parameter)
        let gradients = valueWithGradient(at: [conv1]) { (network.featureExtractor(input) * projection).sum() }.gradients
        let gradientError = Self.relativeError(try #require(gradients[conv1]), try #require(reference["conv1_grad_train"]))
        print("\(name): train-mode conv1.weight gradient, relative error \(gradientError)")
        #expect(gradientError <= 1e-3, "\(name): the train-mode gradient differs by \(gradientError) (relative)")
    }
}
