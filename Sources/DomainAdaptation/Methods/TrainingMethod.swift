/// The methods `dann train --method` offers, by name: the one place that maps a name to its
/// implementation (checkpoints record the name).
public enum TrainingMethod: String, Sendable, Codable, CaseIterable {
    /// Domain-adversarial training (Ganin et al. 2016): labeled source + unlabeled target.
    case dann
    /// Baseline: the same network on labeled source only (DANN's domain classifier still trains,
    /// its reversed gradient switched off, so domain accuracy can be reported).
    case sourceOnly = "source-only"
    /// Oracle upper bound: trained on the target's labels.
    case targetOnly = "target-only"
    /// Deep domain confusion (Tzeng et al. 2014): a bottleneck layer and a Gaussian-kernel MMD on it.
    case ddc
    /// Deep adaptation networks (Long et al. 2015): multi-kernel MMD on the label predictor's hidden layers.
    case dan
    /// Deep CORAL (Sun & Saenko 2016): aligns the covariances of the features before the classifier.
    case coral
    /// WDGRL (Shen et al. 2018): a gradient-penalised critic's Wasserstein estimate between the domains' features.
    case wdgrl
    /// ADDA (Tzeng et al. 2017): pretrain on the source, then adapt a copy of the encoder to the target against a discriminator.
    case adda
    /// DAAN (Yu et al. 2019): global and per-class domain discriminators, weighed by a dynamic factor recomputed each epoch.
    case daan
    /// DSN (Bousmalis et al. 2016): shared and private encoders, a shared decoder, and DANN's loss on the shared code.
    case dsn
    /// Conditional adversarial networks (Long et al. 2018): DANN's discriminator on the multilinear
    /// map of the features and the class predictions.
    case cdan
    /// CDAN+E: CDAN with each sample's domain loss weighted by the certainty of its prediction.
    case cdanE = "cdan-e"

    /// The method's implementation.
    public var implementation: any AdaptationMethod {
        switch self {
        case .dann: DANN()
        case .sourceOnly: DANN.sourceOnly
        case .targetOnly: TargetOnly()
        case .ddc: DDC()
        case .dan: DAN()
        case .coral: DeepCORAL()
        case .wdgrl: WDGRL()
        case .adda: ADDA()
        case .daan: DAAN()
        case .dsn: DSN()
        case .cdan: CDAN()
        case .cdanE: CDAN(entropyConditioning: true)
        }
    }

    /// One line for `--help` and listings.
    public var summary: String {
        switch self {
        case .dann: "domain-adversarial training (gradient reversal)"
        case .sourceOnly: "baseline: source labels only, no adaptation"
        case .targetOnly: "oracle: trained on the target's labels"
        case .ddc: "deep domain confusion: bottleneck + Gaussian-kernel MMD"
        case .dan: "multi-kernel MMD on the label predictor's hidden layers"
        case .coral: "Deep CORAL: covariance alignment of the features"
        case .wdgrl: "Wasserstein distance of the features, from a gradient-penalised critic"
        case .adda: "pretrain on the source, then adapt a copy of the encoder against a discriminator"
        case .daan: "global and per-class domain discriminators weighed by a dynamic factor"
        case .dsn: "domain separation: shared and private encoders, a shared decoder, DANN's loss on the shared code"
        case .cdan: "conditional adversarial: the domain discriminator sees features ⊗ class predictions"
        case .cdanE: "CDAN+E: CDAN with the domain loss weighted by 1 + e^(−entropy) of the predictions"
        }
    }
}
