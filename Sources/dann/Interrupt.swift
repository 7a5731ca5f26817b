import Foundation
import Synchronization

/// Turns Ctrl-C (SIGINT) and SIGTERM into a flag that the training loop polls, so it can save a
/// checkpoint before exiting instead of dying mid-step. A second Ctrl-C exits at once.
enum Interrupt {
    static let requested = Atomic<Bool>(false)

    static func install() {
        // A parent may have blocked these signals (test runners do); a blocked signal is never
        // delivered, so unblock them for this thread and the threads it starts.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { _ in
                if Interrupt.requested.exchange(true, ordering: .relaxed) { _exit(130) }
            }
        }
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
