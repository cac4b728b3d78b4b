"""Concrete parameter sets for the query mix, drawn from a generated graph, each with
the number of rows a correct engine returns for it.

The counts are computed here, in plain Python over the generator's own edge lists,
independently of every engine: a benchmark run whose engine returns another count
fails (a fast wrong answer is not a result).

Parameter values are JSON scalars: strings, integers (no '.') and floats (always
with a '.'); an engine binds them with those types.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from generate import COUNTRIES, Graph, key_of


def make_params(g: Graph, templates: dict, nparams: int) -> dict:
    """{query id: {"params": [set, ...], "expected_rows": [count, ...]}} for every query
    of `templates`, in its order."""
    rng = random.Random(g.seed * 7919 + 17)
    c = g.counts
    out = {}
    adj = _Adjacency(g)
    for q in templates["queries"]:
        qid = q["id"]
        fn = MAKERS.get(qid)
        if fn is None:
            raise SystemExit(f"params.py: no parameter maker for query '{qid}'")
        sets = fn(g, adj, rng, q.get("param_sets", nparams), c)
        out[qid] = {"params": [p for p, _ in sets], "expected_rows": [n for _, n in sets]}
    return out


def resolve(templates: dict, sets: dict) -> dict:
    """The template file with each query's `params` and `expected_rows` (a list
    aligned with `params`) filled in."""
    qs = []
    for q in templates["queries"]:
        r = dict(q)
        r["params"] = sets[q["id"]]["params"]
        r["expected_rows"] = sets[q["id"]]["expected_rows"]
        qs.append(r)
    return {"about": "Resolved query mix: runs are counted from 0 across warm-up and measured "
                     "runs, and run r uses params[r % len(params)]; expected_rows[i] is the "
                     "row count for params[i].",
            "queries": qs}


class _Adjacency:
    """Lazily built adjacency over the generator's edge arrays (label-local indices)."""

    def __init__(self, g: Graph):
        self.g = g
        self._out: dict[str, list] = {}
        self._in: dict[str, list] = {}

    def out(self, rtype: str) -> list:
        if rtype not in self._out:
            src, dst = self.g.edges[rtype]
            lst = defaultdict(list)
            for a, b in zip(src, dst):
                lst[a].append(b)
            self._out[rtype] = lst
        return self._out[rtype]

    def into(self, rtype: str) -> list:
        if rtype not in self._in:
            src, dst = self.g.edges[rtype]
            lst = defaultdict(list)
            for a, b in zip(src, dst):
                lst[b].append(a)
            self._in[rtype] = lst
        return self._in[rtype]


def _point_lookup(g, adj, rng, k, c):
    return [({"key": key_of("Company", rng.randrange(c["Company"]))}, 1) for _ in range(k)]


def _label_eq(g, adj, rng, k, c):
    counts = Counter(g.cols[("Company", "country")])
    return [({"country": country}, counts.get(country, 0)) for country in COUNTRIES]


def _range_topk(g, adj, rng, k, c):
    vals = g.cols[("Model", "params_b")]
    sets = []
    for _ in range(k):
        lo = round(10 ** (-1 + rng.random() * 4.3), 2)
        hi = round(lo * 1.5, 2)
        sets.append(({"lo": lo, "hi": hi}, min(10, sum(1 for v in vals if lo <= v < hi))))
    return sets


def _one_hop(g, adj, rng, k, c):
    out = adj.out("RELEASED")
    sets = []
    for _ in range(k):
        i = rng.randrange(c["Company"])
        sets.append(({"key": key_of("Company", i)}, len(out.get(i, ()))))
    return sets


def _one_hop_in(g, adj, rng, k, c):
    into = adj.into("USES")
    # mostly uniform models, plus the two biggest hubs (the worst case)
    hubs = sorted(into, key=lambda m: (-len(into[m]), m))[:2]
    picks = hubs + [rng.randrange(c["Model"]) for _ in range(max(0, k - len(hubs)))]
    return [({"key": key_of("Model", m)}, len(into.get(m, ()))) for m in picks]


def _three_hop(g, adj, rng, k, c):
    inv, uses, rel_in = adj.out("INVESTED_IN"), adj.out("USES"), adj.into("RELEASED")
    sets = []
    for _ in range(k):
        i = rng.randrange(c["Investor"])
        owners = set()
        for co in set(inv.get(i, ())):
            for m in uses.get(co, ()):
                owners.update(rel_in.get(m, ()))
        sets.append(({"key": key_of("Investor", i)}, len(owners)))
    return sets


def _var_length(g, adj, rng, k, c):
    parents = adj.out("DERIVED_FROM")
    deep = [m for m in range(c["Model"]) if g.depth[m] >= 3] or list(range(c["Model"]))
    sets = []
    for _ in range(k):
        m = deep[rng.randrange(len(deep))]
        seen, frontier = set(), {m}
        for _ in range(3):  # every walk of length 1..3 (the graph is a DAG)
            frontier = {p for x in frontier for p in parents.get(x, ())}
            seen |= frontier
        sets.append(({"key": key_of("Model", m)}, len(seen)))
    return sets


def _prefix(g, adj, rng, k, c):
    names = g.cols[("Company", "name")]
    sets = []
    for _ in range(k):
        p = names[rng.randrange(len(names))][: 3 + rng.randrange(2)]
        sets.append(({"prefix": p}, sum(1 for n in names if n.startswith(p))))
    return sets


def _group_label(g, adj, rng, k, c):
    return [({}, len(set(g.cols[("Company", "country")])))]


def _group_rel_prop(g, adj, rng, k, c):
    return [({}, len(set(g.rel_props[("INVESTED_IN", "round")])))]


def _topk_degree(g, adj, rng, k, c):
    return [({}, min(10, len(set(g.edges["USES"][1]))))]


def _merge_write(g, adj, rng, k, c):
    return [({"key": f"company-new-{i}", "name": f"New Company {i}",
              "model": key_of("Model", rng.randrange(c["Model"]))}, 0) for i in range(k)]


MAKERS = {
    "point_lookup": _point_lookup,
    "label_eq": _label_eq,
    "range_topk": _range_topk,
    "one_hop": _one_hop,
    "one_hop_in": _one_hop_in,
    "three_hop": _three_hop,
    "var_length": _var_length,
    "prefix": _prefix,
    "group_label": _group_label,
    "group_rel_prop": _group_rel_prop,
    "topk_degree": _topk_degree,
    "merge_write": _merge_write,
}
