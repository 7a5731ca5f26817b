import Testing
@testable import Nabla

/// Invalid shapes and arguments stop the program with a message naming the op and the shapes.
/// Exit tests run each case in a child process and read its standard error.
@Suite("Shape and argument errors")
struct ShapeErrorTests {
    @Test func broadcastMismatchNamesOpAndShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [2, 3]) + Tensor.zeros(shape: [4])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("add: shapes [2, 3] and [4] cannot be broadcast together"))
    }

    @Test func matmulMismatchNamesShapes() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [4, 5]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("matmul: inner dimensions differ: shapes [2, 3] and [4, 5]"))
    }

    @Test func convolutionChannelMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [1, 3, 8, 8]).convolved2D(filter: .zeros(shape: [4, 1, 3, 3]))
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("conv2d: filter [4, 1, 3, 3] expects 1 input channels, input [1, 3, 8, 8] has 3"))
    }

    @Test func reshapeAndLabelErrors() async {
        let reshape = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros(shape: [2, 3]).reshaped(to: [4, 2])
        }
        let reshapeMessage = String(decoding: reshape?.standardErrorContent ?? [], as: UTF8.self)
        #expect(reshapeMessage.contains("reshaped(to:): cannot reshape [2, 3] (6 scalars) to [4, 2]"))
        let label = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = softmaxCrossEntropy(logits: .zeros(shape: [2, 3]), labels: [0, 3])
        }
        let labelMessage = String(decoding: label?.standardErrorContent ?? [], as: UTF8.self)
        #expect(labelMessage.contains("label 3 is outside 0..<3"))
    }
}
