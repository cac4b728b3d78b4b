/// A position in LQL source text.
///
/// Lines and columns are 1-based. A column counts Unicode scalars from the
/// start of its line, so `é` written as one scalar is one column and a tab is
/// one column; editors that count grapheme clusters or UTF-16 units may show a
/// different column for lines holding such characters. A line ends after
/// `"\n"` (so `"\r\n"` also ends one line). `offset` is the number of UTF-8
/// bytes before the position, which indexes `String.utf8` directly.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int
    /// The 0-based offset in UTF-8 bytes from the start of the text.
    public var offset: Int

    /// Creates a location from its three coordinates; nothing is checked.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The start of a text: line 1, column 1, offset 0.
    public static let start = SourceLocation(line: 1, column: 1, offset: 0)

    /// `line:column`, the form error messages and tests use.
    public var description: String { "\(line):\(column)" }

    /// Orders locations by their byte offset.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        lhs.offset < rhs.offset
    }
}

/// A half-open stretch of LQL source text: from `start` up to, not including, `end`.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    /// The first position inside the range.
    public var start: SourceLocation
    /// The first position after the range.
    public var end: SourceLocation

    /// Creates a range; `end` should not come before `start`.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// An empty range at the start of the text, for trees built by hand.
    public static let none = SourceRange(start: .start, end: .start)

    /// The smallest range covering both `self` and `other`.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    /// The UTF-8 offsets of the range, for slicing `String.utf8`.
    public var offsets: Range<Int> { start.offset..<end.offset }

    /// `line:column-line:column`.
    public var description: String { "\(start)-\(end)" }
}

/// Wraps a piece of source detail (a range, or text as written) that takes no
/// part in equality.
///
/// Syntax trees compare by what they say, not by where or how they were
/// written: two parses of `RETURN 1+2` and `RETURN 1 + 2` give equal trees,
/// and so does parsing the printed form of a tree. Read the wrapped value as
/// a plain property; compare ranges explicitly when positions matter.
@propertyWrapper
public struct SourceDetail<Value: Sendable & Hashable>: Sendable, Hashable {
    /// The wrapped range or text.
    public var wrappedValue: Value

    /// Wraps a value.
    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    /// Always true: source detail never makes two trees differ.
    public static func == (lhs: SourceDetail, rhs: SourceDetail) -> Bool { true }

    /// Adds nothing, in keeping with `==`.
    public func hash(into hasher: inout Hasher) {}
}
