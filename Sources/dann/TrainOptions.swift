import ArgumentParser
import DomainAdaptation
import DomainData

/// Which domains `dann train` learns from.
struct DataOptions: ParsableArguments {
    @Option(help: "Labeled source domain: a dataset name, folder, CSV file, or svmlight file / folder / NAME_train–NAME_test prefix (e.g. amazon-reviews/books).") var source: String
    @Option(help: "Unlabeled target domain: a dataset name, folder (a flat folder of images too), CSV file, or svmlight file / folder / prefix.") var target: String
    @Option(help: "Data folder to search for named datasets (else $DANN_DATA_DIR, ../shared/data, ./data).") var dataDir: String?
    @Option(help: "Use only the first N training samples of each domain (quick runs).") var limit: Int?
    @Option(help: "Resize every image (shorter side) and centre-crop it to N×N as it is read, for folders of photos of varied sizes; saved in the checkpoint, so dann predict and evaluate do the same (default: keep the stored size).")
    var inputSize: Int?
    @Option(help: "Augment training images with torchvision's random resized crop keeping at least this share of the area (e.g. 0.08; aspect 3/4–4/3; seeded; default: off).")
    var randomResizedCrop: Float?
    @Flag(help: "Augment training images by mirroring half of them left to right (seeded; default: off).") var horizontalFlip = false
    @Option(help: "Hold out this share of the source training samples (seeded) from training, for label-free validation by dann score and dann sweep (default: none).")
    var sourceValidation: Float?
    @Option(help: "svmlight feature indices: 0- or 1-based (default: 0-based when index 0 occurs in a domain's files, else 1-based).") var indexBase: Int?
    @Option(help: "svmlight feature dimension (default: the largest index of either domain); a larger index is an error.") var features: Int?
    @Option(help: ArgumentHelp("The number of classes; every label must be below it. By default the labels must cover 0..<K with every class present, so that a stray label is refused rather than widening the network.",
                               valueName: "K"))
    var classes: Int?

    func validate() throws {
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive, got \(limit)") }
        if let problem = augmentation?.validationProblem() { throw ValidationError("--random-resized-crop: \(problem)") }
        if let inputSize, inputSize <= 0 || inputSize > 4096 { throw ValidationError("--input-size must be in 1…4096, got \(inputSize)") }
        if let sourceValidation, !(sourceValidation > 0 && sourceValidation < 1) {
            throw ValidationError("--source-validation must be a fraction in (0, 1), got \(sourceValidation)")
        }
        if let indexBase, indexBase != 0 && indexBase != 1 { throw ValidationError("--index-base must be 0 or 1, got \(indexBase)") }
        if let features, features <= 0 || features > SparseDataset.maximumFeatureCount {
            throw ValidationError("--features must be in 1…\(SparseDataset.maximumFeatureCount), got \(features)")
        }
        if let classes, classes < 1 || classes > NetworkConfiguration.maximumClassCount {
            throw ValidationError("--classes must be in 1…\(NetworkConfiguration.maximumClassCount), got \(classes)")
        }
    }

    /// How images are read: `--input-size`, and a progress bar for folders of 1000+ images.
    func imageOptions(quiet: Bool, classNames: [String]? = nil) -> ImageLoadingOptions {
        ImageLoadingOptions(inputSize: inputSize, classNames: classNames, progress: quiet ? nil : imageLoadingProgress())
    }

    /// The training-image augmentation the flags ask for, nil when none.
    var augmentation: ImageAugmentation? {
        let augmentation = ImageAugmentation(cropScale: randomResizedCrop, horizontalFlip: horizontalFlip)
        return augmentation.isActive ? augmentation : nil
    }

    /// How svmlight domains are read.
    var svmlight: SVMLightOptions { SVMLightOptions(indexBase: indexBase, featureCount: features) }
}

/// Where and how often `dann train` writes.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output folder.") var out = "dann-run"
    @Option(help: "A TOML file of options (keys are these options without dashes); the command line overrides it. Each run writes its options to config.toml.")
    var config: String?
    @Flag(help: "Continue the run in --out from its checkpoint with the options in its config.toml (no need to retype them). --steps cannot change: the schedules and the averaging window are defined on progress step/steps.")
    var resume = false
    @Flag(help: "Replace the run in --out (its checkpoint, metrics, summary and figures) instead of refusing.") var force = false
    @Option(help: "Write a checkpoint every N steps.") var checkpointEvery = 1000
    @Option(help: "Evaluate on the test sets every N steps (a 2000-sample subset; the final evaluation uses all). Default: a tenth of the run.") var evaluateEvery: Int?
    @Option(help: "Append averaged metrics to metrics.jsonl every N steps.") var logEvery = 100
    @Option(help: ArgumentHelp("Also write every metrics.jsonl value as a TensorBoard scalar (tagged with its key) to an event file in this folder.",
                               valueName: "dir"))
    var tensorboard: String?
    @Option(help: "Checkpoint of a baseline (e.g. a source-only run) whose proxy A-distance is reported beside this model's.") var compareWith: String?
    @Option(help: "Test samples per domain for the t-SNE / PCA pictures and the proxy A-distance (0 = skip).") var embeddingSamples = 500
    @Option(help: "Score the iterate (and the running average) with the label-free validators every N steps (a multiple of --log-every), into metrics.jsonl.")
    var scoreEvery: Int?
    @Option(help: ArgumentHelp("With --score-every: keep the iterate this validator prefers as checkpoint-selected.safetensors (summary.json: selected_model).",
                               discussion: Validator.cheap.map(\.rawValue).joined(separator: ", ")))
    var selectBy: Validator?
    @Flag(help: "No progress output.") var quiet = false

    func validate() throws {
        // t-SNE is exact and quadratic in the samples: 5,000 per domain take minutes already; the
        // proxy A-distance needs 2 per domain (half of the pooled samples train its SVMs).
        guard embeddingSamples == 0 || (2...5000).contains(embeddingSamples) else {
            throw ValidationError("--embedding-samples must be 0 (no pictures) or in 2…5000, got \(embeddingSamples)")
        }
        if resume && force { throw ValidationError("give --resume (continue the run in --out) or --force (replace it), not both") }
        if let tensorboard, tensorboard.isEmpty { throw ValidationError("--tensorboard needs a folder") }
        guard logEvery > 0, checkpointEvery > 0 else {
            throw ValidationError("--log-every and --checkpoint-every must be positive, got \(logEvery) and \(checkpointEvery)")
        }
        guard checkpointEvery % logEvery == 0 else {
            throw ValidationError("--checkpoint-every (\(checkpointEvery)) must be a multiple of --log-every (\(logEvery)) so resumed runs log identically")
        }
        if let scoreEvery, scoreEvery <= 0 || scoreEvery % logEvery != 0 {
            throw ValidationError("--score-every must be a positive multiple of --log-every (\(logEvery))")
        }
        if let selectBy {
            guard scoreEvery != nil else { throw ValidationError("--select-by needs --score-every") }
            guard selectBy != .reverseValidation else { throw ValidationError("--select-by reverse-validation retrains at every scoring; use it with dann score or dann sweep") }
        }
        if let evaluateEvery, evaluateEvery <= 0 || evaluateEvery % logEvery != 0 {
            throw ValidationError("--evaluate-every must be a positive multiple of --log-every (\(logEvery)), got \(evaluateEvery)")
        }
    }
}

/// A progress bar on standard error for decoding large image folders (1000 files or more).
func imageLoadingProgress() -> @Sendable (Int, Int) -> Void {
    // Called only on the loading thread, between parallel batches.
    let bar = UncheckedBox<ProgressBar?>(nil)
    return { done, total in
        guard total >= 1000 else { return }
        if bar.value == nil { bar.value = ProgressBar(total: total, label: "decoding images", quiet: false) }
        bar.value?.update(done)
    }
}

/// A mutable value carried into a `@Sendable` closure that only one thread calls.
final class UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
