import CasebookIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches folders for changes and reports them in batches: inotify on Linux, polling
/// the files' modification times and sizes elsewhere or when inotify is unavailable.
/// A burst of events (an editor's write-rename-chmod) within `quiet` of each other
/// becomes one batch.
final class FileWatcher: @unchecked Sendable {
    let roots: [String]
    let quiet: Duration
    let pollInterval: Duration
    private let forcePolling: Bool

    init(roots: [String], quiet: Duration = .milliseconds(30), pollInterval: Duration = .milliseconds(250), forcePolling: Bool = false) {
        self.roots = roots
        self.quiet = quiet
        self.pollInterval = pollInterval
        self.forcePolling = forcePolling
    }

    /// Batches of changed paths (absolute), until the stream is dropped.
    func changes() -> AsyncStream<Set<String>> {
        AsyncStream { continuation in
            let stopped = Flag()
            let thread = Thread { [self] in
                #if canImport(Glibc)
                if !forcePolling, watchWithInotify(continuation, stopped: stopped) { return }
                #endif
                watchByPolling(continuation, stopped: stopped)
            }
            thread.name = "casebook-watcher"
            continuation.onTermination = { _ in stopped.set() }
            thread.start()
        }
    }

    /// Editor droppings that are never content: hidden files, backups, swap files.
    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swx")
            || name.hasSuffix(".tmp") || name == "4913"
    }

    // MARK: polling

    private func watchByPolling(_ continuation: AsyncStream<Set<String>>.Continuation, stopped: Flag) {
        var known = snapshot()
        while !stopped.isSet {
            Thread.sleep(forTimeInterval: seconds(pollInterval))
            var current = snapshot()
            var changed = Set(known.keys).symmetricDifference(current.keys)
            for (path, stamp) in current where known[path] != nil && known[path]! != stamp { changed.insert(path) }
            // Let a burst settle before reporting it.
            while !changed.isEmpty {
                Thread.sleep(forTimeInterval: seconds(quiet))
                let settled = snapshot()
                if settled == current { break }
                for (path, stamp) in settled where current[path] != stamp { changed.insert(path) }
                changed.formUnion(Set(current.keys).symmetricDifference(settled.keys))
                current = settled
            }
            known = current
            if !changed.isEmpty { continuation.yield(changed) }
        }
        continuation.finish()
    }

    struct Stamp: Equatable { var modified: Date; var size: Int }

    private func snapshot() -> [String: Stamp] {
        var result: [String: Stamp] = [:]
        for root in roots {
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { continue }
            while let relative = enumerator.nextObject() as? String {
                let name = relative.split(separator: "/").last.map(String.init) ?? relative
                if Self.isIgnored(name) { enumerator.skipDescendants(); continue }
                let path = root + "/" + relative
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                      attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                result[path] = Stamp(modified: attributes[.modificationDate] as? Date ?? .distantPast,
                                     size: (attributes[.size] as? NSNumber)?.intValue ?? 0)
            }
        }
        return result
    }

    private func seconds(_ duration: Duration) -> Double { duration.inSeconds }

    // MARK: inotify

    #if canImport(Glibc)
    /// False when inotify cannot be used here, so the caller polls instead.
    private func watchWithInotify(_ continuation: AsyncStream<Set<String>>.Continuation, stopped: Flag) -> Bool {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_DELETE_SELF)
        var folders: [Int32: String] = [:]
        func watch(_ folder: String) {
            let wd = inotify_add_watch(fd, folder, mask)
            if wd >= 0 { folders[wd] = folder }
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for name in names where !Self.isIgnored(name) {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory), isDirectory.boolValue {
                    watch(folder + "/" + name)
                }
            }
        }
        for root in roots { watch(root) }
        guard !folders.isEmpty else { return false }

        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pending: Set<String> = []
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while !stopped.isSet {
            // Wait for events: long while idle, `quiet` while a burst is under way.
            let timeout = pending.isEmpty ? 200 : Int32(seconds(quiet) * 1000)
            let ready = poll(&poller, 1, timeout)
            if ready <= 0 {
                if !pending.isEmpty { continuation.yield(pending); pending = [] }
                continue
            }
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { continue }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (wd, eventMask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let nameBytes = buffer[nameStart..<min(nameStart + length, count)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                offset = nameStart + length
                guard let folder = folders[wd], !name.isEmpty, !Self.isIgnored(name) else { continue }
                let path = folder + "/" + name
                if eventMask & UInt32(IN_ISDIR) != 0 {
                    if eventMask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        watch(path)
                        // Files may have landed in the new folder before its watch.
                        if let names = try? FileManager.default.subpathsOfDirectory(atPath: path) {
                            for sub in names { pending.insert(path + "/" + sub) }
                        }
                    }
                    continue
                }
                pending.insert(path)
            }
        }
        continuation.finish()
        return true
    }
    #endif
}

/// A flag set once, read from other threads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
