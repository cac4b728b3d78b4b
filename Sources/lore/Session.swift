import Foundation
import Lore

#if canImport(Glibc)
    import Glibc
#endif

/// The REPL, and the reading of `;`-terminated statements from a pipe: one
/// loop over lines, so that meta commands work in both.
final class Session {
    let store: Store
    let readOnly: Bool
    let interactive: Bool
    private let reader: LineReader
    var format: OutputFormat
    var timing: Bool
    var parameters: [String: Value] = [:]
    private var transaction: OpenTransaction?
    private var failed = false

    init(store: Store, readOnly: Bool, interactive: Bool, format: OutputFormat?) {
        self.store = store
        self.readOnly = readOnly
        self.interactive = interactive
        self.format = format ?? .automatic
        timing = interactive
        if interactive {
            Interrupts.install()
            var reader: LineReader = PlainLineReader()
            // Completion reads the live store (and the session's parameters)
            // at each Tab.
            weak var session: Session?
            if let editor = EditLineReader(
                historyPath: defaultHistoryPath(),
                completer: { before in
                    guard let session else { return [] }
                    return Completion.names(in: session.store, parameters: session.parameters.keys.sorted())
                        .candidates(before)
                })
            {
                reader = editor
            }
            self.reader = reader
            session = self
        } else {
            reader = PlainLineReader()
        }
    }

    private var formatter: ResultFormatter {
        ResultFormatter(
            format: format, width: Terminal.outputIsTerminal ? Terminal.width : nil, colours: .current)
    }

    /// Reads and runs until the end of input or `:quit`; returns the exit
    /// status: 1 when input from a pipe met an error (which ends it).
    func loop() -> Int32 {
        var buffer = ""
        defer { reader.saveHistory() }
        while true {
            let prompt: String
            if buffer.isEmpty {
                prompt = transaction == nil ? "lore> " : "lore*> "
            } else {
                prompt = transaction == nil ? "  ...> " : "  ...*> "
            }
            switch reader.readLine(prompt: prompt) {
            case .end:
                if !StatementScanner.isBlank(buffer) { execute(buffer) }
                endTransaction()
                if interactive { emit("\n") }
                return failed ? 1 : 0
            case .interrupted:
                buffer = ""
            case .line(let line):
                if buffer.isEmpty, line.drop(while: { $0 == " " }).hasPrefix(":") {
                    reader.remember(line)
                    if !meta(line.trimmingCharacters(in: .whitespaces)) {
                        endTransaction()
                        return failed ? 1 : 0
                    }
                } else {
                    buffer += buffer.isEmpty ? line : "\n" + line
                    let (statements, rest) = StatementScanner.split(buffer)
                    if !statements.isEmpty {
                        reader.remember(buffer.split(separator: "\n").joined(separator: " "))
                        // Ctrl-C stops the statement running and drops the rest.
                        for s in statements where !StatementScanner.isBlank(s) {
                            if !execute(s) { break }
                        }
                        buffer = StatementScanner.isBlank(rest) ? "" : rest
                    } else if StatementScanner.isBlank(buffer), !buffer.contains("/*") {
                        buffer = ""
                    }
                }
                if failed && !interactive {
                    endTransaction()
                    return 1
                }
            }
        }
    }

    // MARK: statements

    /// Runs one statement (in the open transaction, if any) and prints its
    /// result or its error. Returns false when Ctrl-C cancelled it.
    @discardableResult
    func execute(_ text: String) -> Bool {
        let started = ContinuousClock.now
        do {
            let result: QueryResult
            if let transaction {
                result = try transaction.run(text, parameters, cancellation: interactive ? QueryCancellation() : nil)
            } else if interactive {
                let store = self.store
                let readOnly = self.readOnly
                let parameters = self.parameters
                result = try Interrupts.run { cancellation in
                    try runStatement(store, text, parameters, readOnly: readOnly, cancellation: cancellation)
                }
            } else {
                result = try runStatement(store, text, parameters, readOnly: readOnly)
            }
            emit(formatter.render(result, elapsed: timing ? ContinuousClock.now - started : nil))
        } catch let e as LoreError where e.kind == .cancelled && interactive {
            reportCancelled(e)
            return false
        } catch {
            report(error)
        }
        return true
    }

    /// Ctrl-C stopped a statement: it did nothing, and the session goes on.
    private func reportCancelled(_ error: LoreError) {
        if let json = formatter.renderError(error) {
            emit(json)
            return
        }
        // The terminal echoed the ^C; end its line.
        emit("\n")
        emitError("cancelled\n")
    }

    func report(_ error: Error) {
        failed = true
        if let e = error as? LoreError, let json = formatter.renderError(e) {
            emit(json)
            return
        }
        let c = Colours(enabled: interactive && Terminal.errorIsTerminal && Colours.current.enabled)
        emitError(c.red("error: ") + "\(error)\n")
    }

    private func endTransaction() {
        guard let transaction else { return }
        transaction.rollback()
        self.transaction = nil
        emitError("the open transaction was rolled back\n")
    }

    // MARK: meta commands

    static let help = """
        Statements end with `;` and may span lines. Meta commands:
          :help                  this text
          :schema                labels, relationship types, property keys, constraints
          :explain Q             the plan of Q
          :profile Q             run Q; the plan with rows and time per operator
          :format F              output format: table, json, csv, tsv, markdown
          :timing on|off         show each statement's time
          :param name => value   set $name (value in LQL: 'text', 42, [1, 2], date('2026-01-08'))
          :params                the parameters set
          :begin                 open a transaction spanning statements
          :commit                commit it
          :rollback              roll it back
          :load FILE             run a script file (in the open transaction, if any)
          :quit                  leave (Ctrl-D too)
        Tab completes keywords, labels, relationship types, property keys, parameters and
        meta commands; Ctrl-C abandons the input or cancels the running statement.

        """

    /// Runs a meta command; returns false for `:quit`.
    func meta(_ line: String) -> Bool {
        let command = String(line.prefix { $0 != " " })
        var argument = String(line.dropFirst(command.count)).trimmingCharacters(in: .whitespaces)
        if argument.hasSuffix(";") { argument.removeLast() }
        switch command {
        case ":quit", ":exit", ":q": return false
        case ":help", ":h", ":?": emit(Self.help)
        case ":schema": schema()
        case ":explain", ":profile":
            guard !argument.isEmpty else {
                report(LoreError(.argumentError, "MissingQuery", "\(command) takes a query"))
                break
            }
            execute((command == ":explain" ? "EXPLAIN " : "PROFILE ") + argument)
        case ":format":
            guard let f = OutputFormat(rawValue: argument) else {
                report(LoreError(.argumentError, "UnknownFormat", ":format takes one of \(OutputFormat.names)"))
                break
            }
            format = f
        case ":timing":
            guard argument == "on" || argument == "off" else {
                report(LoreError(.argumentError, "InvalidArgument", ":timing takes on or off"))
                break
            }
            timing = argument == "on"
        case ":param": setParameter(argument)
        case ":params":
            for name in parameters.keys.sorted() { emit("\(name) => \(parameters[name]!)\n") }
        case ":begin":
            if transaction != nil {
                report(LoreError(.argumentError, "TransactionOpen", "a transaction is already open"))
            } else if readOnly {
                report(LoreError(.storageError, "ReadOnly", "the store is open read-only"))
            } else {
                transaction = OpenTransaction(store: store)
            }
        case ":commit", ":rollback":
            guard let transaction else {
                report(LoreError(.argumentError, "NoTransaction", "no transaction is open; :begin opens one"))
                break
            }
            self.transaction = nil
            if command == ":rollback" {
                transaction.rollback()
                emit("rolled back\n")
            } else {
                do {
                    try transaction.commit()
                    emit("committed\n")
                } catch {
                    report(error)
                }
            }
        case ":load": load(argument)
        default:
            report(LoreError(.argumentError, "UnknownCommand", "unknown command \(command); :help lists them"))
        }
        return true
    }

    private func setParameter(_ argument: String) {
        let parts = argument.components(separatedBy: "=>")
        let name = parts[0].trimmingCharacters(in: .whitespaces).drop { $0 == "$" }
        guard parts.count >= 2, !name.isEmpty, name.allSatisfy(Completion.isWordCharacter) else {
            report(LoreError(.argumentError, "InvalidArgument", ":param takes name => value"))
            return
        }
        let expression = parts.dropFirst().joined(separator: "=>").trimmingCharacters(in: .whitespaces)
        do {
            let r = try store.read { try $0.run("RETURN " + expression, parameters) }
            parameters[String(name)] = r.rows.first?.first ?? .null
            emit("\(name) => \(parameters[String(name)]!)\n")
        } catch {
            report(error)
        }
    }

    private func load(_ path: String) {
        guard !path.isEmpty else {
            report(LoreError(.argumentError, "MissingFile", ":load takes a file name"))
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            report(LoreError(.ioError, "FileNotFound", "cannot read \(path)"))
            return
        }
        let text = String(decoding: data, as: UTF8.self)
        let started = ContinuousClock.now
        do {
            let results: [QueryResult]
            if let transaction {
                results = try transaction.runScript(text, file: path, cancellation: QueryCancellation())
            } else {
                let store = self.store
                results = try Interrupts.run { cancellation in
                    try store.write { try $0.runScript(text, file: path, cancellation: cancellation) }
                }
            }
            var total = QueryStatistics()
            for r in results {
                let s = r.statistics
                total.nodesCreated += s.nodesCreated
                total.nodesDeleted += s.nodesDeleted
                total.relationshipsCreated += s.relationshipsCreated
                total.relationshipsDeleted += s.relationshipsDeleted
                total.propertiesSet += s.propertiesSet
                total.propertiesRemoved += s.propertiesRemoved
                total.labelsAdded += s.labelsAdded
                total.labelsRemoved += s.labelsRemoved
            }
            var line =
                (["\(results.count) statement\(results.count == 1 ? "" : "s")"]
                + ResultFormatter.changes(total)).joined(separator: ", ")
            if timing { line += " (\(ResultFormatter.describe(ContinuousClock.now - started)))" }
            emit(line + "\n")
        } catch let e as LoreError where e.kind == .cancelled {
            reportCancelled(e)
        } catch {
            report(error)
        }
    }

    private func schema() {
        do {
            let (labels, types, keys, relKeys, constraints) = try store.read { tx in
                (
                    try tx.labels(), try tx.relationshipTypes(), try tx.propertyKeys(),
                    try tx.relationshipPropertyKeys(), try tx.constraints()
                )
            }
            let c = Colours.current
            var out = c.bold("labels") + "\n"
            for l in labels { out += "  :\(l.name)  \(l.count)\n" }
            out += c.bold("relationship types") + "\n"
            for t in types { out += "  :\(t.name)  \(t.count)\n" }
            out += c.bold("node property keys") + "\n  " + keys.map(\.name).joined(separator: ", ") + "\n"
            out += c.bold("relationship property keys") + "\n  " + relKeys.map(\.name).joined(separator: ", ") + "\n"
            out += c.bold("constraints") + "\n"
            for k in constraints { out += "  \(k.name): (:\(k.label)).\(k.property) IS UNIQUE\n" }
            emit(out)
        } catch {
            report(error)
        }
    }
}

/// Finds where statements end in REPL input: at a `;` outside strings,
/// back-quoted names and comments.
enum StatementScanner {
    /// The complete statements in `text` (without their `;`), and what
    /// follows the last one.
    static func split(_ text: String) -> (statements: [String], rest: String) {
        let chars = Array(text)
        var statements: [String] = []
        var start = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == ";" {
                statements.append(String(chars[start..<i]))
                start = i + 1
            } else if c == "/", i + 1 < chars.count, chars[i + 1] == "/" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            } else if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2
                while i < chars.count, !(chars[i] == "*" && i + 1 < chars.count && chars[i + 1] == "/") { i += 1 }
                i += 2
                continue
            } else if c == "'" || c == "\"" || c == "`" {
                i += 1
                while i < chars.count, chars[i] != c {
                    if chars[i] == "\\", c != "`" { i += 1 }
                    i += 1
                }
            }
            i += 1
        }
        return (statements, start < chars.count ? String(chars[start...]) : "")
    }

    /// Whether `text` holds nothing but white space and comments.
    static func isBlank(_ text: String) -> Bool {
        var s = Substring(text)
        while let first = s.first {
            if first.isWhitespace || first == ";" {
                s = s.dropFirst()
            } else if s.hasPrefix("//") {
                s = s.drop { $0 != "\n" }
            } else if s.hasPrefix("/*") {
                guard let end = s.range(of: "*/") else { return false }
                s = s[end.upperBound...]
            } else {
                return false
            }
        }
        return true
    }
}
