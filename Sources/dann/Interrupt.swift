import Foundation
import Synchronization

/// Turns Ctrl-C (SIGINT) and SIGTERM into a flag that the training loop polls, so it can save a
/// checkpoint before exiting instead of dying mid-step. A second Ctrl-C exits at once.
enum Interrupt {
    static let requested = Atomic<Bool>(false)

    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { _ in
                if Interrupt.requested.exchange(true, ordering: .relaxed) { _exit(130) }
            }
        }
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
