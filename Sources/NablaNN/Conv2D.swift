import Nabla

/// A 2-D convolution layer over NCHW inputs, filter `[out, in, kh, kw]` (PyTorch's layout).
public final class Conv2D: Layer {
    /// Filters, `[outputChannels, inputChannels, kh, kw]`.
    public let weight: Parameter
    /// One bias per output channel, `[outputChannels]`; nil when created with `hasBias: false`.
    public let bias: Parameter?
    /// Step of the filter over `(height, width)`.
    public let stride: (Int, Int)
    /// Zero rows and columns added on each side of `(height, width)`.
    public let padding: (Int, Int)

    /// A convolution with weights `[outputChannels, inputChannels, kh, kw]` and an optional bias.
    /// - Parameters:
    ///   - inputChannels: Channels of the input.
    ///   - outputChannels: Filters, channels of the output.
    ///   - kernelSize: `(height, width)` of each filter.
    ///   - stride: Step of the filter over height and width.
    ///   - padding: zeros added on each side; use `kernelSize / 2` (odd kernels) for
    ///   'same' output size at stride 1.
    ///   - hasBias: Whether a bias is added per output channel.
    ///   - initialization: How the initial weights are drawn.
    ///   - generator: The source of the initial weights.
    public init(inputChannels: Int, outputChannels: Int, kernelSize: (Int, Int), stride: (Int, Int) = (1, 1),
                padding: (Int, Int) = (0, 0), hasBias: Bool = true,
                initialization: WeightInitialization = .pytorchDefault, using generator: inout SeededGenerator) {
        precondition(inputChannels > 0 && outputChannels > 0 && kernelSize.0 > 0 && kernelSize.1 > 0,
                     "Conv2D: channels and kernel size must be positive, got \(inputChannels)→\(outputChannels), kernel \(kernelSize)")
        let fanIn = inputChannels * kernelSize.0 * kernelSize.1
        weight = Parameter(initialization.weights(
            shape: [outputChannels, inputChannels, kernelSize.0, kernelSize.1], fanIn: fanIn, using: &generator))
        bias = hasBias ? Parameter(initialization.bias(count: outputChannels, fanIn: fanIn, using: &generator)) : nil
        self.stride = stride
        self.padding = padding
    }

    /// Convolves `[batch, inputChannels, height, width]` into
    /// `[batch, outputChannels, outHeight, outWidth]`, where
    /// `outHeight = (height + 2 · padding.0 − kh) / stride.0 + 1` (likewise for the width).
    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.convolved2D(filter: weight.value, bias: bias?.value, stride: stride, padding: padding)
    }
}

/// 2-D max pooling.
public final class MaxPool2D: Layer {
    /// `(height, width)` of each pooling window.
    public let kernelSize: (Int, Int)
    /// Step of the window over `(height, width)`; equal to ``kernelSize`` unless given.
    public let stride: (Int, Int)
    /// Rows and columns on each side of `(height, width)` that never win (PyTorch's −∞ padding).
    public let padding: (Int, Int)

    /// A max-pooling layer.
    /// - Parameters:
    ///   - kernelSize: `(height, width)` of each window.
    ///   - stride: Step of the window; nil (the default) for non-overlapping windows.
    ///   - padding: At most half the window on each side (torchvision's ResNet: 3×3, stride 2, padding 1).
    public init(kernelSize: (Int, Int), stride: (Int, Int)? = nil, padding: (Int, Int) = (0, 0)) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    /// The maximum of each window of an NCHW input, per channel; rows and columns that do not
    /// fill a whole window are dropped. The gradient flows to the first maximal element.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.maxPooled2D(kernel: kernelSize, stride: stride, padding: padding) }
}

/// Global average pooling: `[N, C, H, W] → [N, C]`, the mean of each channel's map (PyTorch's
/// `AdaptiveAvgPool2d(1)` followed by `flatten(1)`).
public final class GlobalAveragePool2D: Layer {
    /// A pooling layer; it has no parameters.
    public init() {}
    /// The mean over height and width of each sample's channels.
    public func callAsFunction(_ input: Tensor) -> Tensor { input.globalAveragePooled2D() }
}
