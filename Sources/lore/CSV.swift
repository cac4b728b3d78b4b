import Lore

/// RFC 4180 fields: separated by `,`, quoted with `"` when they hold a
/// `,`, a `"` or a line break, a `"` inside doubled.
enum CSV {
    /// The fields of one record (which may span lines inside quotes).
    static func fields(_ record: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var chars = record.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field)
        return fields
    }

    /// Whether a record ends inside a quoted field (so it goes on on the
    /// next line).
    static func isOpen(_ record: String) -> Bool {
        var open = false
        for u in record.utf8 where u == UInt8(ascii: "\"") { open.toggle() }
        return open
    }

    /// A field, quoted when it must be.
    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) || s.hasPrefix(" ") || s.hasSuffix(" ")
        else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// One column of an import header: `name`, `name:type` (neo4j-admin's
/// `int`, `long`, `float`, `double`, `boolean`, `string`, `date`, each
/// optionally `[]` for a `;`-separated list), or a role (`key:ID`, `:ID`,
/// `:LABEL`, `:TYPE`, `:START_ID`, `:END_ID`, `from`, `to`, `:IGNORE`).
struct CSVColumn {
    enum Role { case id, labels, type, from, to, property, ignored }
    enum Kind: String { case int, float, boolean, string, date, inferred }

    var name: String
    var role: Role = .property
    var kind: Kind = .inferred
    var isList = false

    init(_ header: String) {
        let parts = header.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        name = parts[0]
        var type = parts.count > 1 ? parts[1] : ""
        // neo4j-admin's ID spaces, `key:ID(Company)`: the space is not kept.
        if let paren = type.firstIndex(of: "(") { type = String(type[..<paren]) }
        switch type.uppercased() {
        case "ID": role = .id
        case "LABEL": role = .labels
        case "TYPE": role = .type
        case "START_ID": role = .from
        case "END_ID": role = .to
        case "IGNORE": role = .ignored
        default:
            isList = type.hasSuffix("[]")
            if isList { type.removeLast(2) }
            switch type.lowercased() {
            case "int", "long", "short", "byte": kind = .int
            case "float", "double": kind = .float
            case "boolean": kind = .boolean
            case "string", "char": kind = .string
            case "date": kind = .date
            default: kind = .inferred
            }
        }
    }

    /// The value of a field, or nil for an empty field (no property).
    func value(_ field: String) throws -> Value? {
        if field.isEmpty { return nil }
        if isList {
            return .list(
                try field.split(separator: ";", omittingEmptySubsequences: false).map { try scalar(String($0)) })
        }
        return try scalar(field)
    }

    private func scalar(_ text: String) throws -> Value {
        func bad() -> LoreError {
            LoreError(.argumentError, "InvalidValue", "`\(text)` is not a \(kind.rawValue) (column \(name))")
        }
        switch kind {
        case .string: return .string(text)
        case .int:
            guard let i = Int64(text) else { throw bad() }
            return .int(i)
        case .float:
            guard let d = Double(text) else { throw bad() }
            return .double(d)
        case .boolean:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw bad()
            }
        case .date:
            guard let d = CalendarDate(iso: text) else { throw bad() }
            return .date(d)
        case .inferred:
            if let i = Int64(text) { return .int(i) }
            if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let d = Double(text), d.isFinite {
                return .double(d)
            }
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
            return .string(text)
        }
    }
}

/// The header of an import CSV file, and the label or type its name gives.
struct CSVLayout {
    var columns: [CSVColumn]
    var isNodes: Bool
    var labels: [String] = []
    var type = ""

    init(header: String, source: ImportSource) throws {
        columns = CSV.fields(header).map(CSVColumn.init)
        isNodes = source.kind == .csvNodes
        if isNodes {
            // `key` (or `key:ID`) is the key and stored as a property;
            // a bare `:ID` is a reference only.
            if columns[0].role == .property { columns[0].role = .id }
            columns[0].kind = .string
            if !columns.contains(where: { $0.role == .labels }) {
                labels = source.baseName.split(separator: "+").map(String.init)
            }
        } else {
            columns[0].role = .from
            columns[1].role = .to
            if !columns.contains(where: { $0.role == .type }) { type = source.baseName }
        }
    }
}
