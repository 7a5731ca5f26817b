import Testing
@testable import Nabla

@Suite("Reverse-mode autodiff")
struct AutodiffTests {
    @Test func reusedIntermediateAccumulates() {
        // b = a + a; c = b + b ⇒ dc/da = 4 (the micrograd counter-example).
        let da = gradient(at: Tensor(3)) { a in
            let b = a + a
            return b + b
        }
        #expect(da.scalar == 4)
    }

    @Test func unusedInputGetsZeroGradient() {
        let grads = gradient(at: [Tensor([1, 2]), Tensor([5, 6, 7])]) { $0[0].sum() }
        #expect(grads[1].scalars == [0, 0, 0])
        #expect(grads[0].scalars == [1, 1])
    }

    @Test func broadcastGradientsAreSummed() {
        let grads = gradient(at: [Tensor.ones(shape: [3, 2]), Tensor([10, 20])]) { ($0[0] * $0[1]).sum() }
        #expect(grads[0].scalars == [10, 20, 10, 20, 10, 20])
        #expect(grads[1].scalars == [3, 3])
    }

    @Test func deepGraphDoesNotOverflowTheStack() {
        let da = gradient(at: Tensor(1)) { a in
            var x = a
            for _ in 0..<20_000 { x = x + 0.001 }
            return x * 2
        }
        #expect(da.scalar == 2)
    }

    @Test func parametersGetGradientsAndAreRestored() {
        let weight = Parameter(Tensor([2, 3]))
        let unused = Parameter(Tensor([1]))
        let (value, grads) = valueWithGradient(at: [weight, unused]) { (weight.value * Tensor([4, 5])).sum() }
        #expect(value.scalar == 23)
        #expect(grads[weight]?.scalars == [4, 5])
        #expect(grads[unused] == nil)
        #expect(!weight.value.isRecordingGradient, "parameters hold plain values after the computation")
    }

    @Test func nothingIsRecordedOutsideAGradientComputation() {
        let y = Tensor([1, 2]) * Tensor([3, 4])
        #expect(!y.isRecordingGradient)
        let inside = gradient(at: Tensor([1])) { x in
            let blocked = withoutGradients { x * 2 }
            #expect(!blocked.isRecordingGradient)
            return (x * 3).sum()
        }
        #expect(inside.scalars == [3])
    }

    @Test func customOpsUseTheirPullback() {
        // A user-defined op: forward doubles, backward claims 7 (deliberately not the true derivative).
        let dx = gradient(at: Tensor([1, 2])) { x in
            Tensor.recording(x.detached() * 2, from: [x], name: "custom") { upstream in [upstream * 7] }.sum()
        }
        #expect(dx.scalars == [7, 7])
    }
}
