import Foundation
import Synchronization

/// Turns Ctrl-C (SIGINT) and SIGTERM into a flag that long loops poll (training steps, the final
/// evaluation stages, t-SNE iterations), so a command can save a checkpoint and stop instead of
/// dying mid-step; it then exits 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as a
/// shell reports a process killed by it. A second signal exits at once.
enum Interrupt {
    /// The first signal received, 0 while none.
    static let received = Atomic<Int32>(0)

    static func install() {
        // A parent may have blocked these signals (test runners do); a blocked signal is never
        // delivered, so unblock them for this thread and the threads it starts.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber) { number in
                if !Interrupt.received.compareExchange(expected: 0, desired: number, ordering: .relaxed).exchanged {
                    _exit(128 + number)
                }
            }
        }
    }

    static var isRequested: Bool { received.load(ordering: .relaxed) != 0 }

    /// 130 after SIGINT, 143 after SIGTERM.
    static var exitStatus: Int32 { 128 + received.load(ordering: .relaxed) }
}
