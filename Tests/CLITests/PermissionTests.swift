import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("A store the user may not open")
struct PermissionTests {
    @Test func aDirectoryWithoutPermissionIsAClearError() throws {
        try withTemporaryDirectory { dir in
            let db = dir + "/locked"
            #expect(try run("lore", ["demo", "--db", db]).status == 0)
            chmod(db, 0o700)
            chmod(dir, 0o755)
            // root passes permission checks, so run the command as nobody.
            let asUser: String? = geteuid() == 0 ? "nobody" : nil
            if asUser == nil { chmod(db, 0o000) }
            defer { chmod(db, 0o700) }
            let r = try run("lore", ["check", "--db", db], user: asUser)
            #expect(r.status == 1)
            #expect(r.errors.contains("PermissionDenied"), "\(r.errors)")
            // The store is untouched and still opens for its owner.
            chmod(db, 0o700)
            #expect(try run("lore", ["check", "--db", db]).status == 0)
        }
    }
}
