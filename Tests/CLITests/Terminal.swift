import Foundation

/// Drives a process under a pseudo-terminal (through python3's pty module):
/// each step sends keys, then waits until the output (from that step on)
/// contains the expected text.
struct TerminalSession {
    struct Step {
        var send: String
        var expect: String
        /// Seconds of processor time the program must use after the keys
        /// are sent (a long query has started, not merely been typed); the
        /// step does not then wait for the next prompt.
        var busy: Double = 0
    }

    /// The python side: forks the program on a pty with HOME and NO_COLOR
    /// set, plays the steps from a JSON file, prints a JSON report.
    private static let driver = #"""
        import json, os, pty, select, sys, time
        home, steps_path, program = sys.argv[1], sys.argv[2], sys.argv[3:]
        steps = json.load(open(steps_path))
        pid, fd = pty.fork()
        if pid == 0:
            os.environ['HOME'] = home
            os.environ['NO_COLOR'] = '1'
            os.environ['COLUMNS'] = '100'
            os.execv(program[0], program)
        out = b''
        def wait_for(text, start, timeout=60.0):
            global out
            end = time.time() + timeout
            while time.time() < end:
                if text.encode() in out[start:]:
                    return True
                r, _, _ = select.select([fd], [], [], 0.05)
                if r:
                    try:
                        d = os.read(fd, 65536)
                    except OSError:
                        return text.encode() in out[start:]
                    if not d:
                        return text.encode() in out[start:]
                    out += d
            return False
        def cpu_seconds():
            with open('/proc/%d/stat' % pid) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
        def wait_busy(seconds, timeout=60.0):
            start = cpu_seconds()
            end = time.time() + timeout
            while time.time() < end:
                if cpu_seconds() - start >= seconds:
                    return True
                wait_for('\x00', len(out), 0.05)
            return False
        def wait_for_prompt(timeout=30.0):
            end = time.time() + timeout
            while time.time() < end and not out.endswith(b'> '):
                wait_for('\x00', len(out), 0.1)
        results = []
        wait_for('> ', 0)
        for step in steps:
            start = len(out)
            try:
                os.write(fd, step['send'].encode())
            except OSError:
                results.append(False)
                continue
            ok = wait_for(step['expect'], start)
            if step['busy'] > 0:
                results.append(ok and wait_busy(step['busy']))
                continue
            results.append(ok)
            # Keys typed before the next prompt may be dropped when the
            # editor switches the terminal's mode: wait for it.
            if step['send'].endswith('\n'):
                wait_for_prompt()
        status = None
        try:
            wait_for_prompt()
            os.write(fd, b'\x04')
        except OSError:
            pass
        end = time.time() + 60
        resend = time.time() + 2
        while time.time() < end and status is None:
            wait_for('\x00', len(out), 0.1)
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = os.waitstatus_to_exitcode(st)
            elif time.time() > resend:
                # A Ctrl-D typed while the editor switches terminal modes
                # can be lost: press it again, as a person would.
                resend = time.time() + 2
                try:
                    os.write(fd, b'\x04')
                except OSError:
                    pass
        if status is None:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            status = -9
        print(json.dumps({'ok': results, 'output': out.decode('utf-8', 'replace'), 'status': status}))
        """#

    /// Runs `executable` (a product) with `arguments` under a terminal.
    static func run(_ executable: String, _ arguments: [String], home: String, steps: [Step]) throws -> (
        ok: [Bool], output: String, status: Int
    ) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lore-pty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("drive.py")
        try driver.write(to: script, atomically: true, encoding: .utf8)
        let stepsFile = dir.appendingPathComponent("steps.json")
        let json = try JSONSerialization.data(
            withJSONObject: steps.map { ["send": $0.send, "expect": $0.expect, "busy": $0.busy] as [String: Any] })
        try json.write(to: stepsFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let program = productsDirectory.appendingPathComponent(executable).path
        process.arguments = ["python3", script.path, home, stepsFile.path, program] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let report = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return ([], String(decoding: data, as: UTF8.self), -1)
        }
        return (report["ok"] as? [Bool] ?? [], report["output"] as? String ?? "", report["status"] as? Int ?? -1)
    }
}
