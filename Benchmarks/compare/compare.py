#!/usr/bin/env python3
"""Load one generated data set into SQLite, Kuzu and Lore, run the query mix on each,
check that every engine returns the expected number of rows for every parameter
set, and print one table.

    python3 Benchmarks/compare/compare.py --entities 100000

Each engine is loaded in a fresh process (its wall time and peak RSS are the load
numbers) and queried in another fresh process (the query numbers), so that no
engine sees another's caches. See Benchmarks/README.md for what each number means.

Internal modes, used by the above (each prints one JSON object on stdout):

    compare.py _load sqlite|kuzu --data DIR --db PATH
    compare.py _bench sqlite|kuzu --db PATH --queries FILE --repeat K --warmup W

`_bench` prints the same object as `lore-bench`, plus per query "rows": the row
count of each parameter set.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)

from generate import SCHEMA, default_out, write_all  # noqa: E402

ENGINES = ("sqlite", "kuzu", "lore")


# ---------------------------------------------------------------------------
# SQLite
# ---------------------------------------------------------------------------

SQL_TYPE = {"int": "INTEGER", "float": "REAL", "string": "TEXT", "date": "TEXT",
            "bool": "INTEGER"}
# Property indexes the query mix filters or sorts on (what a SQLite user would add).
SQL_PROP_INDEXES = [("company", "country"), ("company", "name"), ("model", "params_b"),
                    ("invested_in", "round, amount")]  # covering the group-by


def sql_table(name: str) -> str:
    return name.lower()


def sqlite_load(data: str, path: str) -> dict:
    import sqlite3

    conv = {"int": int, "float": float, "string": str, "date": str,
            "bool": lambda s: 1 if s == "true" else 0}
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")  # bulk load: one transaction, durability at the end
    con.execute("PRAGMA cache_size=-262144")
    con.execute("BEGIN")
    ids: dict[str, dict[str, int]] = {}
    for label, cols in SCHEMA["nodes"].items():
        t = sql_table(label)
        coldefs = ", ".join(f"{c} {SQL_TYPE[ty]}" for c, ty in cols)
        con.execute(f"CREATE TABLE {t} (id INTEGER PRIMARY KEY, key TEXT NOT NULL, {coldefs})")
        fns = [conv[ty] for _, ty in cols]
        keymap = ids[label] = {}
        ph = ", ".join("?" * (len(cols) + 2))

        def rows(label=label, fns=fns, keymap=keymap):
            with open(os.path.join(data, "csv", f"{label}.csv"), encoding="utf-8",
                      newline="") as f:
                rd = csv.reader(f)
                next(rd)
                for i, r in enumerate(rd, 1):
                    keymap[r[0]] = i
                    yield (i, r[0], *[fn(v) if v != "" else None for fn, v in zip(fns, r[1:])])

        con.executemany(f"INSERT INTO {t} VALUES ({ph})", rows())
    for rtype, (fl, tl, cols) in SCHEMA["rels"].items():
        t = sql_table(rtype)
        coldefs = "".join(f", {c} {SQL_TYPE[ty]}" for c, ty in cols)
        con.execute(f"CREATE TABLE {t} (src INTEGER NOT NULL, dst INTEGER NOT NULL{coldefs})")
        fns = [conv[ty] for _, ty in cols]
        ph = ", ".join("?" * (len(cols) + 2))

        def rels(rtype=rtype, fm=ids[fl], tm=ids[tl], fns=fns):
            with open(os.path.join(data, "csv", f"{rtype}.csv"), encoding="utf-8",
                      newline="") as f:
                rd = csv.reader(f)
                next(rd)
                for r in rd:
                    yield (fm[r[0]], tm[r[1]],
                           *[fn(v) if v != "" else None for fn, v in zip(fns, r[2:])])

        con.executemany(f"INSERT INTO {t} VALUES ({ph})", rels())
    # Indexes after the rows (faster than maintaining them row by row).
    for label in SCHEMA["nodes"]:
        t = sql_table(label)
        con.execute(f"CREATE UNIQUE INDEX {t}_key ON {t}(key)")
    for t, c in SQL_PROP_INDEXES:
        con.execute(f"CREATE INDEX {t}_{c.split(',')[0]} ON {t}({c})")
    for rtype in SCHEMA["rels"]:
        t = sql_table(rtype)
        con.execute(f"CREATE INDEX {t}_src ON {t}(src, dst)")
        con.execute(f"CREATE INDEX {t}_dst ON {t}(dst, src)")
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return {"engine": "sqlite", "version": sqlite3.sqlite_version}


def sqlite_runner(path: str):
    import sqlite3

    con = sqlite3.connect(path, isolation_level=None, cached_statements=256)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")  # a commit is durable, as Lore's is
    con.execute("PRAGMA cache_size=-262144")  # 256 MiB page cache
    con.execute("PRAGMA mmap_size=4294967296")  # read pages through the OS cache, as LMDB does

    def prepare(q):
        sql = q["sql"]
        if not q.get("write"):
            def run(p):
                return len(con.execute(sql, p).fetchall())
            return run
        stmts = sql if isinstance(sql, list) else [sql]

        def write(p):
            n = 0
            con.execute("BEGIN IMMEDIATE")
            for s in stmts:
                n += len(con.execute(s, p).fetchall())
            con.execute("COMMIT")
            return n
        return write

    return {"engine": "sqlite", "version": sqlite3.sqlite_version}, prepare


# ---------------------------------------------------------------------------
# Kuzu
# ---------------------------------------------------------------------------

KUZU_TYPE = {"int": "INT64", "float": "DOUBLE", "string": "STRING", "date": "DATE",
             "bool": "BOOLEAN"}


def kuzu_load(data: str, path: str) -> dict:
    import kuzu

    db = kuzu.Database(path)
    con = kuzu.Connection(db)
    for label, cols in SCHEMA["nodes"].items():
        coldefs = "".join(f", {c} {KUZU_TYPE[ty]}" for c, ty in cols)
        con.execute(f"CREATE NODE TABLE {label}(key STRING{coldefs}, PRIMARY KEY(key))")
    for rtype, (fl, tl, cols) in SCHEMA["rels"].items():
        coldefs = "".join(f", {c} {KUZU_TYPE[ty]}" for c, ty in cols)
        con.execute(f"CREATE REL TABLE {rtype}(FROM {fl} TO {tl}{coldefs})")
    for name in list(SCHEMA["nodes"]) + list(SCHEMA["rels"]):
        f = os.path.join(data, "csv", f"{name}.csv").replace("'", "''")
        con.execute(f"COPY {name} FROM '{f}' (HEADER=true)")
    con.execute("CHECKPOINT")
    con.close()
    db.close()
    return {"engine": "kuzu", "version": kuzu.__version__}


def kuzu_runner(path: str, threads: int):
    import kuzu

    warnings.filterwarnings("ignore", category=DeprecationWarning)  # prepare() is kept on purpose
    db = kuzu.Database(path)
    con = kuzu.Connection(db, num_threads=threads)

    def prepare(q):
        stmt = con.prepare(q.get("kuzu", q["cypher"]))

        def run(p):
            res = con.execute(stmt, p)
            n = len(res.get_all())
            res.close()
            return n
        return run

    return {"engine": "kuzu", "version": kuzu.__version__, "threads": threads}, prepare


# ---------------------------------------------------------------------------
# Measuring (the same loop for every Python-driven engine)
# ---------------------------------------------------------------------------

def percentile(sorted_ns: list[int], p: float) -> int:
    """Nearest-rank percentile."""
    return sorted_ns[max(0, math.ceil(p / 100 * len(sorted_ns)) - 1)]


def bench(prepare, queries: dict, repeat: int, warmup: int) -> dict:
    out = {}
    clock = time.perf_counter_ns
    for q in queries["queries"]:
        run = prepare(q)
        params = q["params"] or [{}]
        np_ = len(params)
        # Run r, counted across warm-up and measured runs, uses params[r % len(params)]
        # (so that each write run takes a fresh parameter set).
        for r in range(warmup):
            run(params[r % np_])
        times, rows = [], [None] * np_
        unstable = False
        total_rows = 0
        for r in range(warmup, warmup + repeat):
            i = r % np_
            p = params[i]
            t0 = clock()
            n = run(p)
            t1 = clock()
            times.append(t1 - t0)
            total_rows += n
            if rows[i] is None:
                rows[i] = n
            elif rows[i] != n and not q.get("write"):
                unstable = True
        times.sort()
        out[q["id"]] = {"n": repeat, "median_ns": int(statistics.median(times)),
                        "p99_ns": percentile(times, 99), "rows_avg": total_rows / repeat,
                        "rows": rows}
        if unstable:
            out[q["id"]]["unstable_rows"] = True
        if q.get("verify"):
            out[q["id"]]["verify_rows"] = prepare(dict(q["verify"], write=False))({})
    return out


# ---------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------

def disk_bytes(path: str) -> int:
    """Allocated bytes under `path` (what du reports), sparse files counted as stored."""
    if os.path.isfile(path):
        return os.stat(path).st_blocks * 512
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            total += os.stat(os.path.join(d, f)).st_blocks * 512
    return total


def run_child(cmd: list[str], what: str, checked: bool = False) -> tuple[float, int, str]:
    """Run `cmd`, return (wall seconds, peak RSS bytes of that process, stdout).
    `checked`: the driver checks its own row counts and exits with status 1 after
    printing its results when one is wrong; that is reported by check_rows here,
    not raised."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=None, text=True)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0 and not (checked and p.returncode == 1 and out.strip()):
        raise RuntimeError(f"{what} failed with status {p.returncode}: {' '.join(cmd)}")
    return wall, ru.ru_maxrss * 1024, out


def has_subcommand(binary: str, name: str) -> bool:
    """Whether `binary --help` lists the subcommand `name`."""
    if not os.access(binary, os.X_OK):
        return False
    r = subprocess.run([binary, "--help"], capture_output=True, text=True)
    text = r.stdout.split("SUBCOMMANDS:", 1)
    return r.returncode == 0 and len(text) == 2 and any(
        line.split()[:1] == [name] for line in text[1].splitlines())


def last_json(text: str) -> dict:
    """The last JSON object a driver printed (one line or pretty-printed), whatever
    lines precede it."""
    dec = json.JSONDecoder()
    starts = [i for i in range(len(text)) if text[i] == "{" and (i == 0 or text[i - 1] == "\n")]
    for pos in reversed(starts):
        try:
            obj, _ = dec.raw_decode(text, pos)
            return obj
        except ValueError:
            continue
    raise ValueError("no JSON object in the driver's output")


def ensure_data(n: int, seed: int, data: str, nparams: int) -> dict:
    meta_path = os.path.join(data, "meta.json")
    sources = [os.path.join(BENCH, f) for f in ("generate.py", "params.py", "queries.json")]
    fresh = False
    if os.path.exists(meta_path):
        with open(meta_path) as f:
            meta = json.load(f)
        newest = max(os.path.getmtime(s) for s in sources)
        fresh = (meta.get("seed") == seed and meta.get("entities") == n
                 and meta.get("param_sets") == nparams
                 and os.path.getmtime(meta_path) >= newest
                 and os.path.exists(os.path.join(data, "queries.json")))
    if not fresh:
        print(f"generating {n} entities (seed {seed}) into {data}", file=sys.stderr)
        meta = write_all(n, seed, data, nparams)
    return meta


def check_rows(engine: str, res: dict, queries: dict, repeat: int, warmup: int) -> list[str]:
    """Every engine must return expected_rows[i] rows for params[i]."""
    errors = []
    for q in queries["queries"]:
        r = res.get(q["id"])
        if r is None:
            continue
        exp = q["expected_rows"]
        if r.get("rows") is not None:
            for i, (got, want) in enumerate(zip(r["rows"], exp)):
                if got is not None and got != want:
                    errors.append(f"{engine}: {q['id']} params[{i}] {q['params'][i]}: "
                                  f"{got} rows, expected {want}")
        else:  # only the average is known: compare with the expected average
            n = r.get("n") or repeat
            want = sum(exp[j % len(exp)] for j in range(warmup, warmup + n)) / n
            if abs(r.get("rows_avg", -1) - want) > 1e-6 * max(1.0, want):
                errors.append(f"{engine}: {q['id']}: rows_avg {r.get('rows_avg')}, "
                              f"expected {want}")
        if q.get("verify") and "verify_rows" in r:
            want = min(len(q["params"]), warmup + (r.get("n") or repeat))
            if r["verify_rows"] != want:
                errors.append(f"{engine}: {q['id']}: the check after the writes found "
                              f"{r['verify_rows']} rows, expected {want}")
        if r.get("unstable_rows"):
            errors.append(f"{engine}: {q['id']}: row count changed between runs of one set")
    return errors


def cross_check(results: dict, queries: dict) -> list[str]:
    """Engines that report per-set counts must agree with each other set by set."""
    errors = []
    names = [e for e in results if e != "floor" and results[e].get("queries")]
    for q in queries["queries"]:
        per = {e: results[e]["queries"].get(q["id"], {}).get("rows") for e in names}
        per = {e: r for e, r in per.items() if r is not None}
        if len(per) < 2:
            continue
        base_e, base = next(iter(per.items()))
        for e, r in per.items():
            for i, (a, b) in enumerate(zip(base, r)):
                if a != b:
                    errors.append(f"{base_e} and {e} disagree on {q['id']} params[{i}]: "
                                  f"{a} vs {b}")
    return errors


def machine() -> dict:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
    except OSError:
        load = "unknown"
    return {"nproc": os.cpu_count(), "memory_gib": round(mem / 2**30, 1), "cpu": cpu,
            "loadavg_at_end": load,
            "os": platform.platform(), "python": platform.python_version()}


def fmt_us(ns) -> str:
    if ns is None:
        return "—"
    us = ns / 1000
    if us >= 100:
        return f"{us:,.0f}"
    if us >= 10:
        return f"{us:.1f}"
    return f"{us:.2f}"


def fmt_ratio(a, b) -> str:
    if a is None or b is None or b == 0:
        return "—"
    r = a / b
    return f"{r:,.0f}" if r >= 100 else f"{r:.3g}"


def render(report: dict) -> str:
    res = report["results"]
    eng = report["engines"]
    qids = [q["id"] for q in report["queries"]]
    rows_by_id = {q["id"]: q for q in report["queries"]}

    def med(e, qid, key="median_ns"):
        return res.get(e, {}).get("queries", {}).get(qid, {}).get(key)

    m = report["machine"]
    lines = [f"- date: {report['date']}",
             f"- machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB memory, "
             f"{m['os']}, Python {m['python']}; load average at the end {m['loadavg_at_end']} "
             f"(other work shares the machine: compare ratios, not absolute times)",
             f"- command: `{report['command']}`", ""]
    lines.append(f"{report['entities']:,} entities, {report['records']:,} records "
                 f"(seed {report['seed']}), {report['repeat']} runs per query after "
                 f"{report['warmup']} warm-up runs, parameters cycled.")
    lines.append("")
    for e in ("sqlite", "kuzu", "lore", "floor"):
        v = res.get(e, {})
        if v.get("skipped"):
            lines.append(f"- {e}: {v['skipped']}")
        elif v:
            extra = f", {v['threads']} thread(s)" if "threads" in v else ""
            lines.append(f"- {e}: {v.get('version', '?')}{extra}")
    lines.append("")
    for key, title in (("median_ns", "Median latency, µs"), ("p99_ns", "p99 latency, µs")):
        lines.append(f"**{title}** (lower is better)")
        lines.append("")
        lines.append("| query | rows (avg) | SQLite | Kuzu | Lore | floor | Lore/floor | "
                     "Lore/SQLite | Lore/Kuzu |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for qid in qids:
            exp = rows_by_id[qid]["expected_rows"]
            ravg = sum(exp) / len(exp)
            s, k, l, f = (med(e, qid, key) for e in ("sqlite", "kuzu", "lore", "floor"))
            lines.append(f"| {qid} | {ravg:,.1f} | {fmt_us(s)} | {fmt_us(k)} | {fmt_us(l)} | "
                         f"{fmt_us(f)} | {fmt_ratio(l, f)} | {fmt_ratio(l, s)} | "
                         f"{fmt_ratio(l, k)} |")
        lines.append("")
    lines.append("**Load**")
    lines.append("")
    lines.append("| engine | load s | records/s | on disk MiB | peak RSS MiB |")
    lines.append("| --- | ---: | ---: | ---: | ---: |")
    for e in eng:
        ld = res.get(e, {}).get("load")
        if not ld:
            lines.append(f"| {e} | — | — | — | — |")
            continue
        lines.append(f"| {e} | {ld['seconds']:.1f} | {ld['records_per_s']:,.0f} | "
                     f"{ld['disk_bytes'] / 2**20:,.1f} | {ld['peak_rss_bytes'] / 2**20:,.0f} |")
    lines.append("")
    if "lore" in eng and res.get("lore", {}).get("skipped"):
        lines.append("Lore was not built for this run (no `lore-bench` executable), so "
                     "the Lore and floor columns and the ratios are empty.")
        lines.append("")
    if report["errors"]:
        lines.append("**Row-count check FAILED**")
        lines.append("")
        lines += [f"- {e}" for e in report["errors"]]
    else:
        checked = [e for e in eng if res.get(e, {}).get("queries")]
        lines.append(f"Row counts match the generator's expected counts for every parameter "
                     f"set, and each other: {', '.join(checked) or 'no engine ran'}.")
    return "\n".join(lines) + "\n"


RESULTS_HEAD = """# Benchmark results

The latest run of `Benchmarks/compare/compare.py` (see README.md for what each
number means). Times are comparable only within one run, on one machine.

"""

RESULTS_TAIL = ""


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare Lore with SQLite and Kuzu on one "
                                             "generated data set.")
    ap.add_argument("--entities", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--repeat", type=int, default=200, help="measured runs per query")
    ap.add_argument("--warmup", type=int, default=20, help="unmeasured runs per query first")
    ap.add_argument("--params", type=int, default=50, help="parameter sets per query")
    ap.add_argument("--engines", default="sqlite,kuzu,lore")
    ap.add_argument("--data", help="data folder (default Benchmarks/data/<N>/)")
    ap.add_argument("--out", help="work and result folder (default Benchmarks/out/<N>/)")
    ap.add_argument("--lore-bin", default=os.path.join(ROOT, ".build", "release", "lore"))
    ap.add_argument("--lore-bench-bin",
                    default=os.path.join(ROOT, ".build", "release", "lore-bench"))
    ap.add_argument("--write-results", action="store_true",
                    help="also write the table to Benchmarks/RESULTS.md")
    ap.add_argument("--kuzu-threads", type=int, default=1,
                    help="threads per Kuzu query (1: as the single-threaded engines)")
    a = ap.parse_args(argv)

    engines = [e.strip() for e in a.engines.split(",") if e.strip()]
    for e in engines:
        if e not in ENGINES:
            ap.error(f"unknown engine {e!r} (choose from {', '.join(ENGINES)})")
    data = os.path.abspath(a.data or default_out(a.entities))
    out = os.path.abspath(a.out or os.path.join(BENCH, "out", str(a.entities)))
    meta = ensure_data(a.entities, a.seed, data, a.params)
    qfile = os.path.join(data, "queries.json")
    with open(qfile) as f:
        queries = json.load(f)
    os.makedirs(out, exist_ok=True)
    records = meta["records"]
    me = os.path.abspath(__file__)
    results: dict = {}
    errors: list[str] = []
    bench_args = ["--queries", qfile, "--repeat", str(a.repeat), "--warmup", str(a.warmup)]

    for e in engines:
        if e == "lore":
            if not os.access(a.lore_bench_bin, os.X_OK):
                rel = os.path.relpath(a.lore_bench_bin, ROOT)
                msg = f"not built, skipped ({rel} missing): its columns are empty"
                print(f"lore: {msg}", file=sys.stderr)
                results["lore"] = {"skipped": msg}
                results["floor"] = {"skipped": "lore-bench not built, skipped"}
                continue
            db = os.path.join(out, "lore")
            shutil.rmtree(db, ignore_errors=True)
            shutil.rmtree(db + "-floor", ignore_errors=True)
            # `lore import` when the command has it, else lore-bench's own import
            # (the same JSON Lines format, through the record API).
            loader = ([a.lore_bin, "import"] if has_subcommand(a.lore_bin, "import")
                      else [a.lore_bench_bin, "import"])
            load_cmd = loader + ["--db", db, os.path.join(data, "lore.jsonl")]
        else:
            db = os.path.join(out, "sqlite.db" if e == "sqlite" else "kuzu.kz")
            for suffix in ("", "-wal", "-shm", ".wal", ".shadow"):
                if os.path.isdir(db + suffix):
                    shutil.rmtree(db + suffix)
                elif os.path.exists(db + suffix):
                    os.remove(db + suffix)
            load_cmd = [sys.executable, me, "_load", e, "--data", data, "--db", db]
        print(f"{e}: loading {records:,} records", file=sys.stderr, flush=True)
        wall, rss, lout = run_child(load_cmd, f"{e} load")
        size = sum(disk_bytes(p) for p in _db_paths(db))
        load = {"seconds": round(wall, 3), "records": records,
                "records_per_s": round(records / wall), "disk_bytes": size,
                "peak_rss_bytes": rss}
        print(f"{e}: loaded in {wall:.1f}s ({records / wall:,.0f} records/s), "
              f"{size / 2**20:.1f} MiB on disk, peak RSS {rss / 2**20:.0f} MiB",
              file=sys.stderr, flush=True)

        if e == "lore":
            # The floor writes too (merge_write): it gets a copy of the store as
            # loaded, so that both start from the same state.
            shutil.copytree(db, db + "-floor")
            runs = [("lore", [a.lore_bench_bin, "--db", db] + bench_args),
                    ("floor", [a.lore_bench_bin, "--floor", "--db", db + "-floor"] + bench_args)]
        else:
            runs = [(e, [sys.executable, me, "_bench", e, "--db", db,
                         "--kuzu-threads", str(a.kuzu_threads)] + bench_args)]
        for name, cmd in runs:
            print(f"{name}: running {len(queries['queries'])} queries", file=sys.stderr,
                  flush=True)
            _, brss, bout = run_child(cmd, f"{name} bench", checked=e == "lore")
            r = last_json(bout)
            r["bench_peak_rss_bytes"] = brss
            if name == e:
                r["load"] = load
            results[name] = r
            if name != "floor":
                errors += check_rows(name, r.get("queries", {}), queries, a.repeat, a.warmup)
        if e == "lore":
            # The floor is hand-written access: it must agree too where it reports rows.
            errors += check_rows("floor", results["floor"].get("queries", {}), queries,
                                 a.repeat, a.warmup)
    errors += cross_check(results, queries)

    report = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
              "machine": machine(),
              "command": "python3 " + " ".join([os.path.relpath(me, ROOT)] +
                                               (argv if argv is not None else sys.argv[1:])),
              "entities": a.entities, "seed": a.seed, "records": records,
              "repeat": a.repeat, "warmup": a.warmup, "engines": engines,
              "queries": [{"id": q["id"], "cypher": q["cypher"],
                           "expected_rows": q["expected_rows"]} for q in queries["queries"]],
              "results": results, "errors": errors}
    table = render(report)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(table)
    if a.write_results:
        with open(os.path.join(BENCH, "RESULTS.md"), "w") as f:
            f.write(RESULTS_HEAD + table + RESULTS_TAIL)
    print(table)
    print(f"(written to {os.path.relpath(out, os.getcwd())}/results.md and results.json)",
          file=sys.stderr)
    if errors:
        print(f"FAILED: {len(errors)} row-count mismatch(es)", file=sys.stderr)
        sys.exit(1)


def _db_paths(db: str) -> list[str]:
    return [p for p in (db, db + "-wal", db + "-shm", db + ".wal") if os.path.exists(p)]


def internal(argv):
    mode, engine = argv[0], argv[1]
    ap = argparse.ArgumentParser(prog=f"compare.py {mode} {engine}")
    ap.add_argument("--db", required=True)
    ap.add_argument("--data")
    ap.add_argument("--queries")
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--kuzu-threads", type=int, default=1)
    a = ap.parse_args(argv[2:])
    if mode == "_load":
        info = (sqlite_load if engine == "sqlite" else kuzu_load)(a.data, a.db)
        print(json.dumps(info))
        return
    with open(a.queries) as f:
        queries = json.load(f)
    if engine == "sqlite":
        info, prepare = sqlite_runner(a.db)
    else:
        info, prepare = kuzu_runner(a.db, a.kuzu_threads)
    info["queries"] = bench(prepare, queries, a.repeat, a.warmup)
    print(json.dumps(info))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] in ("_load", "_bench"):
        internal(sys.argv[1:])
    else:
        main()
