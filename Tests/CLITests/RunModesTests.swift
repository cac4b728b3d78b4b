import Foundation
import Lore
import Testing

@Suite("lore run --each and --continue")
struct RunModesTests {
    private func script(_ dir: String) throws -> String {
        let path = dir + "/s.lql"
        try """
        CREATE (:N {i: 1});
        CREATE (:N {i: 2});
        MATCH (n:N) RETURN nope;
        CREATE (:N {i: 3});
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func count(_ db: String) throws -> Int { try Store(path: db).read { try $0.nodeCount() } }

    @Test func byDefaultAFailureCommitsNothing() throws {
        try withTemporaryDirectory { dir in
            let r = try run("lore", ["run", try script(dir), "--db", dir + "/db"])
            #expect(r.status == 1)
            #expect(r.errors.contains("s.lql:3:20"), "\(r.errors)")
            #expect(try count(dir + "/db") == 0)
        }
    }

    @Test func eachKeepsWhatRanBeforeTheFailure() throws {
        try withTemporaryDirectory { dir in
            let r = try run("lore", ["run", "--each", try script(dir), "--db", dir + "/db"])
            #expect(r.status == 1)
            #expect(try count(dir + "/db") == 2)
        }
    }

    @Test func continueReportsTheFailureAndRunsTheRest() throws {
        for mode in [["--continue"], ["--each", "--continue"]] {
            try withTemporaryDirectory { dir in
                let r = try run("lore", ["run"] + mode + [try script(dir), "--db", dir + "/db"])
                #expect(r.status == 1)
                #expect(r.errors.contains("UndefinedVariable"))
                #expect(r.output.contains("1 failed"))
                #expect(try count(dir + "/db") == 3)
            }
        }
    }
}
