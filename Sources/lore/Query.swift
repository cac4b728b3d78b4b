import ArgumentParser
import Lore
import LoreSyntax

/// `lore query`: one statement, or the statements on standard input.
struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run LQL statements and print their results.",
        discussion: """
            Runs the statement given, or else every ;-terminated statement on standard input, \
            each in its own transaction. Formats: table (the default on a terminal), tsv (the \
            default otherwise), csv, markdown, json. With --format json, prints one JSON object \
            a line: {"columns": [...]}, then {"row": [...]} per row, then {"summary": {...}}; \
            an error ends the output with {"error": {...}} and exit status 1.

            Examples:
              lore query --db ai.lore "MATCH (c:Company) RETURN c.name"
              lore query --db ai.lore --format csv --param k=zhipu-ai "MATCH (c {key: \\$k})-[:DEVELOPED]->(m) RETURN m.name"
              echo 'MATCH (c:Company {key: $k}) RETURN c.name;' | lore query --db ai.lore --format json --params '{"k": "zhipu-ai"}'
            """
    )

    @OptionGroup var store: StoreOptions
    @Option(name: .long, help: "Output format: \(OutputFormat.names) (default: table on a terminal, else tsv).")
    var format: OutputFormat?
    @Option(
        name: .long, parsing: .singleValue,
        help: "A parameter as name=value (the value in JSON; bare text is a string).")
    var param: [String] = []
    @Option(name: .long, help: "Parameters as a JSON object.") var params: String?
    @Argument(help: "The statement (default: read statements from standard input).") var statement: String?

    func run() throws {
        let parameters: [String: Value]
        do { parameters = try parseParameters(json: params, pairs: param) } catch { throw fail(error) }
        var statements: [(text: String, line: Int)] = []
        if let statement {
            statements = [(statement, 1)]
        } else {
            var input = ""
            while let line = readLine(strippingNewline: false) { input += line }
            statements = ScriptSplitter.split(input).map { ($0.text, $0.start.line) }
        }
        let formatter = ResultFormatter(
            format: format ?? .automatic, width: Terminal.outputIsTerminal ? Terminal.width : nil,
            colours: .current)
        let opened: Store
        do { opened = try store.open() } catch { throw fail(error) }
        for s in statements where !s.text.allSatisfy({ $0.isWhitespace || $0 == ";" }) {
            do {
                emit(formatter.render(try runStatement(opened, s.text, parameters, readOnly: store.readOnly)))
            } catch let e as LoreError {
                if let text = formatter.renderError(e, lineOffset: s.line - 1) {
                    emit(text)
                    throw ExitCode(1)
                }
                throw fail(e)
            } catch {
                throw fail(error)
            }
        }
    }
}
