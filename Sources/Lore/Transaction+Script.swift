import LoreSyntax

extension Transaction {
    /// Runs every `;`-terminated statement of a script, in order, in this
    /// transaction, and returns their results.
    ///
    /// Comments (`//`, `/* */`) and blank statements are skipped. On the
    /// first failing statement this throws, with the position counted in the
    /// whole script (and `file` named in the message when given); statements
    /// before it stay done in the transaction, so a caller that wants all or
    /// nothing lets the error end the transaction. A `cancellation` stops
    /// the statement running when it is requested, and the statements after it.
    @discardableResult
    public func runScript(
        _ script: String, file: String? = nil, parameters: [String: Value] = [:],
        cancellation: QueryCancellation? = nil
    ) throws -> [QueryResult] {
        var results: [QueryResult] = []
        for piece in ScriptSplitter.split(script) {
            guard !ScriptText.isBlank(piece.text) else { continue }
            do {
                results.append(try run(piece.text, parameters, cancellation: cancellation))
            } catch var error as LoreError {
                if let p = error.position {
                    // Positions within the statement become positions in the script.
                    let line = p.line + piece.start.line - 1
                    let column = p.line == 1 ? p.column + piece.start.column - 1 : p.column
                    error.position = LoreError.Position(line: line, column: column)
                } else {
                    error.position = LoreError.Position(line: piece.start.line, column: piece.start.column)
                }
                error.source = script
                if let file {
                    error.message = "\(file):\(error.position!.line):\(error.position!.column): \(error.message)"
                }
                throw error
            }
        }
        return results
    }
}

/// Helpers for script text.
enum ScriptText {
    /// Whether a statement holds nothing but white space, `;` and comments.
    static func isBlank(_ text: String) -> Bool {
        var s = Substring(text)
        while !s.isEmpty {
            if s.first!.isWhitespace || s.first == ";" {
                s = s.dropFirst()
            } else if s.hasPrefix("//") {
                s = s.drop { $0 != "\n" }
            } else if s.hasPrefix("/*") {
                s = s.dropFirst(2)
                while !s.isEmpty && !s.hasPrefix("*/") { s = s.dropFirst() }
                if s.isEmpty { return false }
                s = s.dropFirst(2)
            } else {
                return false
            }
        }
        return true
    }
}
