"""How often the matching engine puts the true partner first, against a naive baseline.

    python -m benchmarks.matching_quality [--split test|dev|all] [--top K] [--no-semantic]
                                          [--typos RATE]

Loads the evaluation set of `benchmarks/data/matching/` (offers.csv and needs.csv, the files
the engine reads, and truth.csv, the documented synergies hidden among them), ranks the offers
for every need with the engine (`boucle.engines.matching.match`) and with the baseline of
`benchmarks/matching_baseline.py`, and prints for each, on the chosen split: hit@1 (the true
partner first), hit@5 (in the first five) and the mean reciprocal rank, then every real case it
did not put first, with the rank it gave. A case may name several documented partners of one
need: its rank is the best of theirs. Where the semantic view's model is installed
(`boucle[semantic]`, `boucle.engines.matching.meaning`), the engine is measured a second time
with it, as `engine+meaning` (its first run embeds the set's descriptions, about 80 s; later runs
read them from the cache).

Default split `test`: the cases the engine was not tuned on (docs/matching-evaluation.md). Until
the engine exists the script runs the baseline alone and says so.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import matching_baseline, matching_typos

DATA = Path(__file__).resolve().parent / "data" / "matching"

Ranking = Mapping[str, list[str]]  # need id -> offer ids, best first


@dataclass(frozen=True)
class Case:
    name: str
    split: str
    round: int  # the writing round that added it: the newest was seen by no engine change
    need_id: str
    offer_ids: frozenset[str]  # every documented partner
    source: str


@dataclass(frozen=True)
class Scores:
    hit1: float
    hit5: float
    mrr: float
    ranks: dict[str, int | None]  # case -> best rank of a true offer (1-based), None if absent


def read_truth(path: Path) -> list[Case]:
    grouped: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            case = grouped.setdefault(
                row["case"],
                {
                    "split": row["split"],
                    "round": int(row["round"]),
                    "need": row["need_id"],
                    "offers": set(),
                    "source": [],
                },
            )
            if case["need"] != row["need_id"]:
                raise ValueError(f"{path}: case {row['case']} names two needs")
            case["offers"].add(row["offer_id"])
            case["source"].append(row["source"])
    return [
        Case(
            name,
            c["split"],
            c["round"],
            c["need"],
            frozenset(c["offers"]),
            " ".join(c["source"]),
        )
        for name, c in grouped.items()
    ]


def evaluate(ranking: Ranking, cases: Iterable[Case]) -> Scores:
    ranks: dict[str, int | None] = {}
    for case in cases:
        offers = ranking.get(case.need_id, [])
        positions = [i for i, offer in enumerate(offers, start=1) if offer in case.offer_ids]
        ranks[case.name] = min(positions) if positions else None
    return summarise(ranks)


def summarise(ranks: dict[str, int | None]) -> Scores:
    """hit@1, hit@5 and MRR of the given best ranks (None: the partner was not proposed)."""
    n = len(ranks) or 1
    found = [r for r in ranks.values() if r is not None]
    return Scores(
        hit1=sum(r == 1 for r in found) / n,
        hit5=sum(r <= 5 for r in found) / n,
        mrr=sum(1 / r for r in found) / n,
        ranks=ranks,
    )


def self_check(cases: list[Case], offer_ids: list[str]) -> None:
    """The metrics give 1.0 for a perfect ranking and less for the same ranking reversed."""
    perfect: dict[str, list[str]] = {}
    for case in cases:
        others = [o for o in offer_ids if o not in case.offer_ids]
        perfect[case.need_id] = sorted(case.offer_ids) + others
    best = evaluate(perfect, cases)
    if (best.hit1, best.hit5, best.mrr) != (1.0, 1.0, 1.0):
        raise SystemExit(f"self-check failed: a perfect ranking scores {best}")
    worst = evaluate({need: offers[::-1] for need, offers in perfect.items()}, cases)
    if not (worst.hit1 < 1.0 and worst.hit5 < 1.0 and worst.mrr < best.mrr):
        raise SystemExit(f"self-check failed: a reversed ranking scores {worst}")


def run_baseline(data: Path) -> Ranking:
    offers = matching_baseline.read_csv(data / "offers.csv")
    needs = matching_baseline.read_csv(data / "needs.csv")
    return {
        need: [offer for offer, _ in candidates]
        for need, candidates in matching_baseline.rank(offers, needs).items()
    }


def engine_runner(*, semantic: bool = False) -> Callable[[Path, int], Ranking] | None:
    """The engine as a ranking function (with the semantic view if asked), or None while
    `boucle.engines.matching` lacks it."""
    try:
        from boucle.engines.matching import match, read_declarations
    except ImportError:
        return None

    def run(data: Path, top: int) -> Ranking:
        offers = read_declarations(data / "offers.csv", "offer")
        needs = read_declarations(data / "needs.csv", "need")
        # Asked only when wanted: an older engine, measured on a round's arrival, has no such
        # argument.
        options = {"semantic": True} if semantic else {}
        return _as_ranking(match(offers, needs, top=top, **options))

    return run


def semantic_available() -> bool:
    try:
        from boucle.engines.matching import meaning
    except ImportError:
        return False
    return meaning.available()


def _as_ranking(result: Any) -> Ranking:
    """Accepts what `match` returns: {need id: candidates}, or a sequence of per-need results
    with `need_id` and `candidates` (or an object holding such a sequence in `matches`)."""
    if hasattr(result, "matches"):
        result = result.matches
    items = result.items() if isinstance(result, Mapping) else (
        (getattr(m, "need_id", None) or m["need_id"], getattr(m, "candidates", None) or
         (m["candidates"] if isinstance(m, Mapping) else []))
        for m in result
    )  # fmt: skip
    ranking: dict[str, list[str]] = {}
    for need_id, candidates in items:
        ranking[need_id] = [
            c["offer_id"] if isinstance(c, Mapping) else c.offer_id for c in candidates
        ]
    return ranking


def misses(name: str, scores: Scores, cases: list[Case], listed: int | None) -> list[str]:
    by_name = {case.name: case for case in cases}
    missed = sorted(
        ((case, rank) for case, rank in scores.ranks.items() if rank != 1),
        key=lambda item: (item[1] is None, item[1] or 0, item[0]),
    )
    lines = [f"{name}: {len(missed)} of {len(scores.ranks)} cases not ranked first"]
    for case_name, rank in missed:
        case = by_name[case_name]
        shown = f"rank {rank}" if rank is not None else f"not in its first {listed}"
        lines.append(
            f"  {case_name:<36} {case.need_id} -> {'/'.join(sorted(case.offer_ids))}  {shown}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matching_quality")
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument(
        "--top", type=int, default=50, help="candidates asked of the engine per need (default 50)"
    )
    parser.add_argument(
        "--no-semantic",
        action="store_true",
        help="do not measure the engine with its semantic view, even where its model is installed",
    )
    parser.add_argument(
        "--typos",
        type=float,
        default=0.0,
        metavar="RATE",
        help="mistype this share of the descriptions' words of five letters or more, one slip "
        "of a finger each (benchmarks/matching_typos.py; seeded)",
    )
    parser.add_argument("--data", type=Path, default=DATA, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 0.0 <= args.typos <= 1.0:
        parser.error(f"--typos: {args.typos} is no share of words (0 to 1)")
    if not args.typos:
        return measure(args, args.data)
    with tempfile.TemporaryDirectory() as folder:
        data = matching_typos.with_typos(args.data, args.typos, Path(folder))
        print(f"Descriptions mistyped: {args.typos:.0%} of their words of five letters or more")
        return measure(args, data)


def measure(args: argparse.Namespace, data: Path) -> int:
    """Rank and score as `main` was asked, on the files in `data`."""
    all_cases = read_truth(data / "truth.csv")
    offer_ids = [row["id"] for row in matching_baseline.read_csv(data / "offers.csv")]
    self_check(all_cases, offer_ids)
    cases = [c for c in all_cases if args.split == "all" or c.split == args.split]
    print(
        f"Matching quality on the {args.split} split: {len(cases)} real cases among "
        f"{len(offer_ids)} offers (data: {args.data})"
    )

    results: list[tuple[str, Scores, int | None, float]] = []
    start = time.perf_counter()
    baseline = evaluate(run_baseline(data), cases)
    results.append(("baseline", baseline, None, time.perf_counter() - start))

    runner = engine_runner()
    runners = [("engine", runner)]
    if runner is not None and not args.no_semantic and semantic_available():
        runners.append(("engine+meaning", engine_runner(semantic=True)))
    if runner is None:
        print("The engine is missing (boucle.engines.matching has no match/read_declarations yet):")
        print("only the baseline is measured.")
    for name, run in runners:
        if run is None:
            continue
        start = time.perf_counter()
        try:
            engine = evaluate(run(data, args.top), cases)
        except Exception as error:  # a broken engine must not hide the baseline
            failed = f"{type(error).__name__}: {error}"
            print(f"The {name} failed ({failed}): it is not measured.")
        else:
            results.append((name, engine, args.top, time.perf_counter() - start))

    print()
    print(f"{'method':<14} {'hit@1':>6} {'hit@5':>6} {'MRR':>6}   seconds")
    for name, scores, _, seconds in results:
        print(f"{name:<14} {scores.hit1:6.2f} {scores.hit5:6.2f} {scores.mrr:6.3f}   {seconds:.2f}")
    rounds = sorted({case.round for case in cases})
    if len(rounds) > 1:
        print()
        print("by writing round (the newest round is the one no engine change has seen):")
        for round_ in rounds:
            subset = {c.name for c in cases if c.round == round_}
            for name, scores, _, _ in results:
                part = summarise({c: r for c, r in scores.ranks.items() if c in subset})
                print(
                    f"  round {round_} ({len(subset):>3} cases) {name:<14}"
                    f" {part.hit1:6.2f} {part.hit5:6.2f} {part.mrr:6.3f}"
                )
    for name, scores, listed, _ in results:
        print()
        print("\n".join(misses(name, scores, cases, listed)))
    measured = {name for name, *_ in results}
    return 0 if runner is None or measured >= {name for name, _ in runners} else 1


if __name__ == "__main__":
    sys.exit(main())
