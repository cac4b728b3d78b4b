import PropertyBased
import Testing

@testable import Lore

/// The full (uncut) key encoding of a value.
private func encoded(_ v: Value) -> [UInt8] {
    var w = ByteWriter()
    KeyEncoding.encode(v, into: &w)
    return w.bytes
}

/// Checks that byte order of the encodings equals the reference value order.
private func expectSameOrder(_ a: Value, _ b: Value, sourceLocation: SourceLocation = #_sourceLocation) {
    let ea = encoded(a)
    let eb = encoded(b)
    let byteOrder = ea == eb ? 0 : (ea.lexicographicallyPrecedes(eb) ? -1 : 1)
    #expect(byteOrder == referenceCompare(a, b), "\(a) vs \(b)", sourceLocation: sourceLocation)
}

@Suite("Order-preserving key encoding")
struct KeyEncodingTests {
    @Test func integersKeepTheirOrder() async {
        await propertyCheck(count: 2000, input: Gen.int64(), Gen.int64()) { a, b in
            expectSameOrder(.int(a), .int(b))
        }
    }

    @Test func doublesKeepTheirOrder() async {
        await propertyCheck(count: 2000, input: Gen.double(in: -1e300...1e300), Gen.double(in: -1e300...1e300)) {
            a, b in
            expectSameOrder(.double(a), .double(b))
        }
    }

    @Test func integersAndDoublesShareOneNumericOrder() async {
        await propertyCheck(count: 3000, input: Gen.int64(), Gen.int64(in: -1024...1024)) { i, delta in
            // Doubles next to the integer, and the integer's own neighbours.
            let d = Double(i)
            expectSameOrder(.int(i), .double(d))
            expectSameOrder(.int(i), .double(d.nextUp))
            expectSameOrder(.int(i), .double(d.nextDown))
            expectSameOrder(.int(i), .int(i &+ delta))
            expectSameOrder(.int(i &+ delta), .double(d))
        }
    }

    @Test func equalNumbersEncodeAlike() {
        #expect(encoded(.int(1)) == encoded(.double(1.0)))
        #expect(encoded(.int(0)) == encoded(.double(-0.0)))
        #expect(encoded(.int(1 << 53)) == encoded(.double(9_007_199_254_740_992)))
        #expect(encoded(.int((1 << 53) + 1)) != encoded(.double(9_007_199_254_740_992)))
        #expect(encoded(.int(Int64.max)) != encoded(.double(9.223372036854775807e18)))
    }

    @Test func stringsOrderByUTF8Bytes() async {
        let text = Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").array(of: 0...12).map {
            String(String.UnicodeScalarView($0))
        }
        await propertyCheck(count: 2000, input: text, text) { a, b in
            expectSameOrder(.string(a), .string(b))
        }
    }

    @Test func datesKeepTheirOrder() async {
        await propertyCheck(
            count: 1000, input: Gen.int64(in: -400_000_000...400_000_000), Gen.int64(in: -400_000_000...400_000_000)
        ) { a, b in
            expectSameOrder(.date(CalendarDate(daysSinceEpoch: a)), .date(CalendarDate(daysSinceEpoch: b)))
        }
    }

    @Test func booleansKeepTheirOrder() {
        for a in [false, true] { for b in [false, true] { expectSameOrder(.bool(a), .bool(b)) } }
    }

    @Test func mixedValuesAndListsKeepTheirOrder() {
        var rng = SeededGenerator(seed: 0x10_4E)
        for _ in 0..<20_000 {
            expectSameOrder(randomStorableValue(&rng), randomStorableValue(&rng))
        }
    }

    @Test func decodingInvertsEncoding() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<5000 {
            let v = randomStorableValue(&rng)
            let bytes = encoded(v)
            guard bytes.count < KeyEncoding.maxValueBytes else { continue }
            let back = bytes.withUnsafeBytes { KeyEncoding.decode($0) }
            #expect(back.map { referenceCompare($0, v) } == 0, "\(v) came back as \(String(describing: back))")
        }
    }

    @Test func cuttingKeepsOrderAndMarksTheCut() {
        let long = Value.string(String(repeating: "y", count: 1000))
        let body = KeyEncoding.indexKeyBody(long)
        #expect(body.count == KeyEncoding.maxValueBytes)
        #expect(body.withUnsafeBytes { KeyEncoding.mayBeCut($0) })
        #expect(encoded(long).starts(with: body))
        let short = KeyEncoding.indexKeyBody(.string("y"))
        #expect(!short.withUnsafeBytes { KeyEncoding.mayBeCut($0) })
    }
}

@Suite("Record encoding")
struct RecordEncodingTests {
    private func keys(_ props: [(key: UInt32, value: Value)]) -> [UInt32] { props.map(\.key) }

    @Test func propertiesComeOutByKeyWithTheLastOfARepeatedKey() {
        let sorted: [(key: UInt32, value: Value)] = [(1, "a"), (2, "b"), (5, "c")]
        #expect(keys(RecordEncoding.byKey(sorted)) == [1, 2, 5])
        let shuffled: [(key: UInt32, value: Value)] = [(5, "c"), (1, "a"), (2, "b")]
        #expect(keys(RecordEncoding.byKey(shuffled)) == [1, 2, 5])
        let repeated: [(key: UInt32, value: Value)] = [(2, "first"), (1, "a"), (2, "second"), (2, "last"), (0, "z")]
        let result = RecordEncoding.byKey(repeated)
        #expect(keys(result) == [0, 1, 2])
        #expect(result.last?.value == "last")
        // Past the insertion sort's reach, the same rules.
        let many: [(key: UInt32, value: Value)] = (0..<40).map { (UInt32(($0 * 7) % 20), .int(Int64($0))) }
        let unique = RecordEncoding.byKey(many)
        #expect(keys(unique) == Array(0..<20))
        for p in unique {
            let last = many.lastIndex { $0.key == p.key }!
            #expect(p.value == many[last].value)
        }
    }

    @Test func aRecordEncodesTheSameWhateverTheOrderGiven() {
        let props: [(key: UInt32, value: Value)] = [(3, "x"), (1, .int(7)), (2, .list([.bool(true)]))]
        let a = NodeRecord(labels: [4], properties: props)
        let b = NodeRecord(labels: [4], properties: props.reversed())
        #expect(a.encoded() == b.encoded())
        var w = ByteWriter()
        w.u8(0xFF)
        a.encode(into: &w)
        #expect(w.bytes == a.encoded())
    }

    @Test func varintsRoundTripAtEveryLengthAndStopAtTheEnd() throws {
        var rng = SeededGenerator(seed: 17)
        var values: [UInt64] = [0, 1, 127, 128, 255, 16_383, 16_384, .max, .max - 1]
        for bits in 1...64 { values.append(UInt64.random(in: 0...(UInt64.max >> (64 - bits)), using: &rng)) }
        var w = ByteWriter()
        for v in values {
            w.varint(v)
            w.signedVarint(Int64(bitPattern: v))
        }
        func readAll(_ raw: UnsafeRawBufferPointer) throws -> ([UInt64], [Int64], Bool) {
            var r = ByteReader(raw)
            var read: [UInt64] = []
            var signed: [Int64] = []
            for _ in values {
                read.append(try r.varint())
                signed.append(try r.signedVarint())
            }
            return (read, signed, r.isAtEnd)
        }
        let (read, signed, atEnd) = try w.bytes.withUnsafeBytes(readAll)
        #expect(read == values)
        #expect(signed == values.map { Int64(bitPattern: $0) })
        #expect(atEnd)
        w.bytes.withUnsafeBytes { raw in
            var r = ByteReader(UnsafeRawBufferPointer(rebasing: raw[raw.count...]))
            #expect(throws: StorageCorruption.self) { try r.varint() }
        }
        // A varint cut short, and one longer than ten bytes.
        for bad: [UInt8] in [[0x80], [0xFF, 0xFF], Array(repeating: 0xFF, count: 11) + [0]] {
            bad.withUnsafeBytes { raw in
                var r = ByteReader(raw)
                #expect(throws: StorageCorruption.self) { try r.varint() }
            }
        }
    }

    @Test func nodeRecordsRoundTrip() throws {
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<2000 {
            let labels = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                UInt32.random(in: 1...1_000_000, using: &rng)
            }
            var props: [(key: UInt32, value: Value)] = []
            for k in 0..<UInt32.random(in: 0...5, using: &rng) { props.append((k * 7 + 1, randomStorableValue(&rng))) }
            let record = NodeRecord(labels: labels, properties: props)
            let bytes = record.encoded()
            let back = try bytes.withUnsafeBytes { try NodeRecord(decoding: $0) }
            #expect(back == record)
        }
    }

    @Test func damagedRecordsThrowInsteadOfCrashing() {
        var rng = SeededGenerator(seed: 5)
        let record = NodeRecord(
            labels: [3, 4], properties: [(1, .string("hello")), (2, .list([.int(1), .double(2)]))])
        let bytes = record.encoded()
        for cut in 0..<bytes.count {
            _ = try? Array(bytes.prefix(cut)).withUnsafeBytes { try NodeRecord(decoding: $0) }
        }
        for _ in 0..<2000 {
            let noise = (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = try? noise.withUnsafeBytes { try NodeRecord(decoding: $0) }
            _ = try? noise.withUnsafeBytes { try RelationshipRecord(decoding: $0) }
        }
    }

    @Test func calendarDatesRoundTrip() {
        for days in stride(from: Int64(-800_000), through: 800_000, by: 997) {
            let d = CalendarDate(daysSinceEpoch: days)
            let (y, m, dd) = d.components
            #expect(CalendarDate(year: y, month: m, day: dd) == d)
            #expect(CalendarDate(iso: d.description) == d, "\(d)")
        }
        #expect(CalendarDate(iso: "2026-01-08")?.description == "2026-01-08")
        #expect(CalendarDate(iso: "2026-02-30") == nil)
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "1970-01-01")?.daysSinceEpoch == 0)
        #expect(CalendarDate(iso: "not a date") == nil)
    }
}
