import Foundation
import Lore

/// A record of a JSON Lines file for `lore import`, decoded and checked,
/// ready to write (see `Import` for the format).
enum ImportRecord: Sendable {
    case node(reference: String, labels: [String], properties: [String: Value])
    case relationship(type: String, from: String, to: String, properties: [String: Value])
    case constraint(name: String, label: String, property: String)
    /// A line that holds no record, with what is wrong with it.
    case bad(String)

    /// Reads one line. Only its props become a map; the record's own
    /// fields are picked up as the decoder meets them.
    init(jsonLine line: UnsafeRawBufferPointer) {
        var r = Fields()
        let isObject: Bool
        do {
            isObject = try JSONFormat.decodeMembers(utf8: line, fields: Fields.names) { r.set($0, $1) }
        } catch let e as LoreError {
            self = .bad(e.message)
            return
        } catch {
            self = .bad("\(error)")
            return
        }
        guard isObject else {
            self = .bad("a record must be a JSON object")
            return
        }
        self = Self.check(r)
    }

    private static func check(_ r: Fields) -> ImportRecord {
        guard case .string(let kind)? = r.kind else { return .bad("the record has no \"kind\"") }
        var props: [String: Value] = [:]
        switch r.props {
        case nil, .null?: break
        case .map(let m)?: props = m
        default: return .bad("\"props\" must be an object")
        }
        switch kind {
        case "node":
            var labels: [String] = []
            switch r.labels {
            case nil, .null?: break
            case .list(let items)?:
                for item in items {
                    guard case .string(let l) = item else { return .bad("\"labels\" must be strings") }
                    labels.append(l)
                }
            default: return .bad("\"labels\" must be a list of strings")
            }
            switch (r.key, r.ref) {
            case (.string(let k)?, _):
                if props["key"] != nil { return .bad("the key is given twice (\"key\" and props.key)") }
                props["key"] = .string(k)
                return .node(reference: k, labels: labels, properties: props)
            case (nil, .string(let ref)?): return .node(reference: ref, labels: labels, properties: props)
            default: return .bad("a node record needs a string \"key\" (or \"ref\")")
            }
        case "rel":
            guard case .string(let type)? = r.type, !type.isEmpty else {
                return .bad("a rel record needs a string \"type\"")
            }
            guard case .string(let from)? = r.from, case .string(let to)? = r.to else {
                return .bad("a rel record needs string \"from\" and \"to\" keys")
            }
            return .relationship(type: type, from: from, to: to, properties: props)
        case "constraint":
            guard case .string(let name)? = r.name, case .string(let label)? = r.label,
                case .string(let property)? = r.property
            else { return .bad("a constraint record needs \"name\", \"label\" and \"property\"") }
            return .constraint(name: name, label: label, property: property)
        default:
            return .bad("unknown kind \"\(kind)\" (node, rel or constraint)")
        }
    }

    /// The fields of a record as read (a repeated key keeps its last value);
    /// other keys are ignored.
    private struct Fields {
        /// The keys read, in the order of `names`.
        enum Field: Int, CaseIterable {
            case kind, key, ref, labels, type, from, to, props, name, label, property
        }
        static let names = JSONFormat.Fields(Field.allCases.map { "\($0)" })

        /// A field that must be a string: a string, or something else.
        enum Text {
            case string(String)
            case other
        }

        var kind, key, ref, type, from, to, name, label, property: Text?
        var labels, props: Value?

        mutating func set(_ field: Int, _ value: Value) {
            var text: Text {
                if case .string(let s) = value { return .string(s) }
                return .other
            }
            switch Field(rawValue: field) {
            case .kind?: kind = text
            case .key?: key = text
            case .ref?: ref = text
            case .labels?: labels = value
            case .type?: type = text
            case .from?: from = text
            case .to?: to = text
            case .props?: props = value
            case .name?: name = text
            case .label?: label = text
            case .property?: property = text
            case nil: break
            }
        }
    }
}

/// Reads and decodes a JSON Lines file on a thread of its own, handing the
/// records over in batches, so that decoding (about a third of an import's
/// work) overlaps with writing the records of the batches before.
///
/// At most `queued` batches wait; the reading thread waits when they do.
/// Call `next()` until it returns nil, then, or on giving up early, `stop()`,
/// which returns once the thread has ended. Threading: `next()` and `stop()`
/// are for one consumer thread.
final class JSONLinesReader: @unchecked Sendable {
    // @unchecked Sendable: every stored `var` is read and written only with
    // `condition` locked; the rest is immutable.

    /// Records of consecutive lines, with the file's bytes read up to them.
    struct Batch: Sendable {
        var records: [Parsed] = []
        var bytesRead = 0
    }

    /// A record and the line it came from (1-based; blank lines have none).
    struct Parsed: Sendable {
        let line: Int
        let record: ImportRecord
    }

    static let batchSize = 2048
    static let queued = 4

    private let condition = NSCondition()
    private var ready: [Batch] = []
    private var failure: (any Error)?
    /// The whole file has been read, or reading failed.
    private var done = false
    /// The consumer wants no more batches.
    private var stopped = false
    /// The reading thread has returned.
    private var exited = false

    /// Starts reading `path` (a file that cannot be opened reads as empty).
    init(path: String) {
        let thread = Thread { [self] in run(path) }
        // Deeply nested JSON recurses: give the decoder the main thread's room.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The next batch, waiting for it; nil after the last.
    ///
    /// - Throws: `LoreError` (`IOError`/`ReadFailed`) when reading the file
    ///   failed, after the batches read before the failure.
    func next() throws -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !done { condition.wait() }
        if !ready.isEmpty {
            condition.broadcast()
            return ready.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops reading and waits for the thread to end.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        condition.broadcast()
        while !exited { condition.wait() }
    }

    private func run(_ path: String) {
        defer {
            condition.lock()
            exited = true
            condition.broadcast()
            condition.unlock()
        }
        let lines = LineSource(path: path)
        var batch = Batch()
        batch.records.reserveCapacity(Self.batchSize)
        do {
            while let line = try lines.nextBytes() {
                if LineSource.isBlank(line) { continue }
                batch.records.append(Parsed(line: lines.lineNumber, record: ImportRecord(jsonLine: line)))
                if batch.records.count == Self.batchSize {
                    batch.bytesRead = lines.bytesRead
                    guard hand(batch) else { return }
                    batch = Batch()
                    batch.records.reserveCapacity(Self.batchSize)
                }
            }
            batch.bytesRead = lines.bytesRead
            if hand(batch) { finish(nil) }
        } catch {
            finish(error)
        }
    }

    /// Queues a batch, waiting while `queued` wait; false once stopped.
    private func hand(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= Self.queued && !stopped { condition.wait() }
        if stopped { return false }
        ready.append(batch)
        condition.broadcast()
        return true
    }

    private func finish(_ error: (any Error)?) {
        condition.lock()
        defer { condition.unlock() }
        failure = error
        done = true
        condition.broadcast()
    }
}
