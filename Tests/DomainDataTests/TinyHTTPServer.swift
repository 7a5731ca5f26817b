import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 for download tests. It serves fixed
/// routes on a background thread and stops by itself after `maxRequests`
/// connections or `lifetime` seconds, whichever comes first.
final class TinyHTTPServer: Sendable {
    struct Response: Sendable {
        var status: Int
        var body: [UInt8]
        /// Advertise a longer body than is sent, then hang up (a truncated transfer).
        var truncate: Bool = false
    }

    let port: UInt16
    private let stopped = DispatchSemaphore(value: 0)

    init(routes: [String: Response], maxRequests: Int, lifetime: Double = 10) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.setup("socket") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            close(fd)
            throw ServerError.setup("bind/listen")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        let stopped = self.stopped
        let deadline = Date().addingTimeInterval(lifetime)
        let thread = Thread {
            var served = 0
            while served < maxRequests && Date() < deadline {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 50) > 0 else { continue }
                let client = accept(fd, nil, nil)
                guard client >= 0 else { continue }
                served += 1
                TinyHTTPServer.handle(client, routes: routes, deadline: deadline)
                close(client)
            }
            close(fd)
            stopped.signal()
        }
        thread.start()
    }

    /// Waits (bounded) until the server thread has closed its socket.
    func waitUntilStopped(timeout: Double = 10) {
        _ = stopped.wait(timeout: .now() + timeout)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private static func handle(_ client: Int32, routes: [String: Response], deadline: Date) {
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !request.contains(subsequence: [13, 10, 13, 10]) && Date() < deadline {
            var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let got = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if got <= 0 { return }
            request += chunk[0..<got]
        }
        let firstLine = String(decoding: request.prefix(while: { $0 != 13 }), as: UTF8.self)
        let parts = firstLine.split(separator: " ")
        let path = parts.count >= 2 ? String(parts[1]) : "/"
        let response = routes[path] ?? Response(status: 404, body: Array("not found".utf8))
        let length = response.truncate ? response.body.count * 2 : response.body.count
        let head = "HTTP/1.1 \(response.status) Status\r\nContent-Length: \(length)\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + response.body
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(client, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return }
            offset += sent
        }
    }

    enum ServerError: Error { case setup(String) }

    /// A loopback port with nothing listening on it (connections are refused).
    static func refusingPort() -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }
}

extension Array where Element == UInt8 {
    func contains(subsequence: [UInt8]) -> Bool {
        guard count >= subsequence.count else { return false }
        for start in 0...(count - subsequence.count) where self[start..<start + subsequence.count].elementsEqual(subsequence) {
            return true
        }
        return false
    }
}
