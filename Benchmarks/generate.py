#!/usr/bin/env python3
"""Seeded generator of benchmark knowledge graphs shaped like a domain of AI companies.

    python3 Benchmarks/generate.py --entities 100000 [--seed 42] [--out DIR]

Writes into DIR (default Benchmarks/data/<N>/):

    lore.jsonl          Lore's import format, nodes first, then relationships
    csv/<Label>.csv     one file per label, header ``key,name,...``
    csv/<TYPE>.csv      one file per relationship type, header ``from,to,<props>``
    schema.json         labels and types with typed property columns (SCHEMA below)
    params.json         concrete parameter sets per query id, with the expected row
                        count of each set (computed here from the generated graph,
                        independently of every engine)
    queries.json        Benchmarks/queries.json with ``params`` and ``expected_rows``
                        filled in: the one file a driver needs (lore-bench --queries)
    meta.json           seed, entity and relationship counts

The graph is a pure function of (entities, seed): one ``random.Random(seed)`` is
consumed in a fixed order, so two runs write byte-identical files.

Shape: about five relationships per entity, fan-out skewed (a few hub companies
and models collect most of the edges), DERIVED_FROM chains up to six deep, 2 to 6
typed properties per entity (the unique ``key`` counts as one), some properties
optional (absent in JSONL, empty in CSV, NULL in SQL).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from array import array
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# Schema: every engine's tables are derived from this (compare.py imports it).
# Types: int, float, string, date, bool. Optional columns may be absent.
# ---------------------------------------------------------------------------

SCHEMA = {
    "nodes": {
        "Company": [("name", "string"), ("founded", "int"), ("country", "string"),
                    ("valuation", "float"), ("employees", "int")],
        "Model": [("name", "string"), ("params_b", "float"), ("context_len", "int"),
                  ("released", "date"), ("open_weights", "bool")],
        "Product": [("name", "string"), ("category", "string"), ("launched", "int"),
                    ("price", "float")],
        "Person": [("name", "string"), ("born", "int")],
        "Investor": [("name", "string"), ("country", "string"), ("kind", "string"),
                     ("aum_b", "float")],
        "Event": [("name", "string"), ("kind", "string"), ("date", "date")],
    },
    # type: (from label, to label, [(prop, type), ...])
    "rels": {
        "RELEASED": ("Company", "Model", [("year", "int")]),
        "DERIVED_FROM": ("Model", "Model", [("method", "string")]),
        "OFFERS": ("Company", "Product", []),
        "WORKS_AT": ("Person", "Company", [("since", "int")]),
        "ABOUT": ("Event", "Company", []),
        "COMPETES_WITH": ("Company", "Company", []),
        "USES": ("Company", "Model", []),
        "INVESTED_IN": ("Investor", "Company", [("amount", "int"), ("round", "string"),
                                                 ("date", "date")]),
    },
}

# Share of the entities per label (sums to 1).
LABEL_SHARE = [("Company", 0.08), ("Model", 0.15), ("Product", 0.10),
               ("Person", 0.45), ("Investor", 0.07), ("Event", 0.15)]

# Relationships per entity for the types whose count is drawn rather than
# implied (RELEASED, OFFERS: one per model/product; DERIVED_FROM: ~0.8 per
# model; WORKS_AT: ~1.67 per person; ABOUT: ~2 per event). Total ~5.0.
USES_PER_ENTITY = 1.80
INVESTED_PER_ENTITY = 1.20
COMPETES_PER_ENTITY = 0.55

MAX_CHAIN = 6  # deepest DERIVED_FROM chain

COUNTRIES = ["China", "USA", "UK", "France", "Germany", "Japan", "Korea", "Canada",
             "Israel", "India", "Singapore", "UAE", "Sweden", "Switzerland", "Netherlands",
             "Brazil", "Australia", "Spain", "Italy", "Finland"]
# Weights skewed so that a few countries dominate (as in the domain).
COUNTRY_WEIGHTS = [30, 28, 8, 6, 5, 4, 3, 3, 2, 2, 2, 1.5, 1, 1, 1, 1, 0.8, 0.6, 0.6, 0.5]
SYLLABLES = ["ka", "zen", "mo", "qi", "lu", "ver", "sta", "no", "ri", "tek", "pha", "xi",
             "an", "del", "bai", "chu", "om", "ni", "sol", "tra", "vo", "lin", "mi", "dao",
             "hex", "jun", "kor", "ae", "ly", "quan", "ro", "sen", "tao", "ul", "wen", "yi"]
COMPANY_SUFFIX = ["AI", "Labs", "Tech", "Intelligence", "Systems", "Robotics", "Data", ""]
FIRST = ["Wei", "Li", "Ana", "Ben", "Chen", "Dara", "Eli", "Fang", "Gil", "Hana", "Ivo",
         "Jin", "Kai", "Lea", "Min", "Nia", "Omar", "Pei", "Qin", "Rui", "Sam", "Tao",
         "Uma", "Vik", "Xin", "Yan", "Zoe", "Hui", "Jun", "Mei"]
LAST = ["Zhang", "Wang", "Smith", "Liu", "Chen", "Yang", "Huang", "Garcia", "Kim", "Park",
        "Sato", "Mueller", "Martin", "Rossi", "Cohen", "Singh", "Nguyen", "Lopez", "Ivanov",
        "Zhao", "Sun", "Ma", "Hu", "Guo", "Lin", "He", "Gao", "Luo", "Zheng", "Xu"]
CONTEXT_LENS = ["2048", "4096", "8192", "32768", "131072", "200000", "1000000"]
CONTEXT_WEIGHTS = [5, 15, 25, 25, 20, 6, 4]
PRODUCT_CATEGORIES = ["chatbot", "api", "coding", "search", "agent", "image", "video",
                      "voice", "enterprise", "education"]
INVESTOR_KINDS = ["vc", "corporate", "state", "angel", "pe"]
EVENT_KINDS = ["launch", "funding", "ipo", "partnership", "conference", "acquisition",
               "regulation"]
DERIVE_METHODS = ["fine-tune", "distill", "merge", "quantize", "continue-pretrain"]
# (round, weight, low amount, high amount) in currency units
ROUNDS = [("seed", 20, 500_000, 5_000_000), ("angel", 10, 100_000, 2_000_000),
          ("A", 25, 5_000_000, 40_000_000), ("B", 18, 20_000_000, 150_000_000),
          ("C", 12, 50_000_000, 400_000_000), ("D", 6, 100_000_000, 1_000_000_000),
          ("strategic", 7, 10_000_000, 2_000_000_000), ("IPO", 2, 200_000_000, 5_000_000_000)]

DATE0 = date(2015, 1, 1)
DATES = [(DATE0 + timedelta(days=d)).isoformat() for d in range(0, 4383)]  # to 2026-12-31


def label_counts(n: int) -> dict[str, int]:
    counts, total = {}, 0
    for label, share in LABEL_SHARE[:-1]:
        counts[label] = max(1, round(n * share))
        total += counts[label]
    counts[LABEL_SHARE[-1][0]] = max(1, n - total)
    return counts


KEY_PREFIX = {label: label.lower() for label, _ in LABEL_SHARE}


def key_of(label: str, i: int) -> str:
    return f"{KEY_PREFIX[label]}-{i}"


class Graph:
    """What the generator keeps after writing: counts, the edge lists (as label-local
    indices) and the few property columns the parameter oracle needs."""

    def __init__(self, n: int, seed: int):
        self.n = n
        self.seed = seed
        self.counts = label_counts(n)
        self.cols: dict[tuple[str, str], list] = {}
        self.edges: dict[str, tuple[array, array]] = {}
        self.rel_props: dict[tuple[str, str], list] = {}
        self.depth: array | None = None


# Property columns retained for the oracle (params.py).
KEEP = {("Company", "name"), ("Company", "country"), ("Model", "params_b")}
KEEP_REL = {("INVESTED_IN", "round")}


class Writer:
    """Writes one record to both outputs. Values arrive as strings already in
    their final text form (the same text goes to JSONL and CSV, so every engine
    parses the same decimal digits), or None when absent."""

    def __init__(self, out: str):
        os.makedirs(os.path.join(out, "csv"), exist_ok=True)
        self.out = out
        self.jsonl = open(os.path.join(out, "lore.jsonl"), "w", encoding="utf-8", newline="\n")
        self.jbuf: list[str] = []

    @staticmethod
    def _json_parts(cols):
        parts = []
        for name, typ in cols:
            if typ == "string":
                parts.append((f'"{name}":"', '"'))
            elif typ == "date":
                parts.append((f'"{name}":{{"~date":"', '"}'))
            else:
                parts.append((f'"{name}":', ''))
        return parts

    def nodes(self, label: str, rows):
        """rows yields (index, [value-or-None per SCHEMA column])."""
        cols = SCHEMA["nodes"][label]
        jparts = self._json_parts(cols)
        head = '{"kind":"node","key":"'
        mid = f'","labels":["{label}"],"props":{{'
        prefix = KEY_PREFIX[label] + "-"
        jbuf = self.jbuf
        cbuf = ["key," + ",".join(c for c, _ in cols) + "\n"]
        with open(os.path.join(self.out, "csv", f"{label}.csv"), "w", encoding="utf-8",
                  newline="\n") as cf:
            for i, vals in rows:
                key = prefix + str(i)
                props = ",".join([p + v + s for (p, s), v in zip(jparts, vals) if v is not None])
                jbuf.append(head + key + mid + props + "}}\n")
                cbuf.append(key + "," + ",".join([v if v is not None else "" for v in vals])
                            + "\n")
                if len(cbuf) >= 50_000:
                    cf.write("".join(cbuf))
                    cbuf.clear()
                    self.flush()
            cf.write("".join(cbuf))
        self.flush()

    def rels(self, rtype: str, rows):
        """rows yields (from index, to index, [value-or-None per prop])."""
        flabel, tlabel, cols = SCHEMA["rels"][rtype]
        jparts = self._json_parts(cols)
        head = f'{{"kind":"rel","type":"{rtype}","from":"'
        fp, tp = KEY_PREFIX[flabel] + "-", KEY_PREFIX[tlabel] + "-"
        jbuf = self.jbuf
        cbuf = [",".join(["from", "to"] + [c for c, _ in cols]) + "\n"]
        with open(os.path.join(self.out, "csv", f"{rtype}.csv"), "w", encoding="utf-8",
                  newline="\n") as cf:
            for a, b, vals in rows:
                fk, tk = fp + str(a), tp + str(b)
                if vals:
                    props = ",".join([p + v + s for (p, s), v in zip(jparts, vals)
                                      if v is not None])
                    jbuf.append(head + fk + '","to":"' + tk + '","props":{' + props + "}}\n")
                    cbuf.append(fk + "," + tk + "," +
                                ",".join([v if v is not None else "" for v in vals]) + "\n")
                else:
                    jbuf.append(head + fk + '","to":"' + tk + '","props":{}}\n')
                    cbuf.append(fk + "," + tk + "\n")
                if len(cbuf) >= 50_000:
                    cf.write("".join(cbuf))
                    cbuf.clear()
                    self.flush()
            cf.write("".join(cbuf))
        self.flush()

    def flush(self):
        if self.jbuf:
            self.jsonl.write("".join(self.jbuf))
            self.jbuf.clear()

    def close(self):
        self.flush()
        self.jsonl.close()


def generate(n: int, seed: int, out: str, quiet: bool = False) -> Graph:
    rng = random.Random(seed)
    rnd = rng.random
    g = Graph(n, seed)
    c = g.counts
    w = Writer(out)

    def log(msg):
        if not quiet:
            print(msg, file=sys.stderr, flush=True)

    def cum(weights):
        tot, acc = sum(weights), []
        s = 0.0
        for x in weights:
            s += x
            acc.append(s / tot)
        return acc

    from bisect import bisect
    country_cum = cum(COUNTRY_WEIGHTS)
    ctx_cum = cum(CONTEXT_WEIGHTS)
    round_cum = cum([r[1] for r in ROUNDS])

    # Hubs are spread over the key space: a skewed draw picks a rank, a fixed
    # random permutation per label turns the rank into an index.
    perms = {}
    for label, _ in LABEL_SHARE:
        p = list(range(c[label]))
        rng.shuffle(p)
        perms[label] = p

    def skewed(label, s):
        """A function drawing an index of `label` with density ~ rank^(1/s - 1):
        a power law whose head (the hubs) grows with s."""
        p, m = perms[label], c[label]
        return lambda: p[int(m * rnd() ** s)]

    def name_word(k):
        return "".join(SYLLABLES[int(rnd() * len(SYLLABLES))] for _ in range(k)).capitalize()

    def opt(prob, value_fn):
        return value_fn() if rnd() < prob else None

    # ---------------------------------------------------------------- nodes
    keep_name, keep_country = [], []

    def companies():
        for i in range(c["Company"]):
            suffix = COMPANY_SUFFIX[int(rnd() * len(COMPANY_SUFFIX))]
            name = name_word(2 + (rnd() < 0.4)) + (" " + suffix if suffix else "")
            country = COUNTRIES[bisect(country_cum, rnd())]
            keep_name.append(name)
            keep_country.append(country)
            yield i, [name, str(1990 + int(rnd() * 36)), country,
                      opt(0.85, lambda: f"{10 ** (rnd() * 5):.2f}"),
                      opt(0.6, lambda: str(int(10 ** (1 + rnd() * 4))))]

    log(f"nodes: {c}")
    w.nodes("Company", companies())
    g.cols[("Company", "name")] = keep_name
    g.cols[("Company", "country")] = keep_country

    keep_params = []

    def models():
        for i in range(c["Model"]):
            # params_b log-uniform over 0.1 .. 2000 billion, two decimals
            pb = f"{10 ** (-1 + rnd() * 4.3):.2f}"
            keep_params.append(float(pb))
            yield i, [name_word(1 + (rnd() < 0.5)) + "-" + str(1 + int(rnd() * 5)) + "."
                      + str(int(rnd() * 10)),
                      pb, CONTEXT_LENS[bisect(ctx_cum, rnd())],
                      opt(0.7, lambda: DATES[int(rnd() * len(DATES))]),
                      opt(0.7, lambda: "true" if rnd() < 0.55 else "false")]

    w.nodes("Model", models())
    g.cols[("Model", "params_b")] = keep_params

    def products():
        for i in range(c["Product"]):
            yield i, [name_word(2), PRODUCT_CATEGORIES[int(rnd() * len(PRODUCT_CATEGORIES))],
                      opt(0.6, lambda: str(2016 + int(rnd() * 11))),
                      opt(0.5, lambda: f"{rnd() * 200:.2f}")]

    w.nodes("Product", products())

    def persons():
        nf, nl = len(FIRST), len(LAST)
        for i in range(c["Person"]):
            yield i, [FIRST[int(rnd() * nf)] + " " + LAST[int(rnd() * nl)],
                      opt(0.5, lambda: str(1950 + int(rnd() * 55)))]

    w.nodes("Person", persons())

    def investors():
        for i in range(c["Investor"]):
            yield i, [name_word(2) + " Capital", COUNTRIES[bisect(country_cum, rnd())],
                      INVESTOR_KINDS[int(rnd() * len(INVESTOR_KINDS))],
                      opt(0.5, lambda: f"{10 ** (rnd() * 3):.2f}")]

    w.nodes("Investor", investors())

    def events():
        for i in range(c["Event"]):
            kind = EVENT_KINDS[int(rnd() * len(EVENT_KINDS))]
            yield i, [name_word(2) + " " + kind, kind, DATES[int(rnd() * len(DATES))]]

    w.nodes("Event", events())

    # ---------------------------------------------------------------- relationships
    def record(rtype, rows):
        src, dst = array("i"), array("i")
        keep = [p for p, _ in SCHEMA["rels"][rtype][2] if (rtype, p) in KEEP_REL]
        kidx = [i for i, (p, _) in enumerate(SCHEMA["rels"][rtype][2])
                if (rtype, p) in KEEP_REL]
        kept = {p: [] for p in keep}

        def tee():
            for a, b, vals in rows:
                src.append(a)
                dst.append(b)
                for p, j in zip(keep, kidx):
                    kept[p].append(vals[j])
                yield a, b, vals

        w.rels(rtype, tee())
        g.edges[rtype] = (src, dst)
        for p in keep:
            g.rel_props[(rtype, p)] = kept[p]
        log(f"  {rtype}: {len(src)}")

    pick_company_hub = skewed("Company", 2.0)
    pick_model_hub = skewed("Model", 2.5)

    # RELEASED: every model has one releasing company (hub companies release many).
    def released():
        for m in range(c["Model"]):
            yield pick_company_hub(), m, [str(2018 + int(rnd() * 9))]

    # DERIVED_FROM: a DAG (parents have lower indices). Most models continue a
    # recent model (long chains), some fork a popular one; depth <= MAX_CHAIN.
    depth = array("b", [0]) * c["Model"]

    def derived():
        nm = c["Model"]
        for m in range(1, nm):
            if rnd() >= 0.75:
                continue
            parents = []
            for _ in range(1 + (rnd() < 0.08)):
                if rnd() < 0.6:
                    p = m - 1 - int(rnd() * min(m, 40))
                else:
                    p = int(m * rnd() ** 3)  # early (popular) models
                if depth[p] < MAX_CHAIN and p not in parents:
                    parents.append(p)
            if parents:
                depth[m] = 1 + max(depth[p] for p in parents)
                for p in parents:
                    yield m, p, [DERIVE_METHODS[int(rnd() * len(DERIVE_METHODS))]]

    def offers():
        for p in range(c["Product"]):
            yield pick_company_hub(), p, []

    def works_at():
        for p in range(c["Person"]):
            d = 1 + int(rnd() ** 3 * 4)
            seen = set()
            for _ in range(d):
                co = pick_company_hub()
                if co not in seen:
                    seen.add(co)
                    yield p, co, [str(2000 + int(rnd() * 26))]

    def about():
        pick = skewed("Company", 1.5)
        for e in range(c["Event"]):
            d = 1 + int(rnd() * 3.0)  # 1..3, mean 2
            seen = set()
            for _ in range(d):
                co = pick()
                if co not in seen:
                    seen.add(co)
                    yield e, co, []

    def degrees(src_label, total, s):
        """Out-degrees of `src_label` summing to ~`total`, skewed (hub sources)."""
        deg = array("i", [0]) * c[src_label]
        pick = skewed(src_label, s)
        for _ in range(int(total)):
            deg[pick()] += 1
        return deg

    def distinct_targets(src_label, deg, pick, ntargets, no_self=False):
        cap = max(1, ntargets // 2)
        for a in range(c[src_label]):
            d = min(deg[a], cap)
            if not d:
                continue
            seen = set()
            tries = 0
            while len(seen) < d and tries < 4 * d:
                tries += 1
                b = pick()
                if no_self and b == a:
                    continue
                seen.add(b)
            for b in sorted(seen):
                yield a, b, []

    def competes():
        deg = degrees("Company", COMPETES_PER_ENTITY * n, 1.5)
        return distinct_targets("Company", deg, skewed("Company", 2.0), c["Company"],
                                no_self=True)

    def uses():
        deg = degrees("Company", USES_PER_ENTITY * n, 1.5)
        return distinct_targets("Company", deg, pick_model_hub, c["Model"])

    def invested():
        deg = degrees("Investor", INVESTED_PER_ENTITY * n, 1.5)
        pick = skewed("Company", 2.0)
        for a in range(c["Investor"]):
            for _ in range(deg[a]):
                r = bisect(round_cum, rnd())
                name, _, lo, hi = ROUNDS[r]
                yield a, pick(), [str(lo + int(rnd() * (hi - lo)) // 1000 * 1000), name,
                                  DATES[int(rnd() * len(DATES))]]

    log("relationships:")
    record("RELEASED", released())
    record("DERIVED_FROM", derived())
    g.depth = depth
    record("OFFERS", offers())
    record("WORKS_AT", works_at())
    record("ABOUT", about())
    record("COMPETES_WITH", competes())
    record("USES", uses())
    record("INVESTED_IN", invested())
    w.close()
    return g


def default_out(n: int) -> str:
    return os.path.join(HERE, "data", str(n))


def write_all(n: int, seed: int, out: str, nparams: int = 50, quiet: bool = False) -> dict:
    import params as params_mod  # Benchmarks/params.py

    t0 = time.perf_counter()
    os.makedirs(out, exist_ok=True)
    g = generate(n, seed, out, quiet=quiet)
    t1 = time.perf_counter()
    with open(os.path.join(HERE, "queries.json"), encoding="utf-8") as f:
        templates = json.load(f)
    sets = params_mod.make_params(g, templates, nparams)
    resolved = params_mod.resolve(templates, sets)
    with open(os.path.join(out, "params.json"), "w", encoding="utf-8") as f:
        json.dump({"entities": n, "seed": seed, "queries": sets}, f, indent=1)
    with open(os.path.join(out, "queries.json"), "w", encoding="utf-8") as f:
        json.dump(resolved, f, indent=1)
    with open(os.path.join(out, "schema.json"), "w", encoding="utf-8") as f:
        json.dump({"nodes": SCHEMA["nodes"],
                   "rels": {t: {"from": a, "to": b, "props": p}
                            for t, (a, b, p) in SCHEMA["rels"].items()}}, f, indent=1)
    nrels = sum(len(s) for s, _ in g.edges.values())
    meta = {"entities": n, "seed": seed, "param_sets": nparams, "nodes": g.counts,
            "relationships": {t: len(s) for t, (s, _) in g.edges.items()},
            "records": n + nrels, "rels_per_entity": round(nrels / n, 3),
            "generate_seconds": round(t1 - t0, 2)}
    with open(os.path.join(out, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=1)
    if not quiet:
        print(f"wrote {n} nodes and {nrels} relationships ({nrels / n:.2f} per entity) "
              f"to {out} in {t1 - t0:.1f}s (+{time.perf_counter() - t1:.1f}s params)",
              file=sys.stderr)
    return meta


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", help="output folder (default Benchmarks/data/<N>/)")
    ap.add_argument("--params", type=int, default=50, help="parameter sets per query")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    sys.path.insert(0, HERE)
    write_all(a.entities, a.seed, a.out or default_out(a.entities), a.params, a.quiet)


if __name__ == "__main__":
    main()
