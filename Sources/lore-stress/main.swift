// A process that the concurrency and crash tests drive: it writes or reads a
// store on command and reports each step on standard output, one line each,
// unbuffered, so that a test in another process can act between steps.
//
//   lore-stress write DB TRANSACTIONS NODES   commit TRANSACTIONS batches of NODES
//                                             nodes each; print "committed K" after each
//   lore-stress hold DB                       print the node count, keep the same read
//                                             transaction open until a line arrives on
//                                             standard input, print the count again, then
//                                             the count seen by a new transaction
//   lore-stress fill DB NODES                 one write of NODES nodes (grows the map)

import Lore

#if canImport(Glibc)
    import Glibc
#endif

func say(_ line: String) {
    var bytes = Array((line + "\n").utf8)
    bytes.withUnsafeMutableBytes { _ = write(1, $0.baseAddress, $0.count) }
}

func count(_ tx: Transaction) throws -> Int { try tx.nodeCount() }

let args = CommandLine.arguments
do {
    guard args.count >= 3 else {
        say("usage: lore-stress write|hold|fill DB ...")
        exit(2)
    }
    var options = Store.Options()
    options.initialMapSize = 1 << 20
    let store = try Store(path: args[2], options: options)
    switch args[1] {
    case "write":
        let transactions = Int(args[3]) ?? 1
        let nodes = Int(args[4]) ?? 1
        for k in 0..<transactions {
            try store.write { tx in
                for i in 0..<nodes {
                    try tx.createNode(labels: ["Batch"], properties: ["batch": .int(Int64(k)), "i": .int(Int64(i))])
                }
            }
            say("committed \(k)")
        }
    case "hold":
        try store.read { tx in
            say("count \(try count(tx))")
            _ = readLine()
            say("count \(try count(tx))")
        }
        say("count \(try store.read(count))")
    case "fill":
        let nodes = Int(args[3]) ?? 1
        try store.write { tx in
            for i in 0..<nodes {
                try tx.createNode(
                    labels: ["Fill"],
                    properties: ["i": .int(Int64(i)), "text": .string(String(repeating: "f", count: 100))])
            }
        }
        say("filled \(nodes)")
    default:
        say("unknown command \(args[1])")
        exit(2)
    }
} catch {
    say("error: \(error)")
    exit(1)
}
