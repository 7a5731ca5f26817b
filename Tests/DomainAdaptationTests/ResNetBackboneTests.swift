import Foundation
import Nabla
import NablaNN
import Testing
@testable import DomainAdaptation

/// torchvision-compatible ResNet backbones: names, sizes, shapes, the card and weight import.
@Suite struct ResNetBackboneTests {
    static func configuration(_ backbone: NetworkConfiguration.Backbone, size: Int = 32) -> NetworkConfiguration {
        var configuration = NetworkConfiguration(inputShape: [3, size, size], classCount: 5)
        configuration.backbone = backbone
        return configuration
    }

    static func network(_ backbone: NetworkConfiguration.Backbone, seed: UInt64 = 0) -> AdaptationNetwork {
        var generator = SeededGenerator(seed: seed)
        return AdaptationNetwork(configuration: configuration(backbone), using: &generator)
    }

    @Test func resnet18HasTorchvisionNamesAndSize() throws {
        let network = Self.network(.resnet18)
        let parameters = Dictionary(uniqueKeysWithValues: network.featureExtractor.namedParameters.map { ($0.name, $0.parameter.shape) })
        let expected: [String: [Int]] = [
            "conv1.weight": [64, 3, 7, 7], "bn1.weight": [64], "bn1.bias": [64], "bn1.running_mean": [64], "bn1.running_var": [64],
            "layer1.0.conv1.weight": [64, 64, 3, 3], "layer1.1.bn2.running_var": [64],
            "layer2.0.conv1.weight": [128, 64, 3, 3], "layer2.0.downsample.0.weight": [128, 64, 1, 1],
            "layer2.0.downsample.1.running_mean": [128], "layer4.1.conv2.weight": [512, 512, 3, 3], "layer4.0.downsample.1.weight": [512],
        ]
        for (name, shape) in expected { #expect(parameters[name] == shape, "\(name)") }
        #expect(parameters["layer1.0.downsample.0.weight"] == nil, "resnet18's first stage keeps its width: no projection")
        #expect(!parameters.keys.contains { $0.hasPrefix("fc.") || $0.contains(".bias") && $0.contains("conv") })
        // torchvision's resnet18 has 11,689,512 parameters, 513,000 of them in fc (512×1000 + 1000).
        #expect(network.featureExtractor.trainableScalarCount == 11_689_512 - 513_000)
        // 20 batch-norm layers × 2 running statistics, as torchvision's state_dict (without num_batches_tracked): 102 keys.
        #expect(parameters.count == 102 - 2)
        let total = network.featureExtractor.namedParameters.reduce(0) { $0 + $1.parameter.value.scalarCount }
        #expect(total == ResNet.Depth.resnet18.scalarCount(inputChannels: 3))
        #expect(network.featureExtractor.namedParameters.first?.name == "conv1.weight", "state_dict order")
        let norms = network.featureExtractor.descendants(ofType: BatchNorm.self)
        #expect(norms.count == 20 && norms.allSatisfy { $0.epsilon == 1e-5 && $0.momentum == 0.1 }, "torchvision's BatchNorm2d defaults")
    }

    @Test func parameterCountsOfTheDeeperNetworks() {
        // Trainable counts without fc: torchvision's 21,797,672 and 25,557,032 minus 513,000 and 2,049,000.
        // Each batch-norm channel adds 2 running statistics to the count of scalars.
        let resnet34Norms = 64 + 2 * (3 * 64 + 4 * 128 + 6 * 256 + 3 * 512) + 128 + 256 + 512
        #expect(ResNet.Depth.resnet34.scalarCount(inputChannels: 3) == 21_797_672 - 513_000 + 2 * resnet34Norms)
        let resnet50Norms = 64 + [(64, 3), (128, 4), (256, 6), (512, 3)].reduce(0) { $0 + $1.1 * 6 * $1.0 + 4 * $1.0 }
        #expect(ResNet.Depth.resnet50.scalarCount(inputChannels: 3) == 25_557_032 - 2_049_000 + 2 * resnet50Norms)
        #expect(Self.configuration(.resnet50).featureCount == 2048 && Self.configuration(.resnet34).featureCount == 512)
    }

    @Test func bottleneckBlocksFollowTorchvisionV15() {
        var generator = SeededGenerator(seed: 0)
        let block = ResNet.Bottleneck(input: 256, width: 128, stride: 2, using: &generator)
        #expect(block.conv1.stride == (1, 1) && block.conv2.stride == (2, 2), "v1.5 strides in the 3×3 convolution")
        #expect(block.conv3.weight.shape == [512, 128, 1, 1])
        let names = block.namedParameters.map(\.name)
        #expect(names.contains("downsample.0.weight") && names.contains("bn3.running_var") && names.count == 3 + 4 * 3 + 1 + 4)
        let output = block(Tensor.zeros(shape: [2, 256, 4, 4]))
        #expect(output.shape == [2, 512, 2, 2])
    }

    @Test func forwardShapesInBothModes() {
        let network = Self.network(.resnet18)
        var generator = SeededGenerator(seed: 1)
        let input = Tensor.normal(shape: [2, 3, 32, 32], standardDeviation: 1, using: &generator)
        #expect(network.featureExtractor(input).shape == [2, 512])
        network.setTraining(false)
        let logits = network.classLogits(input)
        #expect(logits.shape == [2, 5] && logits.isFinite)
        // The smallest maps still reach layer4 (1×1): 8×8 inputs.
        #expect(Self.configuration(.resnet18, size: 8).batchNormValuesPerSample == 1)
        #expect(Self.configuration(.resnet18, size: 224).batchNormValuesPerSample == 49)
    }

    @Test func lenetCardsGainNoKeyAndResNetCardsRoundTrip() throws {
        var lenet = try ModelCard(json: Data(ModelCardFormatTests.formatOne.utf8))
        lenet.formatVersion = 2
        #expect(!String(decoding: try lenet.json(), as: UTF8.self).contains("backbone"))
        var card = lenet
        card.network.backbone = .resnet50
        let json = String(decoding: try card.json(), as: UTF8.self)
        #expect(json.contains(#""backbone":"resnet50""#))
        #expect(try ModelCard(json: Data(json.utf8)) == card)
        var vectors = NetworkConfiguration(inputShape: [10], classCount: 2)
        vectors.backbone = .resnet18
        #expect(vectors.validationProblem()?.contains("needs image inputs") == true)
    }

    @Test func importsATorchvisionStateDictByName() throws {
        let donor = Self.network(.resnet18, seed: 7), network = Self.network(.resnet18, seed: 8)
        var tensors = donor.featureExtractor.stateTensors()
        tensors["fc.weight"] = .zeros(shape: [1000, 512])
        tensors["fc.bias"] = .zeros(shape: [1000])
        let directory = NSTemporaryDirectory() + "resnet-import-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Safetensors.write(tensors, to: directory + "/good.safetensors")
        let report = try BackboneWeights.load(from: directory + "/good.safetensors", into: network)
        #expect(report == .init(loadedCount: 100, ignoredKeys: ["fc.bias", "fc.weight"]))
        #expect(network.featureExtractor.stateTensors().mapValues(\.scalars) == donor.featureExtractor.stateTensors().mapValues(\.scalars))

        let fresh = Self.network(.resnet18, seed: 9), before = fresh.featureExtractor.stateTensors()
        var missing = tensors
        missing["layer3.1.bn2.running_var"] = nil
        try Safetensors.write(missing, to: directory + "/missing.safetensors")
        #expect { _ = try BackboneWeights.load(from: directory + "/missing.safetensors", into: fresh) } throws: {
            "\($0)".contains("'layer3.1.bn2.running_var' is missing")
        }
        var misshaped = tensors
        misshaped["layer2.0.conv1.weight"] = .zeros(shape: [128, 64, 1, 1])
        try Safetensors.write(misshaped, to: directory + "/misshaped.safetensors")
        #expect { _ = try BackboneWeights.load(from: directory + "/misshaped.safetensors", into: fresh) } throws: {
            "\($0)".contains("'layer2.0.conv1.weight' has shape [128, 64, 1, 1] but the model expects [128, 64, 3, 3]")
        }
        #expect(fresh.featureExtractor.stateTensors().mapValues(\.scalars) == before.mapValues(\.scalars), "a failed import changes nothing")
    }
}
