"""Self-test of the benchmark generator: python3 -m pytest Benchmarks/test_generate.py"""

import csv
import filecmp
import json
import os
import sys
from collections import Counter

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generate  # noqa: E402

N = 3000


def build(tmp, n=N, seed=7):
    out = os.path.join(tmp, f"g{n}-{seed}")
    generate.write_all(n, seed, out, nparams=20, quiet=True)
    return out


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return build(str(tmp_path_factory.mktemp("gen")))


def read_jsonl(out):
    nodes, rels = {}, Counter()
    with open(os.path.join(out, "lore.jsonl"), encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["kind"] == "node":
                assert r["key"] not in nodes, f"duplicate key {r['key']}"
                nodes[r["key"]] = (tuple(r["labels"]), canon(r["props"]))
            else:
                assert r["kind"] == "rel"
                rels[(r["type"], r["from"], r["to"], canon(r["props"]))] += 1
    return nodes, rels


def canon(props):
    """Props as a hashable, typed form: dates as ('date', text)."""
    items = []
    for k, v in props.items():
        if isinstance(v, dict):
            assert list(v) == ["~date"]
            v = ("date", v["~date"])
        items.append((k, v))
    return tuple(sorted(items))


def typed(value, typ):
    if value == "":
        return None
    return {"int": int, "float": float, "string": str, "bool": lambda s: s == "true",
            "date": lambda s: ("date", s)}[typ](value)


def read_csv(out):
    nodes, rels = {}, Counter()
    for label, cols in generate.SCHEMA["nodes"].items():
        with open(os.path.join(out, "csv", f"{label}.csv"), encoding="utf-8", newline="") as f:
            rd = csv.reader(f)
            assert next(rd) == ["key"] + [c for c, _ in cols]
            for row in rd:
                props = {c: typed(v, t) for (c, t), v in zip(cols, row[1:])}
                assert row[0] not in nodes
                nodes[row[0]] = ((label,), canon({k: v for k, v in props.items()
                                                  if v is not None}))
    for rtype, (_, _, cols) in generate.SCHEMA["rels"].items():
        with open(os.path.join(out, "csv", f"{rtype}.csv"), encoding="utf-8", newline="") as f:
            rd = csv.reader(f)
            assert next(rd) == ["from", "to"] + [c for c, _ in cols]
            for row in rd:
                props = {c: typed(v, t) for (c, t), v in zip(cols, row[2:])}
                rels[(rtype, row[0], row[1],
                      canon({k: v for k, v in props.items() if v is not None}))] += 1
    return nodes, rels


def test_deterministic_for_a_seed(tmp_path, data):
    again = build(str(tmp_path))
    files = ["lore.jsonl", "params.json", "queries.json"] + [
        os.path.join("csv", f) for f in sorted(os.listdir(os.path.join(data, "csv")))]
    match, mismatch, errors = filecmp.cmpfiles(data, again, files, shallow=False)
    assert not mismatch and not errors


def test_another_seed_gives_another_graph(tmp_path, data):
    other = build(str(tmp_path), seed=8)
    assert not filecmp.cmp(os.path.join(data, "lore.jsonl"),
                           os.path.join(other, "lore.jsonl"), shallow=False)


def test_keys_unique_and_endpoints_exist(data):
    nodes, rels = read_jsonl(data)  # read_jsonl asserts key uniqueness
    assert len(nodes) == N
    for (rtype, a, b, _) in rels:
        fl, tl, _ = generate.SCHEMA["rels"][rtype]
        assert a in nodes and b in nodes, (rtype, a, b)
        assert nodes[a][0] == (fl,) and nodes[b][0] == (tl,)


def test_nodes_come_before_relationships(data):
    seen_rel = False
    with open(os.path.join(data, "lore.jsonl"), encoding="utf-8") as f:
        for line in f:
            is_rel = line.startswith('{"kind":"rel"')
            assert not (seen_rel and not is_rel)
            seen_rel |= is_rel


@pytest.mark.parametrize("n", [N, 20000])
def test_about_five_relationships_per_entity(tmp_path, n):
    meta = generate.write_all(n, 1, str(tmp_path / "m"), nparams=5, quiet=True)
    assert 4.5 <= meta["rels_per_entity"] <= 5.5
    assert set(meta["relationships"]) == set(generate.SCHEMA["rels"])
    assert all(v > 0 for v in meta["relationships"].values())


def test_properties_per_entity(data):
    nodes, _ = read_jsonl(data)
    for key, (_, props) in nodes.items():
        assert 2 <= 1 + len(props) <= 6, key  # the key is a property too
        assert dict(props)["name"]


def test_csv_and_jsonl_hold_the_same_graph(data):
    assert read_csv(data) == read_jsonl(data)


def test_derived_from_is_a_dag_with_chains_up_to_six(data):
    _, rels = read_jsonl(data)
    parents = {}
    for (rtype, a, b, _) in rels:
        if rtype == "DERIVED_FROM":
            parents.setdefault(a, []).append(b)
    memo = {}

    def depth(m, stack=()):
        assert m not in stack, "cycle"
        if m not in memo:
            memo[m] = 1 + max((depth(p, stack + (m,)) for p in parents.get(m, ())),
                              default=-1)
        return memo[m]

    deepest = max(depth(m) for m in parents)
    assert 3 <= deepest <= generate.MAX_CHAIN


def test_fan_out_is_skewed(data):
    _, rels = read_jsonl(data)
    indeg = Counter(b for (t, _, b, _) in rels if t == "USES")
    top = indeg.most_common(1)[0][1]
    assert top > 10 * (sum(indeg.values()) / len(indeg))


def test_params_name_existing_keys_and_counts(data):
    nodes, rels = read_jsonl(data)
    with open(os.path.join(data, "queries.json"), encoding="utf-8") as f:
        resolved = json.load(f)
    for q in resolved["queries"]:
        assert len(q["params"]) == len(q["expected_rows"]) >= 1
        for p in q["params"]:
            if "key" in p and q["id"] != "merge_write":
                assert p["key"] in nodes
    byid = {q["id"]: q for q in resolved["queries"]}
    # re-count one_hop from the JSONL: an oracle check of the oracle
    q = byid["one_hop"]
    for p, n in zip(q["params"], q["expected_rows"]):
        assert n == sum(c for (t, a, _, _), c in rels.items()
                        if t == "RELEASED" and a == p["key"])
