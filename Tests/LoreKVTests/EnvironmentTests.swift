import Foundation
import LoreKV
import Testing

private func withEnvironment<T>(_ options: Environment.Options = .init(), _ body: (Environment) throws -> T) throws -> T
{
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lorekv-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(try Environment(path: path, options: options))
}

@Suite("LMDB environment")
struct EnvironmentTests {
    @Test func putGetDeleteAndCursorSeeks() throws {
        try withEnvironment { env in
            let db = try env.openDatabases([("plain", [])], create: true)[0]
            try env.write { txn in
                for i: UInt8 in [5, 1, 3] { try txn.put(db, [i], [i * 10]) }
                #expect(try txn.put(db, [1], [0], flags: .noOverwrite) == false)
            }
            try env.read { txn in
                #expect(try txn.get(db, [3]) == [30])
                #expect(try txn.get(db, [4]) == nil)
                #expect(try txn.count(db) == 3)
                try txn.withCursor(db) { c in
                    let hit = try [UInt8(2)].withUnsafeBytes { try c.seek(atLeast: $0) }
                    #expect(hit.map { Array($0.key) } == [3])
                    #expect(try c.next().map { Array($0.key) } == [5])
                    #expect(try c.next() == nil)
                }
            }
            try env.write { txn throws in #expect(try txn.delete(db, [3])) }
            try env.read { txn throws in #expect(try txn.get(db, [3]) == nil) }
        }
    }

    @Test func aKeptCursorWritesAlongsideOtherWritesAndNestedTransactions() throws {
        try withEnvironment { env in
            let dbs = try env.openDatabases([("keys", []), ("dups", [.duplicateSort, .duplicateFixed])], create: true)
            let (keys, dups) = (dbs[0], dbs[1])
            func put(_ c: Cursor, _ k: [UInt8], _ v: [UInt8], _ flags: PutFlags = []) throws -> Bool {
                try k.withUnsafeBytes { kb in try v.withUnsafeBytes { try c.put(kb, $0, flags: flags) } }
            }
            try env.write { txn throws in
                let c = try txn.cursor(on: keys)
                #expect(try txn.cursor(on: keys) === c)
                // Enough keys for several pages, in order, with plain puts in between.
                for i in 0..<3000 {
                    let k = [UInt8(i >> 8), UInt8(i & 0xFF)]
                    #expect(try put(c, k, [UInt8(i % 7)], .append))
                    if i % 100 == 0 { try txn.put(keys, k + [1], [1]) }
                    if i % 250 == 0, i > 0 { try txn.delete(keys, [UInt8((i - 1) >> 8), UInt8((i - 1) & 0xFF)]) }
                }
                #expect(try put(c, [0, 0], [1], .append) == false)
                let d = try txn.cursor(on: dups)
                for v: UInt8 in 1...200 { #expect(try put(d, [7], [0, v], .appendDuplicate)) }
                #expect(try put(d, [7], [0, 5], .appendDuplicate) == false)
                #expect(try put(d, [7], [0, 5], .noDuplicateData) == false)
                #expect(try d.duplicateCount() == 200)
                // A nested transaction has cursors of its own; the parent's
                // goes on working once it has ended, committed or not.
                let child = try txn.beginNested()
                #expect(try put(try child.cursor(on: dups), [8], [0, 1]))
                child.abortNested()
                let other = try txn.beginNested()
                #expect(try put(try other.cursor(on: dups), [9], [0, 1]))
                try other.commitNested()
                #expect(try put(d, [7], [0, 201], .appendDuplicate))
            }
            try env.read { txn throws in
                #expect(try txn.count(keys) == 3000 - 11 + 30)
                #expect(try txn.count(dups) == 202)
                #expect(try txn.get(dups, [8]) == nil)
                #expect(try txn.get(dups, [9]) == [0, 1])
            }
        }
    }

    @Test func duplicateSortedValuesAreKeptInOrder() throws {
        try withEnvironment { env in
            let db = try env.openDatabases([("dups", [.duplicateSort, .duplicateFixed])], create: true)[0]
            try env.write { txn in
                for v: UInt8 in [9, 2, 7, 2] { try txn.put(db, [1], [0, v]) }
                try txn.put(db, [2], [0, 1])
            }
            try env.read { txn in
                try txn.withCursor(db) { c in
                    var values: [[UInt8]] = []
                    var e = try [UInt8(1)].withUnsafeBytes { try c.seek(exactly: $0) }
                    #expect(try c.duplicateCount() == 3)
                    while let (_, v) = e {
                        values.append(Array(v))
                        e = try c.nextDuplicate()
                    }
                    #expect(values == [[0, 2], [0, 7], [0, 9]])
                    let mid = try [UInt8(1)].withUnsafeBytes { k in
                        try [UInt8(0), 5].withUnsafeBytes { try c.seek(key: k, valueAtLeast: $0) }
                    }
                    #expect(mid.map { Array($0.value) } == [0, 7])
                }
            }
        }
    }

    @Test func aThrowingWriteCommitsNothing() throws {
        struct Stop: Error {}
        try withEnvironment { env in
            let db = try env.openDatabases([("plain", [])], create: true)[0]
            #expect(throws: Stop.self) {
                try env.write { txn in
                    try txn.put(db, [1], [1])
                    throw Stop()
                }
            }
            try env.read { txn throws in #expect(try txn.count(db) == 0) }
        }
    }

    @Test func theMapGrowsAndTheWriteIsRetried() throws {
        var options = Environment.Options()
        options.initialMapSize = 64 << 10
        try withEnvironment(options) { env in
            let db = try env.openDatabases([("plain", [])], create: true)[0]
            let value = [UInt8](repeating: 7, count: 1000)
            var attempts = 0
            try env.write { txn in
                attempts += 1
                for i in 0..<2000 { try txn.put(db, withUnsafeBytes(of: UInt32(i).bigEndian, Array.init), value) }
            }
            #expect(env.growthEvents >= 3)
            #expect(attempts == env.growthEvents + 1)
            try env.read { txn throws in #expect(try txn.count(db) == 2000) }
        }
    }

    @Test func aThreadHoldingAReadCannotGrowTheMapButCanOnceTheReadEnds() throws {
        var options = Environment.Options()
        options.initialMapSize = 64 << 10
        try withEnvironment(options) { env in
            let db = try env.openDatabases([("plain", [])], create: true)[0]
            let value = [UInt8](repeating: 7, count: 1000)
            let fill = { (txn: Transaction) throws in
                for i in 0..<500 { try txn.put(db, withUnsafeBytes(of: UInt32(i).bigEndian, Array.init), value) }
            }
            // Growing waits for this process's transactions to end: from
            // inside a read it would wait for itself, so it fails instead.
            let error = try #require(throws: KVError.self) {
                try env.read { _ in try env.read { _ in try env.write(fill) } }
            }
            #expect(error.isMapFull)
            #expect(env.growthEvents == 0)
            try env.write(fill)
            #expect(env.growthEvents >= 1)
            try env.read { txn throws in #expect(try txn.count(db) == 500) }
        }
    }

    @Test func aKeyOverTheLimitIsBadValueSize() throws {
        try withEnvironment { env in
            let db = try env.openDatabases([("plain", [])], create: true)[0]
            let error = try #require(throws: KVError.self) {
                try env.write { txn in try txn.put(db, [UInt8](repeating: 1, count: env.maxKeySize + 1), [1]) }
            }
            #expect(error.isBadValueSize)
        }
    }

    @Test func aReadTransactionCannotWrite() throws {
        try withEnvironment { env in
            let db = try env.openDatabases([("plain", [])], create: true)[0]
            let error = try #require(throws: KVError.self) { try env.read { txn in try txn.put(db, [1], [1]) } }
            #expect(error.isPermissionDenied)
        }
    }

    @Test func readTransactionsRunOnManyThreadsAtOnce() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lorekv-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let env = try Environment(path: path)
        let db = try env.openDatabases([("plain", [])], create: true)[0]
        try env.write { txn in for i: UInt8 in 0..<100 { try txn.put(db, [i], [i]) } }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { try env.read { txn in try txn.count(db) } }
            }
            for try await n in group { #expect(n == 100) }
        }
    }
}
