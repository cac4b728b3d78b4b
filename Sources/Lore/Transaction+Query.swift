extension Transaction {
    /// Runs one LQL statement in this transaction and returns its result.
    ///
    /// The statement is atomic: if it throws, nothing it did remains, and
    /// the transaction may go on. Parameters are named without the `$`.
    ///
    /// - Throws: `LoreError` with the kind, code and phase of the failure and
    ///   the position in `statement`.
    public func run(_ statement: String, _ parameters: [String: Value] = [:]) throws -> QueryResult {
        _ = try open()
        throw LoreError(.semanticError, "NotImplemented", "the query engine is not built yet", phase: .compile)
    }
}
