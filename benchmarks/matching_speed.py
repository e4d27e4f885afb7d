"""How fast the matching engine runs at scale, and what its blocking costs in recall.

    python -m benchmarks.matching_speed                  # 10k, 30k and 100k per side
    python -m benchmarks.matching_speed --n 100000       # one size
    python -m benchmarks.matching_speed --n 1000000      # national scale (several minutes)
    python -m benchmarks.matching_speed --workers 1      # one process
    python -m benchmarks.matching_speed --n 3000 --semantic   # with and without the model

Synthetic, seeded declarations drawn from the shipped knowledge base: each offer or need names
a resource by one of its French or English synonyms (with an EWC code, a NACE code of a sector
that uses or produces it, a quantity, in part of them), with qualifiers and words from a
Zipf-distributed vocabulary, at a site scattered around one of 2,000 towns of metropolitan
France (bigger towns drawing more). For each size, in a fresh process so the peak memory is
its own:

- prepare: resolution of every declaration and the arrays (TF-IDF, families, sites);
- match: blocking, vectorised scoring and the top 10 per need (`match_pairs`);
- CPU: the processor time of both, this process's and its workers' (on a machine shared with
  other jobs, wall times vary; the CPU time much less);
- peak resident memory: this process's peak plus each worker's (ru_maxrss; an upper bound, the
  workers share this process's pages copy-on-write), then each of the two; the number of pairs
  scored;
- recall: on a sample of needs, the share of brute force's top 10 (every offer scored under
  the same score) that the blocked run returns; "exact" the share of needs with the same top 10.

The ratio that matters is the cost per declaration as the size grows (near-linear growth keeps
it flat), and the brute-force pairs the blocked run did not have to score.

`--semantic` runs each size twice, without and with the semantic view (the optional model of
`boucle.engines.matching.meaning`, which embeds every description during preparation): what it
costs against the same run without it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from dataclasses import dataclass

import numpy as np

from boucle.engines.matching import Declaration, Knowledge, load_knowledge
from boucle.engines.matching.match import brute_force_pairs, match_pairs
from boucle.engines.matching.sides import prepare

TOWNS = 2000
VOCABULARY = 50_000  # words beside the resource names, Zipf-distributed
FRANCE = (42.6, 50.9, -4.3, 7.6)  # lat min, lat max, lon min, lon max (metropolitan box)
QUALIFIERS = tuple(
    """
    propre sec humide vrac big-bag trié broyé clean dry sorted crushed bulk baled en
    balles palettisé conditionné régulier regular seasonal saisonnier continu continuous
    stock lot surplus excédent résidu residue chute offcut qualité quality certifié
    analysé analysed
    """.split()  # noqa: SIM905 - a list of words reads better as prose
)
UNITS_BY_KIND = {"material": "t", "energy": "MWh", "water": "m3", "equipment": "unit"}


@dataclass(frozen=True)
class Run:
    size: int
    prepare_s: float
    match_s: float
    cpu_s: float  # CPU time of prepare and match, this process and its workers
    cpu_prepare_s: float
    pairs: int
    peak_mb: float
    main_mb: float
    worker_mb: float
    recall: float
    exact: float
    sample: int
    brute_pairs: int
    semantic: bool = False  # with the semantic view (`--semantic`)


def synthetic(knowledge: Knowledge, count: int, role: str, seed: int) -> list[Declaration]:
    """`count` seeded offers or needs of the shipped resources, all over France."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    nprng = np.random.default_rng(seed)
    towns_rng = np.random.default_rng(0)  # the same towns for both sides
    town_lat = towns_rng.uniform(FRANCE[0], FRANCE[1], TOWNS)
    town_lon = towns_rng.uniform(FRANCE[2], FRANCE[3], TOWNS)
    town_weight = 1.0 / np.arange(1, TOWNS + 1) ** 0.8
    town_weight /= town_weight.sum()
    resources = [
        r for r in knowledge.resources.values() if r.depth >= 1 and (r.synonyms_en or r.synonyms_fr)
    ]
    direction = "produces" if role == "offer" else "uses"
    sectors: dict[str, list[str]] = {}
    for rule in knowledge.sector_uses:
        if rule.direction == direction:
            for r in resources:
                if r.id == rule.resource or r.id.startswith(rule.resource + "."):
                    sectors.setdefault(r.id, []).append(rule.nace)
    vocabulary = [f"w{i}" for i in range(VOCABULARY)]
    zipf = np.minimum(nprng.zipf(1.3, size=count * 2), len(vocabulary)) - 1
    towns = nprng.choice(TOWNS, size=count, p=town_weight)
    lat = town_lat[towns] + nprng.normal(0, 0.08, count)
    lon = town_lon[towns] + nprng.normal(0, 0.11, count)
    picks = nprng.integers(0, len(resources), count)
    out = []
    for i in range(count):
        chosen = resources[picks[i]]
        french = rng.random() < 0.6
        names = (chosen.synonyms_fr if french else chosen.synonyms_en) or (
            chosen.synonyms_en or chosen.synonyms_fr
        )
        words = [rng.choice(names), rng.choice(QUALIFIERS), vocabulary[zipf[2 * i]]]
        if rng.random() < 0.5:
            words.append(vocabulary[zipf[2 * i + 1]])
        unit = UNITS_BY_KIND.get(chosen.kind)
        has_quantity = unit is not None and rng.random() < 0.7
        ewc = chosen.ewc[0] if chosen.ewc and rng.random() < 0.4 else None
        nace = (
            rng.choice(sectors[chosen.id]) if chosen.id in sectors and rng.random() < 0.4 else None
        )
        out.append(
            Declaration(
                id=f"{role[0]}{i}",
                description=" ".join(words),
                nace=nace,
                kind=chosen.kind if rng.random() < 0.8 else None,
                ewc=ewc,
                ewc_hazardous=bool(ewc and knowledge.is_hazardous_ewc(ewc)),
                quantity=float(round(nprng.lognormal(5, 1.5), 1)) if has_quantity else None,
                unit=unit if has_quantity else None,
                period="year" if has_quantity else None,
                lat=float(np.clip(lat[i], -90, 90)),
                lon=float(lon[i]),
            )
        )
    return out


def run_one(
    size: int, *, sample: int, top: int, seed: int, workers: int, semantic: bool = False
) -> Run:
    knowledge = load_knowledge()
    offers = synthetic(knowledge, size, "offer", seed)
    needs = synthetic(knowledge, size, "need", seed + 1)
    cpu_started = _cpu_seconds()
    started = time.perf_counter()
    if semantic:
        prepared = prepare(offers, needs, knowledge, workers=workers, semantic=True)
    else:  # an older engine, measured beside a newer one, has no `semantic`
        prepared = prepare(offers, needs, knowledge, workers=workers)
    prepared_at = time.perf_counter()
    cpu_prepared = _cpu_seconds() - cpu_started
    stats: dict[str, int] = {}
    blocked = match_pairs(prepared, top=top, stats=stats, workers=workers)
    matched_at = time.perf_counter()
    cpu = _cpu_seconds() - cpu_started
    # This process's peak, plus the largest worker's peak for each worker (an upper bound:
    # the workers share the parent's pages copy-on-write).
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if workers > 1 else 0
    main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = (main + workers * children) / 1024
    rows = np.sort(np.random.default_rng(seed).choice(size, size=min(sample, size), replace=False))
    brute = brute_force_pairs(prepared, top=top, rows=rows)
    in_sample = np.isin(blocked.need, rows)
    got: dict[int, set[int]] = {}
    for n, o in zip(
        blocked.need[in_sample].tolist(), blocked.offer[in_sample].tolist(), strict=True
    ):
        got.setdefault(n, set()).add(o)
    want: dict[int, set[int]] = {}
    for n, o in zip(brute.need.tolist(), brute.offer.tolist(), strict=True):
        want.setdefault(n, set()).add(o)
    total = sum(len(v) for v in want.values())
    hits = sum(len(v & got.get(n, set())) for n, v in want.items())
    exact = sum(got.get(n, set()) == want.get(n, set()) for n in rows.tolist())
    return Run(
        size=size,
        prepare_s=prepared_at - started,
        match_s=matched_at - prepared_at,
        cpu_s=cpu,
        cpu_prepare_s=cpu_prepared,
        pairs=stats.get("pairs", 0),
        peak_mb=peak_mb,
        main_mb=main / 1024,
        worker_mb=children / 1024,
        recall=hits / total if total else 1.0,
        exact=exact / len(rows),
        sample=len(rows),
        brute_pairs=size * size,
        semantic=semantic,
    )


def _cpu_seconds() -> float:
    """User and system time of this process and of its children that have ended (the
    workers of each map end with it)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def in_fresh_process(
    size: int, *, sample: int, top: int, seed: int, workers: int, semantic: bool = False
) -> Run:
    argv = [sys.executable, "-m", "benchmarks.matching_speed", "--one", str(size)]
    argv += ["--sample", str(sample), "--top", str(top), "--seed", str(seed)]
    argv += ["--workers", str(workers), *(["--semantic"] if semantic else [])]
    output = subprocess.run(argv, capture_output=True, text=True, check=True)  # noqa: S603
    return Run(**json.loads(output.stdout.strip().splitlines()[-1]))


def format_runs(runs: list[Run]) -> str:
    rows = [
        (
            "offers x needs",
            "prepare",
            "match",
            "total",
            "CPU (prepare + match)",
            "µs/decl.",
            "pairs scored",
            "of all pairs",
            "peak RSS (main, worker)",
            "recall@10",
            "same top 10",
        )
    ]
    for r in runs:
        total = r.prepare_s + r.match_s
        rows.append(
            (
                f"{r.size:,} x {r.size:,}{' + meaning' if r.semantic else ''}",
                f"{r.prepare_s:.1f} s",
                f"{r.match_s:.1f} s",
                f"{total:.1f} s",
                f"{r.cpu_s:.1f} s ({r.cpu_prepare_s:.0f} + {r.cpu_s - r.cpu_prepare_s:.0f})",
                f"{total / (2 * r.size) * 1e6:.0f}",
                f"{r.pairs:,}",
                f"1/{r.brute_pairs / max(1, r.pairs):,.0f}",
                f"{r.peak_mb:,.0f} MB ({r.main_mb:,.0f}, {r.worker_mb:,.0f})",
                f"{r.recall:.4f}",
                f"{r.exact:.1%} of {r.sample}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, action="append", help="size per side (repeatable)")
    parser.add_argument("--sample", type=int, default=200, help="needs checked by brute force")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--workers", type=int, default=2, help="processes for resolution and scoring (default 2)"
    )
    parser.add_argument(
        "--semantic",
        action="store_true",
        help="each size without, then with, the semantic view (the optional model)",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args(argv)
    options = {"sample": args.sample, "top": args.top, "seed": args.seed, "workers": args.workers}
    if args.one:
        run = run_one(args.one, semantic=args.semantic, **options)
        print(json.dumps(run.__dict__))
        return 0
    sizes = args.n or [10_000, 30_000, 100_000]
    runs = []
    for size in sizes:
        for semantic in (False, True) if args.semantic else (False,):
            runs.append(in_fresh_process(size, semantic=semantic, **options))
            print(format_runs(runs).splitlines()[-1], file=sys.stderr, flush=True)
    print(format_runs(runs))
    if args.semantic:
        for plain, with_meaning in zip(runs[::2], runs[1::2], strict=True):
            ratio = with_meaning.cpu_s / plain.cpu_s
            print(
                f"\n{plain.size:,} x {plain.size:,}: the semantic view took {ratio:.0f}x the CPU "
                f"({with_meaning.cpu_s:.1f} s against {plain.cpu_s:.1f} s)."
            )
    elif len(runs) > 1:
        first, last = runs[0], runs[-1]
        growth = (last.prepare_s + last.match_s) / (first.prepare_s + first.match_s)
        print(
            f"\n{last.size / first.size:.0f}x the declarations took {growth:.1f}x the time "
            f"({args.workers} worker processes on {os.cpu_count()} CPUs, "
            f"Python {sys.version.split()[0]})."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
