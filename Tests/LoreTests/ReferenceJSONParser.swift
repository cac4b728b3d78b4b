@testable import Lore

/// The JSON parser as it was before it read bytes in place: the oracle the
/// decoding tests compare with. One change: a high surrogate escape pairs
/// only with a low one (the original trapped on `\uD800\u0041`).
struct ReferenceJSONParser {
    let bytes: [UInt8]
    var i = 0
    var depth = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses a whole text, as `JSONFormat.decode` did.
    static func decode(_ bytes: [UInt8]) throws -> Value {
        var p = ReferenceJSONParser(bytes)
        p.skipSpace()
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.bytes.count else { throw p.fail("unexpected text after the value") }
        return v
    }

    func fail(_ message: String) -> LoreError {
        LoreError(.argumentError, "InvalidJSON", "\(message) at offset \(i)")
    }

    mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    mutating func value() throws -> Value {
        guard i < bytes.count else { throw fail("unexpected end of JSON") }
        depth += 1
        defer { depth -= 1 }
        if depth > 500 { throw fail("JSON nested too deeply") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var m: [String: Value] = [:]
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .map(m)
            }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skipSpace()
                m[key] = try value()
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of JSON") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
                i += 1
                break
            }
            if m.count == 1, let (tag, inner) = m.first {
                switch (tag, inner) {
                case ("~date", .string(let s)):
                    guard let d = CalendarDate(iso: s) else { throw fail("invalid date '\(s)'") }
                    return .date(d)
                case ("~float", .string(let s)):
                    switch s {
                    case "NaN": return .double(.nan)
                    case "Infinity": return .double(.infinity)
                    case "-Infinity": return .double(-.infinity)
                    default: throw fail("invalid float '\(s)'")
                    }
                default: break
                }
            }
            return .map(m)
        case UInt8(ascii: "["):
            i += 1
            var items: [Value] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .list(items)
            }
            while true {
                skipSpace()
                items.append(try value())
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of JSON") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
                i += 1
                return .list(items)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    mutating func literal(_ word: String, _ v: Value) throws -> Value {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw fail("unexpected character") }
        i += w.count
        return v
    }

    mutating func number() throws -> Value {
        let start = i
        var isFloat = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        while i < bytes.count {
            let c = bytes[i]
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                i += 1
            } else if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
                || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) && i > start)
            {
                isFloat = true
                i += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if !isFloat, let n = Int64(text) { return .int(n) }
        guard !text.isEmpty, let d = Double(text) else {
            i = start
            throw fail("unexpected character")
        }
        return .double(d)
    }

    mutating func string() throws -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if c == UInt8(ascii: "\"") { return String(decoding: out, as: UTF8.self) }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                continue
            }
            guard i < bytes.count else { break }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard i + 4 <= bytes.count,
                    var code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16)
                else { throw fail("invalid \\u escape") }
                i += 4
                if (0xD800..<0xDC00).contains(code), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"),
                    bytes[i + 1] == UInt8(ascii: "u"),
                    let low = UInt32(String(decoding: bytes[i + 2..<i + 6], as: UTF8.self), radix: 16),
                    (0xDC00..<0xE000).contains(low)
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                out += Array(String(Unicode.Scalar(code).map(Character.init) ?? "\u{FFFD}").utf8)
            default: out.append(e)
            }
        }
        throw fail("unterminated string")
    }
}
