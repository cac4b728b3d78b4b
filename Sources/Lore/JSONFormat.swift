/// The JSON encoding of values used by `lore query --format json` and by
/// `--params`: plain JSON for null, booleans, strings, lists and maps;
/// integers without a `.`; floats always with a `.` or an exponent; tagged
/// objects for the rest (`{"~date": "2026-01-08"}`, `{"~float": "NaN"}`,
/// `{"~node": {...}}`, `{"~rel": {...}}`, `{"~path": [...]}`).
public enum JSONFormat {
    /// The JSON text of a value.
    public static func encode(_ value: Value) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    /// Appends the JSON text of a value.
    public static func write(_ value: Value, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isNaN {
                out += #"{"~float": "NaN"}"#
            } else if d.isInfinite {
                out += d < 0 ? #"{"~float": "-Infinity"}"# : #"{"~float": "Infinity"}"#
            } else {
                out += Value.format(d)
            }
        case .string(let s): writeString(s, into: &out)
        case .date(let d): out += #"{"~date": ""# + d.description + #""}"#
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                write(item, into: &out)
            }
            out += "]"
        case .map(let m): writeObject(m, into: &out)
        case .node(let n):
            out += #"{"~node": {"id": \#(n.id.rawValue), "labels": "#
            write(.list(n.labels.map(Value.string)), into: &out)
            out += #", "properties": "#
            writeObject(n.properties, into: &out)
            out += "}}"
        case .relationship(let r):
            out += #"{"~rel": {"id": \#(r.id.rawValue), "type": "#
            writeString(r.type, into: &out)
            out += #", "start": \#(r.start.rawValue), "end": \#(r.end.rawValue), "properties": "#
            writeObject(r.properties, into: &out)
            out += "}}"
        case .path(let p):
            var items: [Value] = []
            for (i, n) in p.nodes.enumerated() {
                items.append(.node(n))
                if i < p.relationships.count { items.append(.relationship(p.relationships[i])) }
            }
            out += #"{"~path": "#
            write(.list(items), into: &out)
            out += "}"
        }
    }

    static func writeObject(_ m: [String: Value], into out: inout String) {
        out += "{"
        for (i, key) in m.keys.sorted().enumerated() {
            if i > 0 { out += ", " }
            writeString(key, into: &out)
            out += ": "
            write(m[key]!, into: &out)
        }
        out += "}"
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    /// Parses JSON text into a value, reading the tagged objects back.
    ///
    /// Cost: one pass over the UTF-8 bytes; a string without escapes is
    /// made in one copy, an integer without building text.
    ///
    /// - Throws: `LoreError` (`ArgumentError`/`InvalidJSON`) with the offset
    ///   (in UTF-8 bytes) of the first character that does not fit.
    public static func decode(_ text: String) throws -> Value {
        var text = text
        return try text.withUTF8 { try decode(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// Parses JSON text given as UTF-8 bytes; see `decode(_:)`. Bytes that
    /// are not valid UTF-8 inside strings become U+FFFD.
    ///
    /// - Throws: `LoreError` (`ArgumentError`/`InvalidJSON`) with an offset.
    public static func decode(utf8: UnsafeRawBufferPointer) throws -> Value {
        var p = JSONParser(utf8)
        p.skipSpace()
        let v = try p.value()
        p.skipSpace()
        guard p.isAtEnd else { throw p.fail("unexpected text after the value") }
        return v
    }

    /// The member names a reader of records asks `decodeMembers` for,
    /// prepared once.
    public struct Fields: Sendable {
        private let names: [[UInt8]]

        /// Fields named `names`. Keys match by their UTF-8 bytes, which for
        /// ASCII names is the same as matching by `String` equality.
        public init(_ names: [String]) { self.names = names.map { Array($0.utf8) } }

        /// The index of the name spelled by `key`, or nil.
        func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
            for n in names.indices where names[n].count == key.count {
                if names[n].withUnsafeBufferPointer({ Fields.same($0, key) }) { return n }
            }
            return nil
        }

        /// Whether two byte strings are equal: a loop the optimiser keeps
        /// tight, where `elementsEqual` goes through generic iterators.
        @inline(__always)
        static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
            guard a.count == b.count else { return false }
            for k in 0..<a.count where a[k] != b[k] { return false }
            return true
        }
    }

    /// Parses JSON text that should hold an object and hands each member
    /// whose key is one of `fields` to `member`, with the key's index in
    /// `fields`, as it is read, in text order (a repeated key comes again;
    /// the last one counts, as in `decode`). The values of other members
    /// are read, and checked, but not handed over. Nothing is built for the
    /// object itself and no `String` for its keys, which makes this the
    /// cheaper way to read records whose fields the caller knows.
    ///
    /// Returns false when the text is valid JSON but not a plain object:
    /// another value, or a tagged one such as `{"~date": "2026-01-08"}`;
    /// whatever `member` received should then be dropped.
    ///
    /// - Throws: the errors of `decode(utf8:)`, at the same offsets, and
    ///   whatever `member` throws.
    public static func decodeMembers(
        utf8: UnsafeRawBufferPointer, fields: Fields, _ member: (_ field: Int, _ value: Value) throws -> Void
    ) throws -> Bool {
        var p = JSONParser(utf8)
        p.skipSpace()
        let isObject = try p.members(fields: fields, member)
        p.skipSpace()
        guard p.isAtEnd else { throw p.fail("unexpected text after the value") }
        return isObject
    }
}
