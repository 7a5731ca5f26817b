import Foundation
import Nabla
import Testing
@testable import DomainAdaptation

/// A checkpoint's model card is validated as a whole, against itself, before anything is built
/// from it: a crafted card gets a one-line error, never a trap or an unbounded allocation.
@Suite("Crafted checkpoints")
struct CraftedCheckpointTests {
    /// A valid vector model's checkpoint with `tamper` applied to its card.
    func read(tampering tamper: (inout ModelCard) -> Void) throws -> String {
        var generator = SeededGenerator(seed: 1)
        var configuration = NetworkConfiguration(inputShape: [3], classCount: 2)
        configuration.extractorWidths = [4]
        let network = AdaptationNetwork(configuration: configuration, using: &generator)
        var card = ModelCard(network: configuration, preprocessing: .vector(VectorStandardization(fittingRowsOf: [[1, 2, 3, 4, 5, 6]], featureCount: 3)))
        card.training = TrainingConfiguration()
        tamper(&card)
        let path = NSTemporaryDirectory() + "crafted-\(UUID().uuidString).safetensors"
        try ModelCheckpoint.write(network: network, card: card, to: path)
        do { _ = try ModelCheckpoint.read(from: path); return "read" } catch { return "\(error)" }
    }

    @Test func aConsistentCardReads() throws {
        #expect(try read { _ in } == "read")
    }

    @Test("inconsistent or absurd cards are refused with the reason", arguments: [
        "classes exceed", "kernel size", "preprocessing gives inputs", "negative progress", "past the run", "parameters",
        "needs its conditioning", "randomized multilinear map's dimension", "would have about",
    ])
    func refused(reason: String) throws {
        let message = try read { card in
            switch reason {
            case "classes exceed": card.network.classCount = 100_000_000
            case "kernel size": card.network.kernelSize = 0
            case "preprocessing gives inputs": card.network.inputShape = [5]
            case "negative progress": card.sourceSamplesDrawn = -5
            case "past the run": card.step = 30_000
            case "needs its conditioning": card.training?.method = .cdan
            case "randomized multilinear map's dimension": card.network.conditioning = .init(randomizedDimension: 1 << 20)
            case "would have about":
                // CDAN's exact map of 2²⁰ features and 20 classes feeds a 100-unit layer: 2·10⁹
                // weights (without the conditioning, DANN's classifier on 2²⁰ features would pass).
                (card.network.extractorWidths, card.network.classCount, card.network.conditioning) = ([1 << 20], 20, .init())
            default: card.network.extractorWidths = [1 << 20, 1 << 20]
            }
        }
        #expect(message.contains(reason), "\(message)")
        #expect(!message.contains("\n"), "one line")
    }
}
