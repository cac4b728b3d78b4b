#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value of LQL: what a property holds, a parameter carries, and a query
/// returns.
///
/// Stored properties are never `null` and never maps; lists stored as
/// properties hold only stored-kind values. `==` is structural: `.int(1)` and
/// `.double(1.0)` are different values (as the openCypher TCK requires of
/// results), while queries compare them numerically. Strings compare by
/// their UTF-8 bytes (no Unicode normalisation), the order indexes use.
public enum Value: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case date(CalendarDate)
    case list([Value])
    case map([String: Value])
    case node(Node)
    case relationship(Relationship)
    case path(Path)
}

extension Value: Hashable {
    /// Structural equality: `.int(1) != .double(1.0)`; strings by UTF-8 bytes; NaN equals NaN.
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x.sameBytes(as: y)
        case (.date(let x), .date(let y)): return x == y
        case (.list(let x), .list(let y)): return x == y
        case (.map(let x), .map(let y)): return x == y
        case (.node(let x), .node(let y)): return x == y
        case (.relationship(let x), .relationship(let y)): return x == y
        case (.path(let x), .path(let y)): return x == y
        default: return false
        }
    }

    /// Hashes consistently with `==`.
    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let v):
            h.combine(1)
            h.combine(v)
        case .int(let v):
            h.combine(2)
            h.combine(v)
        case .double(let v):
            h.combine(3)
            // 0.0 == -0.0, so they must hash alike.
            h.combine(v.isNaN ? Double.nan.bitPattern : (v == 0 ? 0 : v).bitPattern)
        case .string(let v):
            h.combine(4)
            for b in v.utf8 { h.combine(b) }
        case .date(let v):
            h.combine(5)
            h.combine(v)
        case .list(let v):
            h.combine(6)
            h.combine(v)
        case .map(let v):
            h.combine(7)
            h.combine(v)
        case .node(let v):
            h.combine(8)
            h.combine(v)
        case .relationship(let v):
            h.combine(9)
            h.combine(v)
        case .path(let v):
            h.combine(10)
            h.combine(v)
        }
    }
}

extension Value: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `true` and `false` as values.
    public init(booleanLiteral v: Bool) { self = .bool(v) }
    /// Integer literals as `.int`.
    public init(integerLiteral v: Int64) { self = .int(v) }
    /// Floating-point literals as `.double`.
    public init(floatLiteral v: Double) { self = .double(v) }
    /// String literals as `.string`.
    public init(stringLiteral v: String) { self = .string(v) }
    /// Array literals as `.list`.
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    /// Dictionary literals as `.map` (a repeated key keeps its last value).
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension Value {
    /// Whether a property may hold this value: not null, not a map, not a
    /// graph element, and for a list, only such values (no nested lists).
    public var isStorable: Bool {
        switch self {
        case .bool, .int, .double, .string, .date: return true
        case .list(let items):
            return items.allSatisfy {
                switch $0 {
                case .bool, .int, .double, .string, .date: return true
                default: return false
                }
            }
        default: return false
        }
    }

    /// The value's type name as LQL writes it: `INTEGER`, `STRING`, ...
    public var typeName: String {
        switch self {
        case .null: return "NULL"
        case .bool: return "BOOLEAN"
        case .int: return "INTEGER"
        case .double: return "FLOAT"
        case .string: return "STRING"
        case .date: return "DATE"
        case .list: return "LIST"
        case .map: return "MAP"
        case .node: return "NODE"
        case .relationship: return "RELATIONSHIP"
        case .path: return "PATH"
        }
    }
}

extension Value: CustomStringConvertible {
    /// The value as an LQL literal: `'text'`, `1`, `1.0`, `[1, 2]`,
    /// `{a: 1}`, `date('2026-01-08')`; nodes as `(:Label {key: 'x'})`,
    /// relationships as `[:TYPE {key: 'x'}]`, paths as `<(...)-[...]->(...)>`.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return Value.format(d)
        case .string(let s): return Value.quote(s)
        case .date(let d): return "date('\(d)')"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let m): return Value.format(m)
        case .node(let n): return Value.format(n)
        case .relationship(let r): return Value.format(r)
        case .path(let p):
            var text = "<" + Value.format(p.nodes.first)
            for (i, r) in p.relationships.enumerated() {
                let from = p.nodes[i].id
                text += r.start == from ? "-" + Value.format(r) + "->" : "<-" + Value.format(r) + "-"
                text += Value.format(p.nodes[i + 1])
            }
            return text + ">"
        }
    }

    /// A double as LQL prints it: always with a `.` or an exponent.
    static func format(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        let s = String(d)
        return s.contains(".") || s.contains("e") ? s : s + ".0"
    }

    static func quote(_ s: String) -> String {
        var out = "'"
        for ch in s.unicodeScalars {
            switch ch {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "'"
    }

    static func format(_ m: [String: Value]) -> String {
        "{" + m.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }

    static func format(_ n: Node?) -> String {
        guard let n else { return "()" }
        let labels = n.labels.map { ":" + $0 }.joined()
        let props = n.properties.isEmpty ? "" : (labels.isEmpty ? "" : " ") + format(n.properties)
        return "(" + labels + props + ")"
    }

    static func format(_ r: Relationship) -> String {
        "[:" + r.type + (r.properties.isEmpty ? "" : " " + format(r.properties)) + "]"
    }
}

extension String {
    /// Whether two strings hold the same UTF-8 bytes (no Unicode
    /// normalisation, unlike `==`). Cost: a length check, then a memcmp.
    func sameBytes(as other: String) -> Bool {
        if utf8.count != other.utf8.count { return false }
        var a = self
        var b = other
        return a.withUTF8 { x in
            b.withUTF8 { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }

    /// Hashes the UTF-8 bytes in one call, consistent with `sameBytes`.
    func hashBytes(into h: inout Hasher) {
        var s = self
        s.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
