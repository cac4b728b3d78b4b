/// The reader behind `JSONFormat.decode`: JSON text, as UTF-8 bytes, to
/// values, with the tagged objects (`{"~date": ...}`, `{"~float": ...}`)
/// read back.
///
/// It reads the bytes in place: a string without escapes becomes a `String`
/// in one copy, an integer is read without making text, and the members of
/// the objects and lists being read wait on two stacks the parser keeps, so
/// that each map and list is allocated once, at its final size. Errors name
/// the byte offset of the first character that does not fit.
///
/// Beyond RFC 8259 it accepts what the format has always accepted: control
/// characters inside strings, any character after a backslash (standing
/// for itself), numbers such as `01`, `.5` and `5.`; integers beyond 64
/// bits become floats. A high surrogate escape not followed by a low one,
/// and a lone low one, read as U+FFFD.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var i = 0
    private var depth = 0
    /// Members of the objects being read, innermost last.
    private var members: [(String, Value)] = []
    /// Items of the lists being read, innermost last.
    private var items: [Value] = []

    /// A parser over `utf8`, which must stay valid while the parser is used.
    init(_ utf8: UnsafeRawBufferPointer) {
        bytes = utf8.assumingMemoryBound(to: UInt8.self)
    }

    /// The deepest nesting of values accepted.
    static let maxDepth = 500

    var isAtEnd: Bool { i == bytes.count }

    func fail(_ message: String) -> LoreError {
        LoreError(.argumentError, "InvalidJSON", "\(message) at offset \(i)")
    }

    mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    // MARK: values

    /// value ::= object | array | string | number | 'true' | 'false' | 'null'
    mutating func value() throws -> Value {
        guard i < bytes.count else { throw fail("unexpected end of JSON") }
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth { throw fail("JSON nested too deeply") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try list()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return try number()
        }
    }

    /// object ::= '{' ( member ( ',' member )* )? '}', read back as a tagged
    /// value when it has one member that is a tag.
    private mutating func object() throws -> Value {
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .map([:])
        }
        let base = members.count
        repeat {
            members.append(try member())
        } while try nextMember()
        // One member: perhaps a tagged value, which needs no map.
        if members.count - base == 1 {
            let (tag, inner) = members.removeLast()
            if let tagged = try tagged(tag, inner) { return tagged }
            return .map([tag: inner])
        }
        var m = [String: Value](minimumCapacity: members.count - base)
        for (k, v) in members[base...] { m[k] = v }
        members.removeSubrange(base...)
        if m.count == 1, let (tag, inner) = m.first, let tagged = try tagged(tag, inner) { return tagged }
        return .map(m)
    }

    /// member ::= string ':' value, with the space around it.
    private mutating func member() throws -> (String, Value) {
        skipSpace()
        let key = try string()
        return (key, try memberValue())
    }

    /// After a member's key: the ':' and the value, with the space around
    /// them.
    private mutating func memberValue() throws -> Value {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        i += 1
        skipSpace()
        let v = try value()
        skipSpace()
        return v
    }

    /// After a member: true at a `,` (another member follows), false at
    /// the closing `}`.
    private mutating func nextMember() throws -> Bool {
        guard i < bytes.count else { throw fail("unexpected end of JSON") }
        if bytes[i] == UInt8(ascii: ",") {
            i += 1
            return true
        }
        guard bytes[i] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
        i += 1
        return false
    }

    /// The value a one-member object stands for, or nil when it is no tag.
    private func tagged(_ tag: String, _ inner: Value) throws -> Value? {
        guard case .string(let s) = inner else { return nil }
        switch tag {
        case "~date":
            guard let d = CalendarDate(iso: s) else { throw fail("invalid date '\(s)'") }
            return .date(d)
        case "~float":
            switch s {
            case "NaN": return .double(.nan)
            case "Infinity": return .double(.infinity)
            case "-Infinity": return .double(-.infinity)
            default: throw fail("invalid float '\(s)'")
            }
        default: return nil
        }
    }

    /// Reads an object at the top level member by member, handing over
    /// those whose key is one of `fields` (see `JSONFormat.decodeMembers`);
    /// false when the text holds another value or a tagged object.
    mutating func members(fields: JSONFormat.Fields, _ body: (Int, Value) throws -> Void) throws -> Bool {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else {
            _ = try value()
            return false
        }
        depth = 1
        defer { depth = 0 }
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return true
        }
        // A tag counts only as the object's one key (however often repeated).
        var (allDate, allFloat) = (true, true)
        var last = Value.null
        repeat {
            skipSpace()
            let key = try keyBytes()
            let v = try memberValue()
            let field = key.withBytes { k in
                allDate = allDate && k.count == 5 && k.first == UInt8(ascii: "~") && k.elementsEqual("~date".utf8)
                allFloat = allFloat && k.count == 6 && k.first == UInt8(ascii: "~") && k.elementsEqual("~float".utf8)
                return fields.index(of: k)
            }
            if allDate || allFloat { last = v }
            if let field { try body(field, v) }
        } while try nextMember()
        if allDate, try tagged("~date", last) != nil { return false }
        if allFloat, try tagged("~float", last) != nil { return false }
        return true
    }

    /// A member key as read: where its bytes lie in the text when it has no
    /// escape (the usual case, which makes no String), else its decoded
    /// bytes.
    private enum Key {
        case text(UnsafeBufferPointer<UInt8>)
        case decoded(String)

        func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
            switch self {
            case .text(let b): return body(b)
            case .decoded(var s): return s.withUTF8(body)
            }
        }
    }

    /// string ::= '"' ( char | '\' escape )* '"', as a member key.
    private mutating func keyBytes() throws -> Key {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
        let start = i + 1
        let j = quoteOrBackslash(from: start)
        i = j
        guard j < bytes.count else { throw fail("unterminated string") }
        if bytes[j] == UInt8(ascii: "\\") { return .decoded(try escapedString(from: start)) }
        i += 1
        return .text(UnsafeBufferPointer(rebasing: bytes[start..<j]))
    }

    /// array ::= '[' ( value ( ',' value )* )? ']'
    private mutating func list() throws -> Value {
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .list([])
        }
        let base = items.count
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
            let list = Array(items[base...])
            items.removeSubrange(base...)
            return .list(list)
        }
    }

    private mutating func literal(_ word: StaticString, _ v: Value) throws -> Value {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { throw fail("unexpected character") }
        for k in 0..<n where bytes[i + k] != word.utf8Start[k] { throw fail("unexpected character") }
        i += n
        return v
    }

    // MARK: numbers

    /// number ::= '-'? [0-9.eE+-]*, an integer when it has neither `.` nor
    /// an exponent and fits in 64 bits, else a float. On failure the offset
    /// is the number's first character.
    private mutating func number() throws -> Value {
        let start = i
        var isFloat = false
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var magnitude: UInt64 = 0
        var digits = 0
        var overflow = false
        while i < bytes.count {
            let c = bytes[i]
            if c &- UInt8(ascii: "0") < 10 {
                if !isFloat {
                    let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = times10.addingReportingOverflow(UInt64(c &- UInt8(ascii: "0")))
                    magnitude = sum
                    overflow = overflow || o1 || o2
                    digits += 1
                }
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
        if !isFloat, digits > 0, !overflow {
            if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
            if negative, magnitude <= UInt64(Int64.max) + 1 { return .int(Int64(truncatingIfNeeded: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard !text.isEmpty, let d = Double(text) else {
            i = start
            throw fail("unexpected character")
        }
        return .double(d)
    }

    // MARK: strings

    /// string ::= '"' ( char | '\' escape )* '"'
    mutating func string() throws -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string") }
        let start = i + 1
        let j = quoteOrBackslash(from: start)
        i = j
        guard j < bytes.count else { throw fail("unterminated string") }
        if bytes[j] == UInt8(ascii: "\\") { return try escapedString(from: start) }
        i += 1
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<j]), as: UTF8.self)
    }

    /// The index of the first `"` or `\` at or after `start`, or the end.
    /// Eight bytes a step: a byte of `w ^ pattern` is zero where `w` holds
    /// the pattern's byte, and `(v - 0x01...) & ~v & 0x80...` marks the
    /// lowest zero byte of `v` (higher marks may be false, so only the
    /// lowest is used).
    private func quoteOrBackslash(from start: Int) -> Int {
        var j = start
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while j + 8 <= bytes.count {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: j, as: UInt64.self))
                let quote = w ^ (ones &* 0x22)
                let backslash = w ^ (ones &* 0x5C)
                let found =
                    ((quote &- ones) & ~quote & highs) | ((backslash &- ones) & ~backslash & highs)
                if found != 0 { return j + found.trailingZeroBitCount / 8 }
                j += 8
            }
        }
        while j < bytes.count, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: "\\") { j += 1 }
        return j
    }

    /// The rest of a string that has an escape at `i`; `start` is its first
    /// byte.
    private mutating func escapedString(from start: Int) throws -> String {
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<i]))
        out.reserveCapacity(out.count + 16)
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
                guard var code = hex4(at: i) else { throw fail("invalid \\u escape") }
                i += 4
                if (0xD800..<0xDC00).contains(code), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"),
                    bytes[i + 1] == UInt8(ascii: "u"), let low = hex4(at: i + 2), (0xDC00..<0xE000).contains(low)
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                appendUTF8(Unicode.Scalar(code) ?? "\u{FFFD}", to: &out)
            default: out.append(e)
            }
        }
        throw fail("unterminated string")
    }

    /// The four characters at `offset` read as a hexadecimal number, or nil.
    /// As the format always has, a leading `+` is allowed, and a leading
    /// `-` before zeros.
    private func hex4(at offset: Int) -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        var k = offset
        var negative = false
        if bytes[k] == UInt8(ascii: "+") || bytes[k] == UInt8(ascii: "-") {
            negative = bytes[k] == UInt8(ascii: "-")
            k += 1
        }
        while k < offset + 4 {
            let c = bytes[k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            v = v << 4 | UInt32(digit)
            k += 1
        }
        return negative && v != 0 ? nil : v
    }

    private func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(scalar) { out.append($0) }
    }
}
