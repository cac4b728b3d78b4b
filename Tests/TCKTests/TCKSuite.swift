import Foundation

/// The openCypher TCK folder: its features and tier lists.
enum TCKLocation {
    /// The TCK folder: `LORE_TCK_DIR` if set, else the first `shared/tck`
    /// found walking up from this file (the repository sits beside
    /// `shared/`). Nil, with a message printed once, when there is none.
    static let directory: URL? = {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["LORE_TCK_DIR"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override))
        } else {
            var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            while folder.path != "/" {
                candidates.append(folder.appendingPathComponent("shared/tck"))
                folder.deleteLastPathComponent()
            }
        }
        for candidate in candidates
        where fileManager.fileExists(atPath: candidate.appendingPathComponent("features").path) {
            return candidate
        }
        let override = ProcessInfo.processInfo.environment["LORE_TCK_DIR"] ?? ""
        let place =
            override.isEmpty
            ? "shared/tck beside any folder above \(URL(fileURLWithPath: #filePath).deletingLastPathComponent().path)"
            : override
        print(
            """
            ********************************************************************
            TCK scenarios not found at \(place); skipping.
            Set LORE_TCK_DIR to the folder holding features/ and tier1.txt.
            ********************************************************************
            """)
        return nil
    }()

    static var isAvailable: Bool { directory != nil }

    /// The feature paths of a tier list (`tier1.txt`), relative to the TCK
    /// folder.
    static func tier(_ name: String) throws -> [String] {
        guard let directory else { return [] }
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).map { String($0).trimmingWhitespace() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// The package's root folder (this file is in `Tests/TCKTests/`).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The ratchet: tier-1 scenarios that must keep passing.
    static let ratchetFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("passing-tier1.txt")

    /// Where the per-scenario outcomes go: a folder under the system's
    /// temporary directory, one per checkout, never inside the repository.
    static var reportDirectory: URL {
        let tag = packageRoot.path.split(separator: "/").joined(separator: "_")
        return FileManager.default.temporaryDirectory.appendingPathComponent("lore-tck/\(tag)")
    }
}

/// A scenario with its stable identifier.
struct IdentifiedScenario: Sendable {
    /// `<feature path> / <name>[ [n]][ #k]`.
    var identifier: String
    var scenario: GherkinScenario
}

/// One outcome in a tier run.
struct ScenarioOutcome: Sendable {
    var identifier: String
    var feature: String
    var status: ScenarioStatus
    /// How long the scenario took, store setup included.
    var seconds: Double = 0
}

/// Loads feature files and runs them.
enum TCKSuite {
    /// The feature path as identifiers show it: relative to `features/`.
    static func displayPath(_ tierPath: String) -> String {
        tierPath.hasPrefix("features/") ? String(tierPath.dropFirst("features/".count)) : tierPath
    }

    /// The scenarios of a parsed feature with their identifiers: the
    /// feature path, ` / `, the scenario name; ` [n]` (1-based) when several
    /// scenarios of the file share the name; ` #k` for the k-th example row
    /// of an outline.
    static func identify(_ feature: GherkinFeature, path: String) -> [IdentifiedScenario] {
        var lines: [String: Set<Int>] = [:]
        for scenario in feature.scenarios { lines[scenario.name, default: []].insert(scenario.line) }
        var result: [IdentifiedScenario] = []
        for scenario in feature.scenarios {
            var identifier = path + " / " + scenario.name
            if let starts = lines[scenario.name], starts.count > 1 {
                identifier += " [\(starts.sorted().firstIndex(of: scenario.line)! + 1)]"
            }
            if let k = scenario.exampleIndex { identifier += " #\(k)" }
            result.append(IdentifiedScenario(identifier: identifier, scenario: scenario))
        }
        return result
    }

    /// Reads and identifies the scenarios of one feature file.
    static func load(_ tierPath: String) throws -> [IdentifiedScenario] {
        guard let directory = TCKLocation.directory else { return [] }
        let url = directory.appendingPathComponent(tierPath)
        let text = try String(contentsOf: url, encoding: .utf8)
        do {
            return identify(try Gherkin.parse(text), path: displayPath(tierPath))
        } catch {
            throw GherkinError(line: 0, message: "\(tierPath): \(error)")
        }
    }

    /// Runs every scenario of the tier list `tierFile`, printing per-file
    /// counts and a closing `TCK <label>: N passed, M failed` line, and
    /// writing every outcome with its reason to the report directory.
    static func run(tierFile: String, label: String, reportOnly: Bool = false) throws -> [ScenarioOutcome] {
        let started = Date()
        var outcomes: [ScenarioOutcome] = []
        var summary: [String] = []
        for tierPath in try TCKLocation.tier(tierFile) {
            let path = displayPath(tierPath)
            var fileOutcomes: [ScenarioOutcome] = []
            do {
                for item in try load(tierPath) {
                    let clock = ContinuousClock()
                    let start = clock.now
                    let status = ScenarioRunner.run(item.scenario)
                    let elapsed = clock.now - start
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                    fileOutcomes.append(
                        ScenarioOutcome(identifier: item.identifier, feature: path, status: status, seconds: seconds))
                }
            } catch {
                fileOutcomes.append(
                    ScenarioOutcome(
                        identifier: path + " / (file)", feature: path, status: .failed("cannot read: \(error)")))
            }
            let passed = fileOutcomes.filter(\.status.isPassed).count
            let skipped = fileOutcomes.filter { if case .skipped = $0.status { true } else { false } }.count
            summary.append(
                "\(path): \(passed)/\(fileOutcomes.count - skipped)" + (skipped > 0 ? " (\(skipped) skipped)" : ""))
            outcomes += fileOutcomes
        }
        let passed = outcomes.filter(\.status.isPassed).count
        let skipped = outcomes.filter { if case .skipped = $0.status { true } else { false } }.count
        let failed = outcomes.count - passed - skipped
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        var closing = "TCK \(label): \(passed) passed, \(failed) failed"
        if skipped > 0 { closing += ", \(skipped) skipped" }
        if reportOnly {
            // Not a gate: worded so that nothing reads it as a test run's verdict.
            closing = "TCK \(label) (report only): \(passed) of \(outcomes.count - skipped) scenarios pass"
        }
        let report = try writeReport(outcomes, label: label, closing: closing)
        print(summary.joined(separator: "\n"))
        print("TCK \(label) outcomes (\(seconds) s): \(report.path)")
        print(closing)
        return outcomes
    }

    private static func writeReport(_ outcomes: [ScenarioOutcome], label: String, closing: String) throws -> URL {
        let directory = TCKLocation.reportDirectory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("\(label).txt")
        var text = closing + "\n\nSlowest scenarios:\n"
        for outcome in outcomes.sorted(by: { $0.seconds > $1.seconds }).prefix(10) {
            text += String(format: "  %8.3f s  ", outcome.seconds) + outcome.identifier + "\n"
        }
        text += "\n"
        for outcome in outcomes {
            switch outcome.status {
            case .passed: text += "PASS \(outcome.identifier)\n"
            case .skipped(let why): text += "SKIP \(outcome.identifier): \(why)\n"
            case .failed(let why): text += "FAIL \(outcome.identifier)\n" + ScenarioRunner.indent(why) + "\n"
            }
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }
}

/// The checked-in list of tier-1 scenarios that must keep passing.
///
/// Run with `LORE_TCK_UPDATE=1` to rewrite it with the scenarios passing
/// now: `LORE_TCK_UPDATE=1 swift test --filter TCK`.
enum Ratchet {
    static let header = """
        # Tier-1 openCypher TCK scenarios that must keep passing, one identifier a line:
        # <feature path> / <scenario name>[ [n] when names repeat in a file][ #k for outline example k].
        # Regenerate from the current results: LORE_TCK_UPDATE=1 swift test --filter TCK
        # (see Tests/TCKTests/README.md).

        """

    static var updateRequested: Bool { ProcessInfo.processInfo.environment["LORE_TCK_UPDATE"] == "1" }

    /// The identifiers listed in the file (empty if there is none).
    static func read() throws -> [String] {
        guard FileManager.default.fileExists(atPath: TCKLocation.ratchetFile.path) else { return [] }
        let text = try String(contentsOf: TCKLocation.ratchetFile, encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingWhitespace().isEmpty && !$0.hasPrefix("#") }
    }

    /// Rewrites the file with the passing scenarios, in run order.
    static func write(_ outcomes: [ScenarioOutcome]) throws {
        let passing = outcomes.filter(\.status.isPassed).map(\.identifier)
        let text = header + "\n" + passing.map { $0 + "\n" }.joined()
        try text.write(to: TCKLocation.ratchetFile, atomically: true, encoding: .utf8)
    }

    /// The listed scenarios that did not pass, each with why.
    static func regressions(listed: [String], outcomes: [ScenarioOutcome]) -> [String] {
        let byIdentifier = Dictionary(outcomes.map { ($0.identifier, $0.status) }, uniquingKeysWith: { a, _ in a })
        return listed.compactMap { identifier in
            switch byIdentifier[identifier] {
            case .passed?: return nil
            case .failed(let why)?: return identifier + "\n" + ScenarioRunner.indent(why)
            case .skipped(let why)?: return identifier + ": skipped (\(why))"
            case nil: return identifier + ": no such scenario in tier 1"
            }
        }
    }
}
