import Nabla

/// The residual networks of He et al. (2016) exactly as torchvision builds them (v1.5: a
/// bottleneck block strides in its 3×3 convolution), without the final `fc` layer: the feature
/// extractor of a classifier. Parameters carry torchvision's state_dict names (`conv1.weight`,
/// `bn1.running_mean`, `layer2.0.downsample.0.weight`, …), so its weights load by name.
public enum ResNet {
    /// A torchvision depth.
    public enum Depth: Int, Sendable, CaseIterable {
        /// `resnet18`, `resnet34` (basic blocks), `resnet50` (bottleneck blocks).
        case resnet18 = 18, resnet34 = 34, resnet50 = 50

        /// Blocks in `layer1` … `layer4`.
        public var blockCounts: [Int] {
            switch self {
            case .resnet18: [2, 2, 2, 2]
            case .resnet34, .resnet50: [3, 4, 6, 3]
            }
        }

        /// Whether the blocks are bottlenecks (1×1, 3×3, 1×1 convolutions, 4× expansion).
        public var usesBottleneck: Bool { self == .resnet50 }

        /// Channels of the pooled features: 512 (18, 34) or 2048 (50).
        public var featureCount: Int { usesBottleneck ? 2048 : 512 }

        /// The number of parameters and buffers (batch-norm running statistics included, `fc`
        /// excluded) for `inputChannels` input channels.
        public func scalarCount(inputChannels: Int) -> Int {
            var total = 64 * inputChannels * 49 + 4 * 64
            var channels = 64
            for (stage, blocks) in blockCounts.enumerated() {
                let width = 64 << stage, output = usesBottleneck ? 4 * width : width
                for block in 0..<blocks {
                    let stride = stage > 0 && block == 0 ? 2 : 1
                    if usesBottleneck {
                        total += channels * width + 4 * width + width * width * 9 + 4 * width + width * output + 4 * output
                    } else {
                        total += channels * width * 9 + 4 * width + width * width * 9 + 4 * width
                    }
                    if stride != 1 || channels != output { total += channels * output + 4 * output }
                    channels = output
                }
            }
            return total
        }

        /// The height (or width) of `layer4`'s output for an input of `size`.
        public func finalMapSize(inputSize size: Int) -> Int {
            var size = (size + 2 * 3 - 7) / 2 + 1      // conv1
            size = (size + 2 * 1 - 3) / 2 + 1          // maxpool
            for _ in 0..<3 { size = (size + 2 - 3) / 2 + 1 }  // layer2…4's stride-2 3×3 (or 1×1 downsample: the same size)
            return size
        }
    }

    /// torchvision's `resnetNN(...)` up to its average pool: `[N, inputChannels, H, W] → [N, featureCount]`.
    /// Convolutions are drawn as torchvision does (He normal, fan-out); batch norm starts at 1 and 0.
    public static func features(_ depth: Depth, inputChannels: Int = 3, using generator: inout SeededGenerator) -> [(String, any Layer)] {
        var layers: [(String, any Layer)] = [
            ("conv1", conv(inputChannels, 64, kernel: 7, stride: 2, padding: 3, &generator)),
            ("bn1", norm(64)),
            ("relu", ReLU()),
            ("maxpool", MaxPool2D(kernelSize: (3, 3), stride: (2, 2), padding: (1, 1))),
        ]
        var channels = 64
        for (stage, count) in depth.blockCounts.enumerated() {
            let width = 64 << stage
            var blocks: [any Layer] = []
            for block in 0..<count {
                let stride = stage > 0 && block == 0 ? 2 : 1
                if depth.usesBottleneck {
                    blocks.append(Bottleneck(input: channels, width: width, stride: stride, using: &generator))
                    channels = width * Bottleneck.expansion
                } else {
                    blocks.append(BasicBlock(input: channels, width: width, stride: stride, using: &generator))
                    channels = width
                }
            }
            layers.append(("layer\(stage + 1)", Sequential(blocks)))
        }
        layers.append(("avgpool", GlobalAveragePool2D()))
        return layers
    }

    static func conv(_ input: Int, _ output: Int, kernel: Int, stride: Int = 1, padding: Int = 0, _ generator: inout SeededGenerator) -> Conv2D {
        Conv2D(inputChannels: input, outputChannels: output, kernelSize: (kernel, kernel), stride: (stride, stride),
               padding: (padding, padding), hasBias: false, initialization: .heNormalFanOut, using: &generator)
    }

    static func norm(_ channels: Int) -> BatchNorm { BatchNorm(featureCount: channels, naming: .pytorch) }

    /// torchvision's `downsample`: a strided 1×1 convolution and batch norm (`downsample.0`, `downsample.1`),
    /// when the block changes the size or the channels; nil otherwise.
    static func downsample(_ input: Int, _ output: Int, stride: Int, _ generator: inout SeededGenerator) -> Sequential? {
        guard stride != 1 || input != output else { return nil }
        return Sequential([conv(input, output, kernel: 1, stride: stride, &generator), norm(output)])
    }

    /// torchvision's `BasicBlock`: `relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))`, 3×3 convolutions.
    public final class BasicBlock: Layer {
        public let conv1: Conv2D, bn1: BatchNorm, conv2: Conv2D, bn2: BatchNorm
        /// The shortcut's projection, or nil for the identity.
        public let downsample: Sequential?

        /// A block from `input` to `width` channels, striding in its first convolution.
        public init(input: Int, width: Int, stride: Int, using generator: inout SeededGenerator) {
            conv1 = conv(input, width, kernel: 3, stride: stride, padding: 1, &generator)
            bn1 = norm(width)
            conv2 = conv(width, width, kernel: 3, padding: 1, &generator)
            bn2 = norm(width)
            downsample = ResNet.downsample(input, width, stride: stride, &generator)
        }

        /// `conv1`, `bn1`, `conv2`, `bn2`, then `downsample` if present (torchvision's order).
        public var namedChildren: [(name: String, module: any Module)] {
            [("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2)] + (downsample.map { [("downsample", $0)] } ?? [])
        }

        public func callAsFunction(_ input: Tensor) -> Tensor {
            let residual = bn2(conv2(bn1(conv1(input)).relu()))
            return (residual + (downsample?(input) ?? input)).relu()
        }
    }

    /// torchvision's `Bottleneck` (v1.5): 1×1 to `width`, 3×3 with the stride, 1×1 to `4 · width`.
    public final class Bottleneck: Layer {
        /// Output channels per `width`.
        public static let expansion = 4
        public let conv1: Conv2D, bn1: BatchNorm, conv2: Conv2D, bn2: BatchNorm, conv3: Conv2D, bn3: BatchNorm
        /// The shortcut's projection, or nil for the identity.
        public let downsample: Sequential?

        /// A block from `input` to `4 · width` channels, striding in its 3×3 convolution.
        public init(input: Int, width: Int, stride: Int, using generator: inout SeededGenerator) {
            conv1 = conv(input, width, kernel: 1, &generator)
            bn1 = norm(width)
            conv2 = conv(width, width, kernel: 3, stride: stride, padding: 1, &generator)
            bn2 = norm(width)
            conv3 = conv(width, width * Self.expansion, kernel: 1, &generator)
            bn3 = norm(width * Self.expansion)
            downsample = ResNet.downsample(input, width * Self.expansion, stride: stride, &generator)
        }

        /// `conv1` … `bn3`, then `downsample` if present (torchvision's order).
        public var namedChildren: [(name: String, module: any Module)] {
            [("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2), ("conv3", conv3), ("bn3", bn3)]
                + (downsample.map { [("downsample", $0)] } ?? [])
        }

        public func callAsFunction(_ input: Tensor) -> Tensor {
            let hidden = bn2(conv2(bn1(conv1(input)).relu())).relu()
            return (bn3(conv3(hidden)) + (downsample?(input) ?? input)).relu()
        }
    }
}
