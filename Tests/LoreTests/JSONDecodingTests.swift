import Testing

@testable import Lore

/// What decoding a text gave: a value, or an error's message (the offset
/// included).
private enum Outcome: Equatable, CustomStringConvertible {
    case value(Value)
    case error(String)

    init(_ body: () throws -> Value) {
        do { self = .value(try body()) } catch let e as LoreError { self = .error(e.message) } catch {
            self = .error("\(error)")
        }
    }

    var description: String {
        switch self {
        case .value(let v): return "value \(JSONFormat.encode(v))"
        case .error(let m): return "error \(m)"
        }
    }
}

private func decoded(_ bytes: [UInt8]) -> Outcome {
    Outcome { try bytes.withUnsafeBytes { try JSONFormat.decode(utf8: $0) } }
}

private func referenceDecoded(_ bytes: [UInt8]) -> Outcome {
    Outcome { try ReferenceJSONParser.decode(bytes) }
}

/// The member names `decodeMembers` is asked for in the tests: those the
/// generated values use most, the tags, and the empty key.
private let askedFor = ["kind", "key", "props", "a", "b", "~date", "~float", "", "x"]

/// `decodeMembers` as a value: the members asked for folded into a map
/// (the last of a repeated key wins), or `decode`'s value when the text is
/// no plain object.
private func decodedByMembers(_ bytes: [UInt8]) -> Outcome {
    Outcome {
        var m: [String: Value] = [:]
        let isObject = try bytes.withUnsafeBytes { b in
            try JSONFormat.decodeMembers(utf8: b, fields: JSONFormat.Fields(askedFor)) { m[askedFor[$0]] = $1 }
        }
        return isObject ? .map(m) : try bytes.withUnsafeBytes { try JSONFormat.decode(utf8: $0) }
    }
}

/// What `decodedByMembers` should give: `decode`'s value, with the members
/// of a plain object narrowed to those asked for.
private func decodedAndNarrowed(_ bytes: [UInt8]) -> Outcome {
    switch decoded(bytes) {
    case .value(.map(let m)): return .value(.map(m.filter { askedFor.contains($0.key) }))
    case let other: return other
    }
}

/// Random values of every kind JSON carries, tagged ones included.
private struct ValueMaker {
    var rng: SeededGenerator

    mutating func int(_ n: Int) -> Int { Int.random(in: 0..<n, using: &rng) }

    static let pieces: [String] = [
        "plain", "with \"quotes\"", "back\\slash", "slash/", "two\nlines", "tab\t", "cr\r", "\u{8}\u{C}",
        "\u{0}\u{1}\u{1F}", "naïve", "智谱", "emoji 😀👍🏽", "\u{10FFFF}", "~date", "~float", "", " ", "é\u{301}",
    ]

    mutating func string() -> String {
        (0..<int(4)).map { _ in Self.pieces[int(Self.pieces.count)] }.joined()
    }

    mutating func scalar() -> Value {
        switch int(9) {
        case 0: return .null
        case 1: return .bool(int(2) == 0)
        case 2:
            let extremes: [Int64] = [0, -1, 1, .max, .min, .max - 1, .min + 1, 9_007_199_254_740_993]
            return .int(int(2) == 0 ? extremes[int(extremes.count)] : Int64.random(in: -100_000...100_000, using: &rng))
        case 3:
            let specials: [Double] = [
                0, -0.0, 0.5, -1.25, 1e300, -1e-300, .leastNonzeroMagnitude, .nan, .infinity, -.infinity, 1e21,
            ]
            return .double(
                int(2) == 0 ? specials[int(specials.count)] : Double.random(in: -1e6...1e6, using: &rng))
        case 4, 5: return .string(string())
        case 6:
            let year = [1970, 2026, 1, 9999, -44, 12345][int(6)]
            return .date(CalendarDate(year: year, month: 1 + int(12), day: 1 + int(28))!)
        case 7: return .map(["~date": .int(5)])
        default: return .map(["~float": .list([])])
        }
    }

    mutating func value(depth: Int = 0) -> Value {
        guard depth < 4, int(3) == 0 else { return scalar() }
        if int(2) == 0 { return .list((0..<int(5)).map { _ in value(depth: depth + 1) }) }
        var m: [String: Value] = [:]
        for _ in 0..<int(5) {
            let key = int(3) == 0 ? string() : ["kind", "key", "props", "a", "b"][int(5)]
            m[key] = value(depth: depth + 1)
        }
        return .map(m)
    }

    /// JSON text for `value` with random spacing and random (valid) escapes,
    /// so that every path of the reader is taken.
    mutating func text(_ value: Value) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private mutating func space() -> String { ["", "", " ", "\t", "\n", "\r\n  "][int(6)] }

    private mutating func write(_ value: Value, into out: inout String) {
        out += space()
        switch value {
        case .string(let s): writeString(s, into: &out)
        case .int(let i) where i != .min && int(4) == 0: out += i < 0 ? "-0\(-i)" : "0\(i)"
        case .double(let d) where d.isFinite && int(3) == 0: out += d.description.uppercased()  // 1E+21, 5E-324
        case .list(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += space() + "," }
                write(item, into: &out)
            }
            out += space() + "]"
        case .map(let m):
            out += "{"
            for (k, (key, v)) in m.enumerated() {
                if k > 0 { out += "," }
                out += space()
                writeString(key, into: &out)
                out += space() + ":"
                write(v, into: &out)
            }
            out += space() + "}"
        default: JSONFormat.write(value, into: &out)
        }
        out += space()
    }

    private mutating func writeString(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            let choice = int(4)
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "/" where choice == 0: out += "\\/"
            case "\n" where choice != 0: out += "\\n"
            case "\t" where choice != 0: out += "\\t"
            case "\r" where choice != 0: out += "\\r"
            case "\u{8}" where choice != 0: out += "\\b"
            case "\u{C}" where choice != 0: out += "\\f"
            default:
                if choice == 0 || u.value < 0x20 {
                    for unit in String(u).utf16 { out += "\\u" + hex(unit, upper: int(2) == 0) }
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    private func hex(_ unit: UInt16, upper: Bool) -> String {
        let h = String(unit, radix: 16, uppercase: upper)
        return String(repeating: "0", count: 4 - h.count) + h
    }

    /// A damaged copy of `bytes`: cut, a byte dropped, added or replaced.
    mutating func mutant(of bytes: [UInt8]) -> [UInt8] {
        var b = bytes
        let noise = Array(#"{}[]",:\-+.eE019 tfnu"#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF, 0xED, 0xF0]
        let at = int(b.count + 1)
        switch int(4) {
        case 0: b.removeLast(b.count - at)
        case 1: if at < b.count { b.remove(at: at) }
        case 2: b.insert(noise[int(noise.count)], at: at)
        default: if at < b.count { b[at] = noise[int(noise.count)] }
        }
        return b
    }
}

/// Whether a map in `v` has the one member of a tagged value (a `~date` or
/// `~float` string), which reads back as that tagged value instead.
private func holdsATag(_ v: Value) -> Bool {
    switch v {
    case .list(let items): return items.contains(where: holdsATag)
    case .map(let m):
        if m.count == 1, let (k, inner) = m.first, k == "~date" || k == "~float", case .string = inner { return true }
        return m.values.contains(where: holdsATag)
    default: return false
    }
}

@Suite("JSON decoding")
struct JSONDecodingTests {
    @Test func encodedValuesDecodeToThemselves() {
        var make = ValueMaker(rng: SeededGenerator(seed: 1))
        for _ in 0..<3000 {
            let v = make.value()
            if holdsATag(v) { continue }
            let text = JSONFormat.encode(v)
            #expect(decoded(Array(text.utf8)) == .value(v), "\(text)")
        }
    }

    @Test func agreesWithTheReferenceOnGeneratedTexts() {
        var make = ValueMaker(rng: SeededGenerator(seed: 2))
        for _ in 0..<4000 {
            let bytes = Array(make.text(make.value()).utf8)
            let outcome = decoded(bytes)
            #expect(outcome == referenceDecoded(bytes), "\(String(decoding: bytes, as: UTF8.self))")
            #expect(decodedByMembers(bytes) == decodedAndNarrowed(bytes), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test func agreesWithTheReferenceOnDamagedTexts() {
        var make = ValueMaker(rng: SeededGenerator(seed: 3))
        for _ in 0..<3000 {
            let valid = Array(make.text(make.value()).utf8)
            for _ in 0..<6 {
                let bytes = make.mutant(of: valid)
                let outcome = decoded(bytes)
                let text = String(decoding: bytes, as: UTF8.self)
                #expect(outcome == referenceDecoded(bytes), "\(text)")
                #expect(decodedByMembers(bytes) == decodedAndNarrowed(bytes), "\(text)")
            }
        }
    }

    @Test func agreesWithTheReferenceOnImportRecords() {
        let lines = [
            #"{"kind":"node","key":"company-0","labels":["Company"],"props":{"name":"Statraae Tech","founded":2023,"valuation":4.77}}"#,
            #"{"kind":"rel","type":"INVESTED_IN","from":"investor-6999","to":"company-1595","props":{"amount":135275000,"round":"C","date":{"~date":"2016-08-17"}}}"#,
            #"{"kind": "constraint", "name": "a_key", "label": "A", "property": "key"}"#,
            #"{"kind": "node", "ref": "x", "props": {"f": {"~float": "NaN"}, "g": {"~float": "-Infinity"}, "l": [1, 2.5, "s"]}}"#,
        ]
        var make = ValueMaker(rng: SeededGenerator(seed: 4))
        for line in lines {
            let valid = Array(line.utf8)
            #expect(decoded(valid) == referenceDecoded(valid))
            #expect(decodedByMembers(valid) == decodedAndNarrowed(valid))
            for cut in 0...valid.count {
                let bytes = Array(valid[..<cut])
                #expect(decoded(bytes) == referenceDecoded(bytes), "\(String(decoding: bytes, as: UTF8.self))")
            }
            for _ in 0..<500 {
                let bytes = make.mutant(of: valid)
                #expect(decoded(bytes) == referenceDecoded(bytes), "\(String(decoding: bytes, as: UTF8.self))")
                #expect(
                    decodedByMembers(bytes) == decodedAndNarrowed(bytes), "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }

    @Test(arguments: [
        (#"{"kind": "node", "key": }"#, "unexpected character at offset 24"),
        (#"{"kind": "node""#, "unexpected end of JSON at offset 15"),
        (#"{"kind" "node"}"#, "expected ':' at offset 8"),
        (#"{"kind": "node",}"#, "expected a string at offset 16"),
        (#"{"kind": "node" "key": 1}"#, "expected ',' or '}' at offset 16"),
        (#"{kind: 1}"#, "expected a string at offset 1"),
        (#"{"a": [1, 2,]}"#, "unexpected character at offset 12"),
        (#"{"a": [1 2]}"#, "expected ',' or ']' at offset 9"),
        (#"{"a": tru}"#, "unexpected character at offset 6"),
        (#"{"a": -}"#, "unexpected character at offset 6"),
        (#"{"a": 1.2.3}"#, "unexpected character at offset 6"),
        (#"{"a": "x\q\u12"}"#, "invalid \\u escape at offset 12"),
        (#"{"a": "open}"#, "unterminated string at offset 12"),
        (#"{"a": {"~date": "2026-02-30"}}"#, "invalid date '2026-02-30' at offset 29"),
        (#"{"a": {"~float": "nan"}}"#, "invalid float 'nan' at offset 23"),
        (#"{"a": 1} x"#, "unexpected text after the value at offset 9"),
        ("", "unexpected end of JSON at offset 0"),
    ])
    func malformedTextsNameTheOffset(text: String, message: String) {
        let bytes = Array(text.utf8)
        #expect(decoded(bytes) == .error(message))
        #expect(decodedByMembers(bytes) == .error(message))
        #expect(referenceDecoded(bytes) == .error(message))
    }

    @Test func escapesReadAsTheirCharacters() throws {
        let cases: [(String, String)] = [
            (#""\u00e9\u00C9""#, "éÉ"),
            (#""\ud83d\ude00!""#, "😀!"),
            (#""\uD83D\uDE00\uD83D""#, "😀\u{FFFD}"),
            (#""\ude00x""#, "\u{FFFD}x"),
            (#""\ud800\u0041""#, "\u{FFFD}A"),
            (#""\ud800\ud800\udc00""#, "\u{FFFD}\u{10000}"),
            (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
            (#""\q\u0000""#, "q\u{0}"),
            ("\"raw\ttab and 智谱\"", "raw\ttab and 智谱"),
        ]
        for (text, expected) in cases {
            #expect(try JSONFormat.decode(text) == .string(expected), "\(text)")
        }
    }

    @Test func stringsEndAtTheirQuoteWhereverItFallsInAWord() throws {
        // Bytes next to '"' (0x22) and '\\' (0x5C), with and without the
        // high bit, around every offset of an eight-byte step.
        let fillers: [[UInt8]] = [[0x21], [0x23], [0x5B], [0x5D], [0xA2], [0xDC], [0xC3, 0xA9], [0x01]]
        for filler in fillers {
            for n in 0..<24 {
                let body = Array(Array(repeating: filler, count: n).joined())
                let plain = [0x22] + body + [0x22]
                #expect(decoded(plain) == referenceDecoded(plain), "\(filler) × \(n)")
                let escaped = [0x22] + body + [0x5C, 0x6E] + body + [0x22]
                #expect(decoded(escaped) == referenceDecoded(escaped), "\(filler) × \(n)")
                let open = [0x22] + body
                #expect(decoded(open) == .error("unterminated string at offset \(open.count)"))
            }
        }
    }

    @Test func invalidUTF8InAStringBecomesReplacementCharacters() throws {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0xC3, 0x22]
        #expect(decoded(bytes) == .value(.string("a\u{FFFD}b\u{FFFD}")))
        #expect(referenceDecoded(bytes) == decoded(bytes))
    }

    @Test func numbersAreIntegersUnlessTheyHaveAPointOrAnExponent() throws {
        let cases: [(String, Value)] = [
            ("0", .int(0)), ("-0", .int(0)), ("007", .int(7)), ("9223372036854775807", .int(.max)),
            ("-9223372036854775808", .int(.min)), ("9223372036854775808", .double(9.223372036854775808e18)),
            ("-9223372036854775809", .double(-9.223372036854775809e18)), ("1.0", .double(1)), ("-0.0", .double(-0.0)),
            ("1e3", .double(1000)), ("1E+3", .double(1000)), ("2.5e-3", .double(0.0025)), (".5", .double(0.5)),
            ("5.", .double(5)), ("1e400", .double(.infinity)),
            ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ]
        for (text, expected) in cases {
            #expect(try JSONFormat.decode(text) == expected, "\(text)")
            #expect(referenceDecoded(Array(text.utf8)) == .value(expected), "\(text)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deepest = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(decoded(Array(deepest.utf8)) != .error("JSON nested too deeply at offset 500"))
        let deeper = String(repeating: "[", count: 501) + String(repeating: "]", count: 501)
        #expect(decoded(Array(deeper.utf8)) == .error("JSON nested too deeply at offset 500"))
        for text in [String(repeating: "[", count: 100_000), String(repeating: #"{"a":"#, count: 100_000)] {
            let bytes = Array(text.utf8)
            #expect(decoded(bytes) == referenceDecoded(bytes))
            #expect(decodedByMembers(bytes) == decodedAndNarrowed(bytes))
        }
    }

    @Test func membersComeInTextOrderAndTagsAreNoObjects() throws {
        var seen: [String] = []
        let names = ["kind", "from", "props", "\u{E9}"]
        let text = Array(
            #" {"kind": "rel", "from": "a", "to": [1], "kind": "node", "props": {"~date": "2026-01-08"}, "\u00e9": 1, "e\u0301": 2, "\u0066rom": "b"} "#
                .utf8)
        let isObject = try text.withUnsafeBytes { b in
            try JSONFormat.decodeMembers(utf8: b, fields: JSONFormat.Fields(names)) { field, value in
                seen.append("\(names[field])=\(JSONFormat.encode(value))")
            }
        }
        #expect(isObject)
        #expect(
            seen == [
                #"kind="rel""#, #"from="a""#, #"kind="node""#, #"props={"~date": "2026-01-08"}"#, "\u{E9}=1",
                #"from="b""#,
            ])
        for other in [#"{"~date": "2026-01-08"}"#, #"{"~float": "NaN", "~float": "NaN"}"#, "[]", "1", "null", #""{}""#]
        {
            let isObject = try Array(other.utf8).withUnsafeBytes { b in
                try JSONFormat.decodeMembers(utf8: b, fields: JSONFormat.Fields([])) { _, _ in }
            }
            #expect(!isObject, "\(other)")
        }
        let plain = try Array(#"{"~date": 1, "~date": "2026-01-08", "x": 1}"#.utf8).withUnsafeBytes { b in
            try JSONFormat.decodeMembers(utf8: b, fields: JSONFormat.Fields(["x"])) { _, _ in }
        }
        #expect(plain)
    }
}
