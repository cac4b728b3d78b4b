import Lore

// The TCK writes expected values in a Cypher-like notation: `null`, `true`,
// `1`, `1.0`, `NaN`, `-Inf`, `'text'`, `[1, 2]`, `{key: 1}`, nodes
// `(:A:B {p: 1})`, relationships `[:T {p: 1}]` and paths
// `<(:A)-[:T]->(:B)<-[:S]-()>`. Nodes and relationships carry no identity:
// they match an actual one by labels (as a set) or type, and properties.

/// An expected value, as written in a TCK table.
indirect enum ExpectedValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case list([ExpectedValue])
    case map([String: ExpectedValue])
    case node(ExpectedNode)
    case relationship(ExpectedRelationship)
    /// A start node, then each step: the relationship, whether it points
    /// forward (`-[]->`), and the node reached.
    case path(ExpectedNode, [PathStep])

    struct ExpectedNode: Sendable, Hashable {
        var labels: Set<String>
        var properties: [String: ExpectedValue]
    }

    struct ExpectedRelationship: Sendable, Hashable {
        var type: String
        var properties: [String: ExpectedValue]
    }

    struct PathStep: Sendable, Hashable {
        var relationship: ExpectedRelationship
        var forward: Bool
        var node: ExpectedNode
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return Value.double(d).description
        case .string(let s): return Value.string(s).description
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let m): return ExpectedValue.describe(m)
        case .node(let n): return ExpectedValue.describe(n)
        case .relationship(let r): return ExpectedValue.describe(r)
        case .path(let start, let steps):
            var text = "<" + ExpectedValue.describe(start)
            for step in steps {
                let rel = ExpectedValue.describe(step.relationship)
                text += (step.forward ? "-" + rel + "->" : "<-" + rel + "-") + ExpectedValue.describe(step.node)
            }
            return text + ">"
        }
    }

    static func describe(_ m: [String: ExpectedValue]) -> String {
        "{" + m.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }

    static func describe(_ n: ExpectedNode) -> String {
        let labels = n.labels.sorted().map { ":" + $0 }.joined()
        let props = n.properties.isEmpty ? "" : (labels.isEmpty ? "" : " ") + describe(n.properties)
        return "(" + labels + props + ")"
    }

    static func describe(_ r: ExpectedRelationship) -> String {
        "[:" + r.type + (r.properties.isEmpty ? "" : " " + describe(r.properties)) + "]"
    }

    /// The value as a parameter: scalars, lists and maps only.
    func parameterValue() throws -> Value {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        case .list(let items): return .list(try items.map { try $0.parameterValue() })
        case .map(let m): return .map(try m.mapValues { try $0.parameterValue() })
        case .node, .relationship, .path:
            throw ValueNotationError(message: "a graph element cannot be a parameter: \(self)", offset: 0)
        }
    }
}

/// A value the notation parser could not read.
struct ValueNotationError: Error, CustomStringConvertible {
    var message: String
    var offset: Int
    var description: String { "\(message) (at character \(offset))" }
}

/// Parses the TCK's value notation.
struct ValueNotation {
    private let text: [Unicode.Scalar]
    private var position = 0

    private init(_ text: String) { self.text = Array(text.unicodeScalars) }

    /// Parses one whole value; anything left over is an error.
    static func parse(_ text: String) throws -> ExpectedValue {
        var parser = ValueNotation(text)
        parser.skipSpace()
        let value = try parser.value()
        parser.skipSpace()
        guard parser.position == parser.text.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    private func error(_ message: String) -> ValueNotationError {
        ValueNotationError(message: message, offset: position)
    }

    private var peek: Unicode.Scalar? { position < text.count ? text[position] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        position + offset < text.count ? text[position + offset] : nil
    }

    private mutating func skipSpace() {
        while let c = peek, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
    }

    private mutating func expect(_ c: Unicode.Scalar) throws {
        skipSpace()
        guard peek == c else { throw error("expected `\(c)`") }
        position += 1
    }

    private mutating func accept(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard position + scalars.count <= text.count, Array(text[position..<position + scalars.count]) == scalars
        else { return false }
        if let after = peek(scalars.count), ValueNotation.isIdentifierPart(after) { return false }
        position += scalars.count
        return true
    }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic
    }

    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || c.properties.numericType != nil
    }

    private mutating func value() throws -> ExpectedValue {
        skipSpace()
        guard let c = peek else { throw error("expected a value") }
        switch c {
        case "'", "\"": return .string(try string())
        case "(": return .node(try node())
        case "<": return try path()
        case "{": return .map(try map())
        case "[":
            var ahead = position + 1
            while ahead < text.count, text[ahead] == " " { ahead += 1 }
            if ahead < text.count, text[ahead] == ":" { return .relationship(try relationship()) }
            return .list(try list())
        default:
            if accept("null") { return .null }
            if accept("true") { return .bool(true) }
            if accept("false") { return .bool(false) }
            return try number()
        }
    }

    private mutating func number() throws -> ExpectedValue {
        let start = position
        var sign = ""
        if peek == "-" || peek == "+" {
            sign = peek == "-" ? "-" : ""
            position += 1
        }
        if accept("NaN") { return .float(.nan) }
        if accept("Infinity") || accept("Inf") { return .float(sign == "-" ? -.infinity : .infinity) }
        var body = ""
        while let c = peek, c.isASCII {
            let exponentSign = (c == "-" || c == "+") && (body.last == "e" || body.last == "E") && !body.hasPrefix("0x")
            guard c.properties.isAlphabetic || c.properties.numericType != nil || c == "." || exponentSign else {
                break
            }
            body.unicodeScalars.append(c)
            position += 1
        }
        if body.hasPrefix("0x"), let v = Int64(sign + body.dropFirst(2), radix: 16) { return .int(v) }
        if body.hasPrefix("0o"), let v = Int64(sign + body.dropFirst(2), radix: 8) { return .int(v) }
        if !body.isEmpty, body.allSatisfy(\.isNumber), let v = Int64(sign + body) { return .int(v) }
        if let first = body.first, first.isNumber || first == ".", let v = Double(sign + body) { return .float(v) }
        position = start
        throw error("expected a value")
    }

    private mutating func string() throws -> String {
        let quote = text[position]
        position += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw error("unterminated string") }
            position += 1
            if c == quote { return String(out) }
            guard c == "\\" else {
                out.append(c)
                continue
            }
            guard let e = peek else { throw error("unterminated string") }
            position += 1
            switch e {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "b": out.append("\u{8}")
            case "f": out.append("\u{C}")
            case "u", "U":
                let digits = e == "u" ? 4 : 8
                guard position + digits <= text.count,
                    let code = UInt32(String(String.UnicodeScalarView(text[position..<position + digits])), radix: 16),
                    let scalar = Unicode.Scalar(code)
                else { throw error("bad unicode escape") }
                out.append(scalar)
                position += digits
            default: out.append(e)  // \\, \', \" and anything else: the character itself
            }
        }
    }

    private mutating func name() throws -> String {
        skipSpace()
        if peek == "`" {
            position += 1
            var out = String.UnicodeScalarView()
            while true {
                guard let c = peek else { throw error("unterminated quoted name") }
                position += 1
                if c == "`" {
                    if peek == "`" {
                        out.append("`")
                        position += 1
                        continue
                    }
                    return String(out)
                }
                out.append(c)
            }
        }
        if peek == "'" || peek == "\"" { return try string() }
        var out = String.UnicodeScalarView()
        while let c = peek, ValueNotation.isIdentifierPart(c) {
            out.append(c)
            position += 1
        }
        guard !out.isEmpty else { throw error("expected a name") }
        return String(out)
    }

    private mutating func list() throws -> [ExpectedValue] {
        try expect("[")
        var items: [ExpectedValue] = []
        skipSpace()
        if peek == "]" {
            position += 1
            return items
        }
        while true {
            items.append(try value())
            skipSpace()
            if peek == "," {
                position += 1
                continue
            }
            try expect("]")
            return items
        }
    }

    private mutating func map() throws -> [String: ExpectedValue] {
        try expect("{")
        var entries: [String: ExpectedValue] = [:]
        skipSpace()
        if peek == "}" {
            position += 1
            return entries
        }
        while true {
            let key = try name()
            try expect(":")
            entries[key] = try value()
            skipSpace()
            if peek == "," {
                position += 1
                continue
            }
            try expect("}")
            return entries
        }
    }

    private mutating func labelsAndProperties() throws -> (names: [String], properties: [String: ExpectedValue]) {
        var names: [String] = []
        skipSpace()
        while peek == ":" {
            position += 1
            names.append(try name())
            skipSpace()
        }
        var properties: [String: ExpectedValue] = [:]
        if peek == "{" { properties = try map() }
        return (names, properties)
    }

    private mutating func node() throws -> ExpectedValue.ExpectedNode {
        try expect("(")
        let (labels, properties) = try labelsAndProperties()
        try expect(")")
        return ExpectedValue.ExpectedNode(labels: Set(labels), properties: properties)
    }

    private mutating func relationship() throws -> ExpectedValue.ExpectedRelationship {
        try expect("[")
        let (types, properties) = try labelsAndProperties()
        guard types.count == 1 else { throw error("a relationship has exactly one type") }
        try expect("]")
        return ExpectedValue.ExpectedRelationship(type: types[0], properties: properties)
    }

    private mutating func path() throws -> ExpectedValue {
        try expect("<")
        let start = try node()
        var steps: [ExpectedValue.PathStep] = []
        while true {
            skipSpace()
            if peek == ">" {
                position += 1
                return .path(start, steps)
            }
            if peek == "<" {
                position += 1
                try expect("-")
                let rel = try relationship()
                try expect("-")
                steps.append(ExpectedValue.PathStep(relationship: rel, forward: false, node: try node()))
            } else {
                try expect("-")
                let rel = try relationship()
                try expect("-")
                try expect(">")
                steps.append(ExpectedValue.PathStep(relationship: rel, forward: true, node: try node()))
            }
        }
    }
}

// MARK: - matching actual values

/// Compares actual values with expected ones the TCK's way.
enum ValueMatcher {
    /// Whether `actual` is what `expected` describes. Integers and floats
    /// are distinct; floats compare exactly (NaN matches NaN); lists keep
    /// their order unless `unorderedLists`; a date matches its ISO text.
    static func matches(_ actual: Value, _ expected: ExpectedValue, unorderedLists: Bool = false) -> Bool {
        switch (actual, expected) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let e)): return a == e
        case (.int(let a), .int(let e)): return a == e
        case (.double(let a), .float(let e)): return a == e || (a.isNaN && e.isNaN)
        case (.string(let a), .string(let e)): return a.unicodeScalars.elementsEqual(e.unicodeScalars)
        case (.date(let a), .string(let e)): return a.description == e
        case (.list(let a), .list(let e)):
            return unorderedLists
                ? bagMatches(a, e) { matches($0, $1, unorderedLists: true) }
                : a.count == e.count && zip(a, e).allSatisfy { matches($0, $1, unorderedLists: false) }
        case (.map(let a), .map(let e)): return matches(a, e, unorderedLists: unorderedLists)
        case (.node(let a), .node(let e)): return matches(a, e, unorderedLists: unorderedLists)
        case (.relationship(let a), .relationship(let e)): return matches(a, e, unorderedLists: unorderedLists)
        case (.path(let a), .path(let start, let steps)):
            guard a.nodes.count == steps.count + 1, a.relationships.count == steps.count,
                matches(a.nodes[0], start, unorderedLists: unorderedLists)
            else { return false }
            for (i, step) in steps.enumerated() {
                let rel = a.relationships[i]
                let from = a.nodes[i].id
                let to = a.nodes[i + 1].id
                let linked = step.forward ? (rel.start == from && rel.end == to) : (rel.end == from && rel.start == to)
                guard linked, matches(rel, step.relationship, unorderedLists: unorderedLists),
                    matches(a.nodes[i + 1], step.node, unorderedLists: unorderedLists)
                else { return false }
            }
            return true
        default: return false
        }
    }

    static func matches(_ a: [String: Value], _ e: [String: ExpectedValue], unorderedLists: Bool) -> Bool {
        a.count == e.count
            && e.allSatisfy { key, value in
                a[key].map { matches($0, value, unorderedLists: unorderedLists) } ?? false
            }
    }

    static func matches(_ a: Node, _ e: ExpectedValue.ExpectedNode, unorderedLists: Bool) -> Bool {
        Set(a.labels) == e.labels && matches(a.properties, e.properties, unorderedLists: unorderedLists)
    }

    static func matches(_ a: Relationship, _ e: ExpectedValue.ExpectedRelationship, unorderedLists: Bool) -> Bool {
        a.type == e.type && matches(a.properties, e.properties, unorderedLists: unorderedLists)
    }

    /// Whether the two collections hold matching elements, in any order.
    /// Matching is an equivalence here, so taking the first free partner
    /// for each expected element finds a pairing whenever one exists.
    static func bagMatches<A, E>(_ actual: [A], _ expected: [E], _ match: (A, E) -> Bool) -> Bool {
        guard actual.count == expected.count else { return false }
        var used = [Bool](repeating: false, count: actual.count)
        for e in expected {
            guard let i = actual.indices.first(where: { !used[$0] && match(actual[$0], e) }) else { return false }
            used[i] = true
        }
        return true
    }
}
