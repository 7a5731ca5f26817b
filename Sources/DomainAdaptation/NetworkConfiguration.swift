import Nabla
import NablaNN

/// The shape of a network: a convolutional extractor for images or an MLP for vectors, the
/// label predictor's widths, and those of DANN's domain classifier. Codable, so a checkpoint
/// can carry it.
public struct NetworkConfiguration: Sendable, Codable, Equatable {
    /// `[channels, height, width]` for images, `[features]` for vectors.
    public var inputShape: [Int]
    /// Number of classes; labels are in `0..<classCount`.
    public var classCount: Int
    /// Output channels of each 5×5 convolution (images). Paper MNIST: [32, 48].
    public var convolutionChannels: [Int] = [32, 48]
    /// Height and width of each convolution's square filters (images).
    public var kernelSize: Int = 5
    /// `true`: zero-pad so each convolution keeps its input size ('same'); `false`: 'valid'.
    public var samePadding: Bool = false
    /// Hidden widths of the extractor MLP (vectors only).
    public var extractorWidths: [Int] = [100]
    /// Hidden widths of the label predictor. Paper MNIST: [100, 100].
    public var labelHiddenWidths: [Int] = [100, 100]
    /// Hidden widths of the domain classifier. Paper MNIST: [100].
    public var domainHiddenWidths: [Int] = [100]
    /// Activation of the vector extractor's hidden layers.
    public var extractorActivation: Activation = .relu
    /// Insert batch-norm after each convolution and hidden layer of the extractor.
    public var batchNorm: Bool = false
    /// Dropout probability after the extractor and each head's hidden layers (0 = off).
    public var dropout: Float = 0
    /// How the initial weights are drawn.
    public var initialization: Initialization = .pytorch
    /// What a conditional method's domain discriminator sees (CDAN's multilinear map of the
    /// features and the class predictions); nil for every other method, whose domain classifier
    /// sees the features. Set by the method (``AdaptationMethod/adapt(_:training:)``), so that a
    /// checkpoint rebuilds the same discriminator.
    public var conditioning: Conditioning?
    /// The image extractor: nil (or ``Backbone/lenet``) for the paper's small network of
    /// ``convolutionChannels``, or a torchvision ResNet up to its average pool (the convolution
    /// settings and ``batchNorm`` then do not apply). Checkpoints record it only when it is not nil.
    public var backbone: Backbone?

    /// An image extractor, by the name `--backbone` and checkpoints use.
    public enum Backbone: String, Sendable, Codable, CaseIterable {
        /// The paper's conv–pool stages (``convolutionChannels``).
        case lenet
        /// torchvision's `resnet18`, `resnet34` (512 features) and `resnet50` (2048 features),
        /// without `fc`, with torchvision's parameter names.
        case resnet18, resnet34, resnet50

        /// The ResNet depth, nil for ``lenet``.
        public var resNetDepth: ResNet.Depth? {
            switch self {
            case .lenet: nil
            case .resnet18: .resnet18
            case .resnet34: .resnet34
            case .resnet50: .resnet50
            }
        }
    }

    /// The ResNet the extractor is, nil for the paper's network.
    public var resNetDepth: ResNet.Depth? { backbone?.resNetDepth }

    /// Whether the extractor has batch-norm layers (``batchNorm``, or a ResNet backbone).
    public var hasBatchNorm: Bool { batchNorm || resNetDepth != nil }

    /// The input of CDAN's domain discriminator: the multilinear map `f ⊗ g` of the features `f`
    /// and the softmax predictions `g` (``featureCount`` × ``classCount`` values), or its
    /// randomized approximation `(R_f f) ⊙ (R_g g) / √d` of ``randomizedDimension`` values.
    public struct Conditioning: Sendable, Codable, Equatable {
        /// `d`, the width of the randomized multilinear map; nil: the exact map `f ⊗ g`.
        public var randomizedDimension: Int?

        /// The exact map (nil) or the randomized one of width `randomizedDimension`.
        public init(randomizedDimension: Int? = nil) { self.randomizedDimension = randomizedDimension }
    }

    /// The widest randomized multilinear map (`R_f` alone then holds `featureCount × 2¹⁶` values).
    public static let maximumRandomizedDimension = 1 << 16

    /// An activation function, by the name checkpoints record.
    public enum Activation: String, Sendable, Codable, CaseIterable {
        /// `relu`, `sigmoid` or `tanh`.
        case relu, sigmoid, tanh
    }

    /// A weight initialisation, by the name checkpoints record.
    public enum Initialization: String, Sendable, Codable, CaseIterable {
        /// PyTorch's default: uniform in ±1/√fan-in for weights and biases.
        case pytorch
        /// Truncated normal, σ 0.1, bias 0.1, as tf-dann.
        case truncatedNormal = "truncated-normal"
        /// He (Kaiming) normal.
        case he
        /// Glorot (Xavier) uniform, zero bias.
        case glorot
    }

    /// The paper's MNIST architecture (for images; for vectors, an MLP of ``extractorWidths``) for
    /// `inputShape` and `classCount`.
    public init(inputShape: [Int], classCount: Int) {
        self.inputShape = inputShape
        self.classCount = classCount
    }

    /// Whether the input is an image (`[channels, height, width]`), so the extractor is convolutional.
    public var isImageModel: Bool { inputShape.count == 3 }

    var weightInitialization: WeightInitialization {
        switch initialization {
        case .truncatedNormal: .truncatedNormal(standardDeviation: 0.1, bias: 0.1)
        case .he: .heNormal
        case .glorot: .glorotUniform
        case .pytorch: .pytorchDefault
        }
    }

    /// Checks that the configuration describes a buildable network; the message says what is wrong.
    public func validationProblem() -> String? {
        if classCount < 2 { return "need at least 2 classes, got \(classCount)" }
        if classCount > Self.maximumClassCount { return "\(classCount) classes exceed the maximum of \(Self.maximumClassCount)" }
        if kernelSize < 1 || kernelSize > 64 { return "kernel size must be in 1…64, got \(kernelSize)" }
        if inputShape.contains(where: { $0 > 1 << 20 }) { return "input shape \(inputShape) has a dimension above 2²⁰" }
        if !(inputShape.count == 1 || inputShape.count == 3) || inputShape.contains(where: { $0 <= 0 }) {
            return "input shape must be [features] or [channels, height, width] with positive sizes, got \(inputShape)"
        }
        if dropout < 0 || dropout >= 1 { return "dropout must be in [0, 1), got \(dropout)" }
        if (convolutionChannels + extractorWidths + labelHiddenWidths + domainHiddenWidths).contains(where: { $0 <= 0 }) {
            return "layer widths must be positive"
        }
        if (convolutionChannels + extractorWidths + labelHiddenWidths + domainHiddenWidths).contains(where: { $0 > 1 << 20 }) {
            return "a layer width above 2²⁰"
        }
        if resNetDepth != nil && !isImageModel { return "the \(backbone!.rawValue) backbone needs image inputs, got shape \(inputShape)" }
        if isImageModel && featureCount == nil {
            return "input \(inputShape) is too small for \(convolutionChannels.count) conv(\(kernelSize)×\(kernelSize))+pool stages"
        }
        if let conditioning, let problem = conditioningProblem(conditioning) { return problem }
        if let count = approximateParameterCount, count > Self.maximumParameterCount {
            return "the network would have about \(count) parameters, more than the maximum of \(Self.maximumParameterCount)"
        }
        return nil
    }

    func conditioningProblem(_ conditioning: Conditioning) -> String? {
        if let d = conditioning.randomizedDimension, d < 1 || d > Self.maximumRandomizedDimension {
            return "the randomized multilinear map's dimension must be in 1…\(Self.maximumRandomizedDimension), got \(d)"
        }
        if let features = featureCount, domainInputCount == nil {
            return "the multilinear map of \(features) features and \(classCount) classes has more values than an Int holds"
        }
        return nil
    }

    /// The number of values the domain classifier sees per sample: ``featureCount``, or with
    /// ``conditioning`` the multilinear map's width (`featureCount × classCount`, or the randomized
    /// map's `d`); nil when the input is too small for the extractor or the product overflows.
    public var domainInputCount: Int? {
        guard let features = featureCount else { return nil }
        guard let conditioning else { return features }
        if let dimension = conditioning.randomizedDimension { return dimension }
        let (product, overflow) = features.multipliedReportingOverflow(by: classCount)
        return overflow ? nil : product
    }

    /// The most classes a network may have (a label of 10⁸ in a data file would otherwise build
    /// a 10⁸-way classifier).
    public static let maximumClassCount = 100_000
    /// The most parameters a network may have (4 GB of Float32 weights).
    public static let maximumParameterCount = 1_000_000_000

    /// The parameter count of the backbone and a domain classifier (with the randomized map's
    /// fixed matrices, if any), computed without overflow (nil when it would overflow), so that a
    /// configuration can be refused before it allocates.
    var approximateParameterCount: Int? {
        var total = 0
        func add(_ a: Int, _ b: Int) -> Bool {
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            guard !overflow else { return false }
            let (sum, overflow2) = total.addingReportingOverflow(product + b)
            total = sum
            return !overflow2
        }
        var width = inputShape[0]
        if let depth = resNetDepth, isImageModel {
            guard inputShape[0] <= 1 << 16 else { return nil }
            total = depth.scalarCount(inputChannels: inputShape[0])
        } else if isImageModel {
            for channels in convolutionChannels { guard add(width * kernelSize * kernelSize, channels) else { return nil }; width = channels }
        } else {
            for hidden in extractorWidths { guard add(width, hidden) else { return nil }; width = hidden }
        }
        guard let features = featureCount else { return total }
        guard let domainInput = domainInputCount else { return nil }
        for (input, widths) in [(features, labelHiddenWidths + [classCount]), (domainInput, domainHiddenWidths + [1])] {
            var previous = input
            for next in widths { guard add(previous, next) else { return nil }; previous = next }
        }
        if let dimension = conditioning?.randomizedDimension {
            guard add(features + classCount, dimension) else { return nil }
        }
        return total
    }

    /// The fewest values per channel that one sample gives a batch-norm layer (a convolution's
    /// output pixels, 1 after a fully connected layer); nil without batch-norm layers. A batch
    /// needs more than one value per channel, so this bounds the smallest usable batch.
    public var batchNormValuesPerSample: Int? {
        if let depth = resNetDepth, isImageModel {
            let size = { depth.finalMapSize(inputSize: $0) }
            return size(inputShape[1]) * size(inputShape[2])
        }
        guard batchNorm else { return nil }
        guard isImageModel else { return extractorWidths.isEmpty ? nil : 1 }
        var (height, width) = (inputShape[1], inputShape[2]), fewest: Int?
        for _ in convolutionChannels {
            if !samePadding { height -= kernelSize - 1; width -= kernelSize - 1 }
            guard height >= 1, width >= 1 else { return fewest }
            fewest = min(fewest ?? .max, height * width)
            height /= 2; width /= 2
        }
        return fewest
    }

    /// The number of features the extractor produces, or `nil` if the input is too small.
    public var featureCount: Int? {
        guard isImageModel else { return extractorWidths.last ?? inputShape[0] }
        if let depth = resNetDepth { return depth.featureCount }
        var (height, width) = (inputShape[1], inputShape[2])
        for _ in convolutionChannels {
            if !samePadding { height -= kernelSize - 1; width -= kernelSize - 1 }
            height /= 2; width /= 2
            if height < 1 || width < 1 { return nil }
        }
        return (convolutionChannels.last ?? inputShape[0]) * height * width
    }

    /// The shared backbone: feature extractor and label predictor.
    func makeBackbone(using generator: inout SeededGenerator) -> (features: Sequential, label: Sequential) {
        if let problem = validationProblem() { preconditionFailure("NetworkConfiguration: \(problem)") }
        let initialization = weightInitialization
        var extractor: [any Layer] = []
        if let depth = resNetDepth {
            var layers = ResNet.features(depth, inputChannels: inputShape[0], using: &generator)
            if dropout > 0 { layers.append(("dropout", Dropout(probability: dropout, seed: generator.next()))) }
            let label = head(input: depth.featureCount, hidden: labelHiddenWidths, output: classCount, initialization, &generator)
            return (Sequential(named: layers), label)
        } else if isImageModel {
            var channels = inputShape[0]
            let padding = samePadding ? kernelSize / 2 : 0
            for (stage, outChannels) in convolutionChannels.enumerated() {
                extractor.append(Conv2D(inputChannels: channels, outputChannels: outChannels, kernelSize: (kernelSize, kernelSize),
                                        padding: (padding, padding), initialization: initialization, using: &generator))
                if batchNorm { extractor.append(BatchNorm(featureCount: outChannels)) }
                // The paper's conv–ReLU–pool, computed as pool–ReLU: max and ReLU commute (ReLU
                // is monotone), values and gradients are the same bits, and the ReLU then runs on
                // a quarter of the pixels.
                extractor.append(MaxPool2D(kernelSize: (2, 2)))
                extractor.append(ReLU())
                if dropout > 0 && stage == convolutionChannels.count - 1 { extractor.append(Dropout(probability: dropout, seed: generator.next())) }
                channels = outChannels
            }
            extractor.append(Flatten())
        } else {
            var width = inputShape[0]
            for hidden in extractorWidths {
                extractor.append(Linear(inputSize: width, outputSize: hidden, initialization: initialization, using: &generator))
                if batchNorm { extractor.append(BatchNorm(featureCount: hidden)) }
                extractor.append(activationLayer())
                width = hidden
            }
            if dropout > 0 && !extractorWidths.isEmpty { extractor.append(Dropout(probability: dropout, seed: generator.next())) }
        }
        let features = featureCount!
        let label = head(input: features, hidden: labelHiddenWidths, output: classCount, initialization, &generator)
        return (Sequential(extractor), label)
    }

    func activationLayer() -> any Layer {
        switch extractorActivation {
        case .sigmoid: Sigmoid()
        case .tanh: Tanh()
        case .relu: ReLU()
        }
    }

    /// A head of fully connected layers with ReLU (and dropout, if configured) between them.
    func head(input: Int, hidden: [Int], output: Int, _ generator: inout SeededGenerator) -> Sequential {
        head(input: input, hidden: hidden, output: output, weightInitialization, &generator)
    }

    func head(input: Int, hidden: [Int], output: Int, _ initialization: WeightInitialization,
              _ generator: inout SeededGenerator) -> Sequential {
        var layers: [any Layer] = []
        var width = input
        for size in hidden {
            layers.append(Linear(inputSize: width, outputSize: size, initialization: initialization, using: &generator))
            layers.append(ReLU())
            if dropout > 0 { layers.append(Dropout(probability: dropout, seed: generator.next())) }
            width = size
        }
        layers.append(Linear(inputSize: width, outputSize: output, initialization: initialization, using: &generator))
        return Sequential(layers)
    }
}
