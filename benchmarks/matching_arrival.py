"""What the semantic view gains on cases no rule was written for: each round's dev cases ranked
by the engine as it was when the round arrived, then re-ranked by meaning at several weights.

    python -m benchmarks.matching_arrival                       # the rounds of ARRIVALS
    python -m benchmarks.matching_arrival --weights 0,0.12,0.2,0.3
    python -m benchmarks.matching_arrival --arrival 13:abc1234  # a new round and its engine

Tuned dev cases flatter any change the rules already agree with: once a round's misses have
been fixed class by class, its dev cases say little of what an unseen case gains. The test
split cannot be used to choose. What can: the dev cases of each round as the engine *of its
arrival* ranked them, before anything was changed for them. The engine of that commit (its
`src/boucle`, from `git archive`) ranks today's files, the 50 best offers of each need with
their scores and resource parts are kept (in the cache directory of `vector_cache`, by commit
and files), and each round's dev cases are re-ranked as `score.add_meaning` does: w of the
resource part's weight goes to the closeness in meaning, score + w x (closeness - resource).
The kind factor and the scale of the old engine's pairs are not known here: the closeness is
taken at full weight, which changes nothing for pairs of the same kind and the same scale (most
of the pool).

Only dev cases are read. ARRIVALS lists, for each round, the commit whose engine first met it:
the commit before the first change made for the round's dev cases.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from benchmarks.matching_quality import DATA, Case, read_truth, summarise
from boucle.engines.matching import meaning, read_declarations
from boucle.engines.matching.score import WEIGHTS as SCORE_WEIGHTS
from boucle.engines.matching.vector_cache import cache_directory

# Round -> the commit whose engine first ranked its cases (docs/matching-evaluation.md, "The
# semantic view on arrival").
ARRIVALS = {
    8: "abef343",
    9: "b1f559b",
    10: "8ffac33",
    11: "e8aa7da",
    12: "d5c607a",
    13: "2f888ff",
    14: "35a6b71",
}
WEIGHTS = (0.0, 0.15, 0.20, 0.25, 0.30)
POOL = 50
ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter whose path holds the old engine only: its `match` as it was.
_RANK = """
import json, sys
from boucle.engines.matching import match, read_declarations
offers = read_declarations(sys.argv[1] + "/offers.csv", "offer")
needs = read_declarations(sys.argv[1] + "/needs.csv", "need")
found = match(offers, needs, top=int(sys.argv[3]))
json.dump({m.need_id: [[c.offer_id, c.score, c.parts["resource"]] for c in m.candidates]
           for m in found}, open(sys.argv[2], "w"))
"""

# need id -> (offer id, score, resource criterion), best first
Ranking = Mapping[str, list[tuple[str, float, float]]]


def _files_digest(data: Path) -> str:
    digest = hashlib.sha256()
    for name in ("offers.csv", "needs.csv"):
        digest.update((data / name).read_bytes())
    return digest.hexdigest()[:16]


def resolved(commit: str) -> str:
    """The full hash of `commit` (a branch or HEAD moves: the cache must not); SystemExit with
    git's words when it names no commit of this repository, or git is missing."""
    command = ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}"]
    try:
        found = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise SystemExit(
            "matching_arrival needs git, to take the old engines from history"
        ) from None
    if found.returncode != 0:
        raise SystemExit(f"{commit}: no such commit in {ROOT}")
    return found.stdout.strip()


def ranked_on_arrival(commit: str, data: Path) -> Ranking:
    """The `POOL` best offers of every need by the engine of `commit` (a full hash: `resolved`),
    on the files in `data` (kept, so that a rerun on the same files costs nothing), each with
    its score and its resource criterion (the resource part over its weight)."""
    name = f"{commit}-{POOL}-{_files_digest(data)}-resource.json"
    kept = cache_directory() / "arrival" / name
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as folder:
            # git and tar from the PATH, on a commit named by whoever runs the benchmark.
            command = ["git", "-C", str(ROOT), "archive", commit, "src/boucle"]
            archive = subprocess.run(command, check=True, capture_output=True).stdout  # noqa: S603
            untar = ["tar", "-x", "-C", folder]
            subprocess.run(untar, input=archive, check=True)  # noqa: S603
            environment = {**os.environ, "PYTHONPATH": str(Path(folder) / "src")}
            # Written beside the cache, moved in whole: a run stopped halfway, or two at once,
            # leave no half file under the cache's name.
            partial = Path(folder) / "ranking.json"
            subprocess.run(  # noqa: S603 - our own interpreter and arguments
                [sys.executable, "-c", _RANK, str(data), str(partial), str(POOL)],
                check=True,
                env=environment,
                cwd=folder,
            )
            staged = kept.with_suffix(f".{os.getpid()}.partial")  # on the cache's file system
            shutil.copyfile(partial, staged)
            os.replace(staged, kept)
    loaded = json.loads(kept.read_text(encoding="utf-8"))
    weight = SCORE_WEIGHTS["resource"]
    return {
        need: [(offer, float(score), float(part) / weight) for offer, score, part in found]
        for need, found in loaded.items()
    }


def reranked(
    cases: list[Case],
    ranking: Ranking,
    vectors: meaning.Vectors,
    rows: tuple[dict[str, int], dict[str, int]],
    weight: float,
) -> dict[str, int | None]:
    """Each case's best rank once its need's pool is re-scored with meaning at `weight`, taken
    from the resource part's weight (`score.add_meaning`)."""
    offer_row, need_row = rows
    ranks: dict[str, int | None] = {}
    for case in cases:
        pool = ranking.get(case.need_id, [])[:POOL]
        if not pool:
            ranks[case.name] = None
            continue
        offers = [offer for offer, _, _ in pool]
        score = np.array([s for _, s, _ in pool])
        resource = np.array([r for _, _, r in pool])
        closeness = meaning.closeness(
            vectors,
            np.array([offer_row[o] for o in offers], dtype=np.int64),
            np.full(len(offers), need_row[case.need_id], dtype=np.int64),
        )
        order = np.argsort(-(score + weight * (closeness - resource)), kind="stable")
        ranked = [offers[i] for i in order]
        found = [ranked.index(o) + 1 for o in case.offer_ids if o in ranked]
        ranks[case.name] = min(found) if found else None
    return ranks


def _arrivals(text: list[str]) -> dict[int, str]:
    arrivals = dict(ARRIVALS)
    for item in text:
        round_, _, commit = item.partition(":")
        arrivals[int(round_)] = commit
    return arrivals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matching_arrival")
    parser.add_argument(
        "--weights",
        default=",".join(str(w) for w in WEIGHTS),
        help="weights of meaning to compare, each taken from the resource part's (comma-"
        "separated; 0: the engine of the arrival alone)",
    )
    parser.add_argument(
        "--arrival",
        action="append",
        default=[],
        metavar="ROUND:COMMIT",
        help="the commit whose engine first ranked a round (adds to or replaces ARRIVALS)",
    )
    parser.add_argument("--data", type=Path, default=DATA, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    weights = [float(w) for w in args.weights.split(",")]
    # Every commit checked, and the model, before the minutes of embedding and ranking.
    arrivals = {round_: resolved(commit) for round_, commit in _arrivals(args.arrival).items()}
    meaning.check()

    dev = [c for c in read_truth(args.data / "truth.csv") if c.split == "dev"]
    offers = read_declarations(args.data / "offers.csv", "offer")
    needs = read_declarations(args.data / "needs.csv", "need")
    vectors = meaning.embed(offers, needs)
    rows = ({d.id: i for i, d in enumerate(offers)}, {d.id: i for i, d in enumerate(needs)})

    ranks: dict[float, dict[str, int | None]] = {w: {} for w in weights}
    by_round: dict[int, list[Case]] = {}
    for round_, commit in sorted(arrivals.items()):
        cases = [c for c in dev if c.round == round_]
        if not cases:
            continue
        by_round[round_] = cases
        ranking = ranked_on_arrival(commit, args.data)
        for weight in weights:
            ranks[weight].update(reranked(cases, ranking, vectors, rows, weight))

    total = sum(len(cases) for cases in by_round.values())
    rounds = ", ".join(map(str, by_round))
    print(f"Dev cases on arrival: {total} of rounds {rounds}, re-ranked by meaning")
    print(f"(hit@1 / hit@5 / MRR; data: {args.data})")
    print()
    header = "".join(f"  round {r} ({len(c)})".ljust(22) for r, c in by_round.items())
    print(f"{'weight':<8}{'all (' + str(total) + ')':<22}{header}")
    for weight in weights:
        line = [summarise(ranks[weight])]
        line += [
            summarise({c.name: ranks[weight][c.name] for c in cases}) for cases in by_round.values()
        ]
        cells = "".join(f"{s.hit1:.3f} / {s.hit5:.3f} / {s.mrr:.3f}".ljust(22) for s in line)
        print(f"{weight:<8.2f}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
