import ArgumentParser
import Foundation
import Lore

#if canImport(Glibc)
    import Glibc
#endif

/// `lore import`: JSON Lines or CSV files into the store, all or nothing.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bulk-load JSON Lines or CSV files, all in one transaction.",
        discussion: """
            JSON Lines (.jsonl), one record a line:
              {"kind": "node", "key": "zhipu-ai", "labels": ["Company"], "props": {"founded": 2019}}
              {"kind": "rel", "type": "DEVELOPED", "from": "zhipu-ai", "to": "glm-4.5", "props": {}}
            `key` is stored as the property `key` and must be unique; `from` and `to` name keys \
            (of this import, else of nodes already in the store). Values are encoded as in \
            --format json ({"~date": "2026-01-08"}). A node record may give "ref" instead of \
            "key": a name for from/to that is not stored. {"kind": "constraint", "name": ..., \
            "label": ..., "property": ...} declares a unique constraint.

            CSV (.csv), one file per label or type, with a header row. A file whose first \
            column is `key` (or `key:ID`) holds nodes, labelled by the file name (Company.csv; \
            Company+Investor.csv for two labels, or a :LABEL column); one whose first two \
            columns are `from` and `to` (or `:START_ID`, `:END_ID`) holds relationships, typed \
            by the file name (DEVELOPED.csv) or a :TYPE column. Columns may be typed as \
            neo4j-admin does (founded:int, share:float, open:boolean, day:date, aliases:string[], \
            list items separated by ;); untyped values are integers, floats or true/false when \
            they read as one, else strings; an empty field is no property. Node files are \
            loaded before relationship files.

            A malformed record stops the import, naming its file and line, with nothing \
            committed; with --skip-bad it is reported on standard error and skipped.

            Examples:
              lore import --db ai.lore knowledge.jsonl
              lore import --db ai.lore Company.csv Model.csv DEVELOPED.csv --skip-bad
            """
    )

    @Option(name: .long, help: "The store's directory.") var db: String
    @Flag(name: .long, help: "Report malformed records and go on without them.") var skipBad = false
    @Argument(help: "The files: .jsonl, or .csv (one per label or relationship type).") var files: [String]

    func run() throws {
        do {
            let sources = try files.map(ImportSource.init(path:)).sorted { $0.order < $1.order }
            let total = sources.reduce(0) { $0 + $1.size }
            var options = Store.Options()
            // Room for the whole load up front, so the map rarely has to grow
            // (a growth runs the import again from the start).
            options.initialMapSize = max(64 << 20, total * 24)
            let store = try Store(path: db, options: options)
            let started = ContinuousClock.now
            let report = try store.write { tx in
                var loader = Loader(tx: tx, skipBad: skipBad, totalBytes: total)
                for source in sources { try loader.load(source) }
                loader.progress.finish()
                return loader.report
            }
            let elapsed = ResultFormatter.describe(ContinuousClock.now - started)
            var line =
                "imported \(report.nodes) nodes and \(report.relationships) relationships from "
                + "\(files.count) file\(files.count == 1 ? "" : "s") in \(elapsed)"
            if report.constraints > 0 { line += ", \(report.constraints) constraints" }
            if report.skipped > 0 { line += "; \(report.skipped) bad records skipped" }
            print(line)
        } catch {
            throw fail(error)
        }
    }
}

/// One input file and how to read it.
struct ImportSource {
    enum Kind { case jsonl, csvNodes, csvRelationships }
    let path: String
    let kind: Kind
    let size: Int
    /// Node files first: relationships name their keys.
    var order: Int { kind == .csvRelationships ? 1 : 0 }

    init(path: String) throws {
        self.path = path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int
        else { throw LoreError(.ioError, "FileNotFound", "cannot read \(path)") }
        self.size = size
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
            kind = .jsonl
        } else if lower.hasSuffix(".csv") {
            let lines = LineSource(path: path)
            guard let header = try lines.next() else {
                throw LoreError(.argumentError, "InvalidCSV", "\(path): the file is empty; it needs a header row")
            }
            let columns = CSV.fields(header).map(CSVColumn.init)
            if columns[0].role == .id || columns[0].name == "key" {
                kind = .csvNodes
            } else if columns.count >= 2, columns[0].role == .from || columns[0].name == "from",
                columns[1].role == .to || columns[1].name == "to"
            {
                kind = .csvRelationships
            } else {
                throw LoreError(
                    .argumentError, "InvalidCSV",
                    "\(path):1: the header must start with `key` (nodes) or `from,to` (relationships)")
            }
        } else {
            throw LoreError(.argumentError, "UnknownFormat", "\(path): import reads .jsonl and .csv files")
        }
    }

    /// The file name without directory and extension: a label or a type.
    var baseName: String {
        let name = (path as NSString).lastPathComponent
        return (name as NSString).deletingPathExtension
    }
}

/// Streams a file's lines from large reads; counts them.
///
/// Lines come as bytes in the reader's own buffer (`nextBytes`), or as
/// strings (`next`). Reads are 1 MiB; a longer line grows the buffer.
final class LineSource {
    private let fd: Int32
    private var buffer: UnsafeMutableRawBufferPointer
    /// The unread bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var atEnd = false
    private let path: String
    private(set) var lineNumber = 0
    private(set) var bytesRead = 0

    /// Opens `path`; a file that cannot be opened reads as empty.
    init(path: String) {
        self.path = path
        fd = open(path, O_RDONLY)
        buffer = .allocate(byteCount: 1 << 20, alignment: 16)
    }

    deinit {
        if fd >= 0 { close(fd) }
        buffer.deallocate()
    }

    /// The next line with its line ending, or nil at the end. The bytes
    /// stay valid until the next call.
    ///
    /// - Throws: `LoreError` (`IOError`/`ReadFailed`) when reading fails.
    private func nextRaw() throws -> UnsafeRawBufferPointer? {
        guard fd >= 0 else { return nil }
        var searched = start
        while true {
            if let found = memchr(buffer.baseAddress! + searched, 0x0A, end - searched) {
                return take(upTo: buffer.baseAddress!.distance(to: found) + 1)
            }
            if atEnd { return start < end ? take(upTo: end) : nil }
            if start > 0 {
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
                end -= start
                start = 0
            }
            if end == buffer.count {
                let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
                larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end)
                buffer.deallocate()
                buffer = larger
            }
            searched = end
            let n = read(fd, buffer.baseAddress! + end, buffer.count - end)
            if n < 0 {
                if errno == EINTR { continue }
                throw LoreError(.ioError, "ReadFailed", "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { atEnd = true }
            end += n
        }
    }

    private func take(upTo lineEnd: Int) -> UnsafeRawBufferPointer {
        let line = UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd])
        lineNumber += 1
        bytesRead += line.count
        start = lineEnd
        return line
    }

    /// The next line's bytes without `\n` or `\r\n`, or nil at the end;
    /// valid until the next call.
    func nextBytes() throws -> UnsafeRawBufferPointer? {
        guard var line = try nextRaw() else { return nil }
        if line.last == 0x0A { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        if line.last == 0x0D { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        return line
    }

    /// The next line without its line ending, or nil at the end.
    func next() throws -> String? {
        guard let raw = try nextRaw() else { return nil }
        var line = String(decoding: raw, as: UTF8.self)
        if line.hasSuffix("\n") { line.removeLast() }
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    /// Whether a line holds nothing but white space (Unicode's sense).
    static func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
        for b in line {
            switch b {
            case 0x09...0x0D, 0x20: continue
            case 0x80...: return String(decoding: line, as: UTF8.self).allSatisfy(\.isWhitespace)
            default: return false
            }
        }
        return true
    }
}

/// Reads records into one transaction.
struct Loader {
    struct Report {
        var nodes = 0
        var relationships = 0
        var constraints = 0
        var skipped = 0
    }

    let tx: Transaction
    let skipBad: Bool
    var report = Report()
    var progress: Progress
    /// Node references (keys, refs) of this import.
    private var references: [String: NodeID] = [:]
    private var labelsInStore: [String]? = nil
    /// The last relationship's start: files usually list a node's
    /// relationships together, and this spares their lookups.
    private var lastStart: (reference: String, id: NodeID)? = nil

    init(tx: Transaction, skipBad: Bool, totalBytes: Int) {
        self.tx = tx
        self.skipBad = skipBad
        progress = Progress(totalBytes: totalBytes)
    }

    private struct Bad: Error {
        var message: String
    }

    mutating func load(_ source: ImportSource) throws {
        if source.kind == .jsonl {
            // Lines are read and decoded on a thread of their own while
            // this one writes the records before them.
            let reader = JSONLinesReader(path: source.path)
            defer { reader.stop() }
            while let batch = try reader.next() {
                for parsed in batch.records {
                    try attempt(source.path, parsed.line) { try $0.write(parsed.record) }
                }
                progress.advance(bytes: batch.bytesRead)
            }
            return
        }
        let lines = LineSource(path: source.path)
        var csv: CSVLayout? = nil
        var record = ""
        var recordLine = 0
        while let line = try lines.next() {
            progress.advance(bytes: lines.bytesRead)
            // CSV: a quoted field may span lines.
            if record.isEmpty { recordLine = lines.lineNumber }
            record += record.isEmpty ? line : "\n" + line
            if CSV.isOpen(record) { continue }
            defer { record = "" }
            guard let layout = csv else {
                csv = try CSVLayout(header: record, source: source)
                continue
            }
            if record.isEmpty { continue }
            try attempt(source.path, recordLine) { try $0.csvRecord(record, layout) }
        }
        if !record.isEmpty {
            try attempt(source.path, recordLine) { _ in throw Bad(message: "a quoted field is not closed") }
        }
    }

    private mutating func attempt(_ path: String, _ line: Int, _ body: (inout Loader) throws -> Void) throws {
        do {
            try body(&self)
            progress.record()
        } catch let bad as Bad {
            try reject(path, line, bad.message)
        } catch let e as LoreError where e.kind != .storageError && e.kind != .ioError {
            try reject(path, line, "\(e.kind.rawValue) (\(e.code)): \(e.message)")
        }
    }

    private mutating func reject(_ path: String, _ line: Int, _ message: String) throws {
        guard skipBad else {
            progress.finish()
            throw LoreError(
                .argumentError, "InvalidRecord", "\(path):\(line): \(message); nothing was imported")
        }
        report.skipped += 1
        progress.interject("skipped \(path):\(line): \(message)")
    }

    // MARK: JSON Lines

    /// Writes a record read from a JSON Lines file.
    private mutating func write(_ record: ImportRecord) throws {
        switch record {
        case .node(let reference, let labels, let properties):
            try createNode(reference, labels: labels, properties: properties)
        case .relationship(let type, let from, let to, let properties):
            try createRelationship(type, from: from, to: to, properties: properties)
        case .constraint(let name, let label, let property):
            if try tx.createUniqueConstraint(name: name, label: label, property: property, ifNotExists: true) {
                report.constraints += 1
            }
        case .bad(let message):
            throw Bad(message: message)
        }
    }

    // MARK: CSV

    private mutating func csvRecord(_ text: String, _ layout: CSVLayout) throws {
        let fields = CSV.fields(text)
        guard fields.count == layout.columns.count else {
            throw Bad(message: "\(fields.count) fields where the header has \(layout.columns.count)")
        }
        var props: [String: Value] = [:]
        var labels = layout.labels
        var type = layout.type
        var from = ""
        var to = ""
        var reference = ""
        for (column, field) in zip(layout.columns, fields) {
            switch column.role {
            case .id:
                reference = field
                if column.name != "" { props[column.name] = .string(field) }
            case .labels: labels += field.split(separator: ";").map(String.init)
            case .type: type = field
            case .from: from = field
            case .to: to = field
            case .property:
                if let v = try column.value(field) { props[column.name] = v }
            case .ignored: break
            }
        }
        if layout.isNodes {
            guard !reference.isEmpty else { throw Bad(message: "the node has no key") }
            try createNode(reference, labels: labels, properties: props)
        } else {
            guard !type.isEmpty else { throw Bad(message: "the relationship has no type") }
            try createRelationship(type, from: from, to: to, properties: props)
        }
    }

    // MARK: records

    private mutating func createNode(_ reference: String, labels: [String], properties: [String: Value]) throws {
        if references[reference] != nil { throw Bad(message: "the key \"\(reference)\" is used twice") }
        let id = try tx.createNode(labels: labels, properties: properties)
        // Growing by four rather than two: every growth hashes every key again.
        if references.count == references.capacity { references.reserveCapacity(max(1024, references.count * 4)) }
        references[reference] = id
        report.nodes += 1
    }

    private mutating func createRelationship(_ type: String, from: String, to: String, properties: [String: Value])
        throws
    {
        let start: NodeID
        if let last = lastStart, last.reference == from {
            start = last.id
        } else {
            guard let id = try node(from) else { throw Bad(message: "no node has the key \"\(from)\"") }
            start = id
            lastStart = (from, id)
        }
        guard let end = try node(to) else { throw Bad(message: "no node has the key \"\(to)\"") }
        try tx.createRelationship(type, from: start, to: end, properties: properties)
        report.relationships += 1
    }

    /// A node of this import by reference, else a node already in the store
    /// whose `key` property is `reference` (through each label's index).
    private mutating func node(_ reference: String) throws -> NodeID? {
        if let id = references[reference] { return id }
        if labelsInStore == nil { labelsInStore = try tx.labels().map(\.name) }
        for label in labelsInStore ?? [] {
            if let id = try tx.nodes(withLabel: label, where: "key", equals: .string(reference)).first {
                references[reference] = id
                return id
            }
        }
        return nil
    }
}

/// A progress line on standard error, when it is a terminal: records,
/// rate, and the time left (from the bytes read).
struct Progress {
    let totalBytes: Int
    let enabled = Terminal.errorIsTerminal
    var records = 0
    var bytesDone = 0
    private var bytesBeforeFile = 0
    private var lastFileBytes = 0
    private let started = ContinuousClock.now
    private var lastDrawn = ContinuousClock.now
    private var drawn = false

    init(totalBytes: Int) { self.totalBytes = totalBytes }

    mutating func advance(bytes fileBytes: Int) {
        if fileBytes < lastFileBytes { bytesBeforeFile += lastFileBytes }
        lastFileBytes = fileBytes
        bytesDone = bytesBeforeFile + fileBytes
    }

    mutating func record() {
        records += 1
        guard enabled, records % 1000 == 0 else { return }
        let now = ContinuousClock.now
        guard now - lastDrawn > .milliseconds(200) else { return }
        lastDrawn = now
        draw()
    }

    private mutating func draw() {
        let seconds = max(1e-3, Self.seconds(ContinuousClock.now - started))
        let rate = Double(records) / seconds
        var line = "\r\(records) records, \(Int(rate))/s"
        if totalBytes > 0, bytesDone > 0 {
            let fraction = Double(bytesDone) / Double(totalBytes)
            let left = seconds / fraction - seconds
            line += String(format: ", %.0f%%, ETA %.0f s", fraction * 100, max(0, left))
        }
        emitError(line + "\u{1B}[K")
        drawn = true
    }

    /// A message on its own line, above the progress line.
    mutating func interject(_ message: String) {
        if drawn { emitError("\r\u{1B}[K") }
        emitError(message + "\n")
    }

    mutating func finish() {
        if drawn { emitError("\r\u{1B}[K") }
        drawn = false
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
