import Lore
import LoreSyntax

/// What the REPL offers on Tab, from the live store: keywords, labels after
/// `(x:`, relationship types after `[r:` or `|`, property keys after `.`,
/// parameters after `$`, and meta commands at the start of a line.
struct Completion {
    var labels: [String] = []
    var types: [String] = []
    var keys: [String] = []
    var parameters: [String] = []

    static let metaCommands = [
        ":help", ":schema", ":explain", ":profile", ":format", ":timing", ":param", ":params", ":begin",
        ":commit", ":rollback", ":load", ":quit",
    ]

    static let functions = [
        "abs", "avg", "coalesce", "collect", "count", "date", "head", "id", "keys", "labels", "last", "max", "min",
        "properties", "range", "size", "split", "substring", "sum", "toFloat", "toInteger", "toLower", "toString",
        "toUpper", "trim", "type",
    ]

    /// The names in use in `store` (nothing when it cannot be read).
    static func names(in store: Store, parameters: [String]) -> Completion {
        var c = Completion(parameters: parameters)
        _ = try? store.read { tx in
            c.labels = try tx.labels().map(\.name)
            c.types = try tx.relationshipTypes().map(\.name)
            c.keys = Array(Set(try tx.propertyKeys().map(\.name) + tx.relationshipPropertyKeys().map(\.name))).sorted()
        }
        return c
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// The candidates for the word that ends `before` (the line up to the
    /// cursor), each a whole word that starts with it.
    func candidates(_ before: String) -> [String] {
        let word = String(before.reversed().prefix { Self.isWordCharacter($0) }.reversed())
        let head = before.dropLast(word.count)
        let trimmed = before.drop { $0 == " " }
        if trimmed.hasPrefix(":") {
            if !trimmed.contains(" ") {
                return Self.metaCommands.filter { $0.hasPrefix(String(trimmed)) }.map { String($0.dropFirst()) }
            }
            let command = trimmed.prefix { $0 != " " }
            if command == ":format" { return OutputFormat.allCases.map(\.rawValue).filter { $0.hasPrefix(word) } }
            if command == ":timing" { return ["on", "off"].filter { $0.hasPrefix(word) } }
            if command != ":explain" && command != ":profile" { return [] }
        }
        switch head.last {
        case "$": return parameters.filter { $0.hasPrefix(word) }
        case ".": return keys.filter { $0.hasPrefix(word) }
        case ":", "|":
            return (Self.insideBrackets(head) ? types : labels).filter { $0.hasPrefix(word) }
        default:
            guard !word.isEmpty else { return [] }
            let lower = word == word.lowercased()
            let upper = word.uppercased()
            var found: [String] = []
            for k in Keyword.allCases where k.rawValue.hasPrefix(upper) {
                found.append(lower ? k.rawValue.lowercased() : k.rawValue)
            }
            for f in Self.functions where f.hasPrefix(word) { found.append(f) }
            return found.sorted()
        }
    }

    /// Whether the innermost open bracket before the end is `[` (a
    /// relationship pattern) rather than `(` (a node pattern).
    static func insideBrackets(_ text: Substring) -> Bool {
        var depth: [Character] = []
        var quote: Character? = nil
        for ch in text {
            if let q = quote {
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "'", "\"", "`": quote = ch
            case "(", "[", "{": depth.append(ch)
            case ")", "]", "}": _ = depth.popLast()
            default: break
            }
        }
        return depth.last == "["
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for w in words.dropFirst() {
            while !w.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// The candidates laid out in columns across `width` cells.
    static func columns(_ words: [String], width: Int) -> String {
        let cell = (words.map(displayWidth).max() ?? 0) + 2
        let perLine = max(1, width / cell)
        var out = ""
        for (i, w) in words.enumerated() {
            out += w
            if (i + 1) % perLine == 0 || i == words.count - 1 {
                out += "\n"
            } else {
                out += String(repeating: " ", count: cell - displayWidth(w))
            }
        }
        return out
    }
}
