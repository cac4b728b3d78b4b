/// Cuts a script into statements at top-level `;`.
///
/// A `;` inside a string, a back-quoted name or a comment does not end a
/// statement. The splitter does not parse: it only knows where strings,
/// names and comments start and end, so it never fails; a malformed
/// statement is reported when it is parsed. Pieces holding only whitespace
/// and comments are dropped. Cost: one pass over the UTF-8 bytes.
public enum ScriptSplitter {
    /// One statement cut from a script.
    public struct Piece: Sendable, Hashable {
        /// The statement's text, from its first token up to (not including) the `;`.
        public var text: String
        /// Where `text` starts in the script; pass it to `Parser.parse(_:startingAt:)`.
        public var start: SourceLocation

        /// Creates a piece.
        public init(text: String, start: SourceLocation) {
            self.text = text
            self.start = start
        }
    }

    /// Splits `script` into statements.
    public static func split(_ script: String) -> [Piece] {
        let bytes = Array(script.utf8)
        var pieces: [Piece] = []
        var tracker = LocationTracker(start: .start)
        var position = 0
        var pieceStart: Int? = nil
        func finish(at end: Int) {
            if let start = pieceStart {
                var trimmedEnd = end
                while trimmedEnd > start, isSpace(bytes[trimmedEnd - 1]) { trimmedEnd -= 1 }
                pieces.append(
                    Piece(
                        text: String(decoding: bytes[start..<trimmedEnd], as: UTF8.self),
                        start: tracker.location(at: start, in: bytes)))
            }
            pieceStart = nil
        }
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: ";"):
                finish(at: position)
                position += 1
            case UInt8(ascii: "/") where position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "/"):
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            case UInt8(ascii: "/") where position + 1 < bytes.count && bytes[position + 1] == UInt8(ascii: "*"):
                position += 2
                while position < bytes.count,
                    !(bytes[position] == UInt8(ascii: "*") && position + 1 < bytes.count
                        && bytes[position + 1] == UInt8(ascii: "/"))
                {
                    position += 1
                }
                position = min(bytes.count, position + 2)
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                if pieceStart == nil { pieceStart = position }
                position += 1
                while position < bytes.count, bytes[position] != byte {
                    if bytes[position] == UInt8(ascii: "\\"), byte != UInt8(ascii: "`") { position += 1 }
                    position += 1
                }
                position = min(bytes.count, position + 1)
            default:
                if pieceStart == nil, !isSpace(byte) { pieceStart = position }
                position += 1
            }
        }
        finish(at: bytes.count)
        return pieces
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
