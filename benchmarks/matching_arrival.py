"""What the semantic view gains on cases no rule was written for: each round's dev cases ranked
by the engine as it was when the round arrived, then re-ranked by meaning at several weights.

    python -m benchmarks.matching_arrival                       # the rounds of ARRIVALS
    python -m benchmarks.matching_arrival --weights 0,0.12,0.2,0.3
    python -m benchmarks.matching_arrival --shared --weights 0,0.3,0.5,0.6   # tried, dropped
    python -m benchmarks.matching_arrival --arrival 13:abc1234  # a new round and its engine
    python -m benchmarks.matching_arrival --close-in-meaning    # neighbours close in meaning
    python -m benchmarks.matching_arrival --close-in-meaning --closest 5,8,10 --nearest 300

Tuned dev cases flatter any change the rules already agree with: once a round's misses have
been fixed class by class, its dev cases say little of what an unseen case gains. The test
split cannot be used to choose. What can: the dev cases of each round as the engine *of its
arrival* ranked them, before anything was changed for them. The engine of that commit (its
`src/boucle`, from `git archive`) ranks today's files, the 50 best offers of each need with
their scores and resource parts are kept (in the cache directory of `vector_cache`, by commit
and files), and each round's dev cases are re-ranked as `score.add_meaning` does: w of the
resource part's weight goes from the knowledge base's reading r to the closeness in meaning m,
score + w x (m - r). With `--shared`, a rule tried and dropped on 30 November 2026 (better on
these pools, worse on the test split): the part shared as far as the knowledge base is unsure,
score + w x (1 - r) x (m - r), which at the resource part's weight (w = 0.5) gives it
r x r + (1 - r) x m. The kind factor
and the scale of the old engine's pairs are not known here: the closeness is taken at full
weight, which changes nothing for pairs of the same kind and the same scale (most of the pool).

With `--close-in-meaning`, the neighbours close in meaning (docs/matching.md, "Neighbours close
in meaning") are weighed the same way: the engine of the arrival scores every pair of the round's
dev needs by brute force (its rules, kind factors and scales; its fallbacks among each need's
nearest as `match` asks them), and a second time with the fallbacks' floors of shared words and
nearness removed, which says which pairs the rules let through and what each would score as a
fallback; it also gives each need's `--nearest` nearest offers by site. Today's model then adds
each need's `--closest` closest in meaning among those, let through, as fallbacks; the 50 best
by score are re-scored with meaning as the engine does (`score.with_meaning`, with the old
pairs' kind factor and scale) and ranked, beside the same pool with nothing added.

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
from typing import Any

import numpy as np

from benchmarks.matching_quality import DATA, Case, read_truth, summarise
from boucle.engines.matching import meaning, read_declarations
from boucle.engines.matching.meaning import CLOSEST, MEANING_WEIGHT, NEAREST
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
    15: "d338129",
}
WEIGHTS = (0.0, 0.15, 0.20, 0.25, 0.30)
SHARED_WEIGHTS = (0.0, 0.3, 0.4, 0.5, 0.6)
SHARED_AT = SCORE_WEIGHTS["resource"]  # the shared rule's weight when it was tried
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

# Run as _RANK is. Every pair of the asked needs (argv 5 on) scored by brute force, its fallbacks
# among the nearest that `match` asks for its default top of 10; then again with the fallbacks'
# floors removed: a pair the rules let through is then eligible or a fallback whatever words it
# shares and however far it is, with the score it would have as a fallback. For each need: its
# `POOL` best (argv 3) and its nearest offers by site (as many as argv 4), nearest first.
_SCORE = """
import json, sys
import numpy as np
from boucle.engines.matching import read_declarations, score
from boucle.engines.matching.candidates import Neighbours
from boucle.engines.matching.knowledge import load_knowledge
from boucle.engines.matching.match import neighbours_for
from boucle.engines.matching.sides import prepare
offers = read_declarations(sys.argv[1] + "/offers.csv", "offer")
needs = read_declarations(sys.argv[1] + "/needs.csv", "need")
pool, nearest, asked = int(sys.argv[3]), int(sys.argv[4]), set(sys.argv[5:])
prepared = prepare(offers, needs, load_knowledge())
rows = np.array([i for i, d in enumerate(needs) if d.id in asked], dtype=np.int64)
need = np.repeat(rows, len(offers))
offer = np.tile(np.arange(len(offers), dtype=np.int64), len(rows))
around = Neighbours(prepared, for_needs=True, count=neighbours_for(10), max_km=None)
nearby = around.among(need, offer)
found = score.score_pairs(prepared, offer, need, nearby=nearby)
# The fallbacks' floors, in one place: engines up to e8aa7da read them as globals of `score`,
# later ones from the constants `score._kernel()` gives its compiled kernel.
if hasattr(score, "_kernel"):
    kernel, constants = score._kernel()
    relaxed = constants._replace(fallback_text_min=0.0, fallback_near=-1.0)
    score._kernel = lambda: (kernel, relaxed)
else:
    score.FALLBACK_TEXT_MIN, score.FALLBACK_NEAR = 0.0, -1.0
loose = score.score_pairs(prepared, offer, need, nearby=np.ones_like(nearby))
best = score.top_k(found, by="need", top=pool)
near_need, near_offer = Neighbours(
    prepared, for_needs=True, count=nearest, max_km=None
).pairs(rows)
at = np.searchsorted(rows, near_need) * len(offers) + near_offer
let_through = loose.eligible | loose.fallback
chosen = found.eligible | found.fallback
out = {needs[i].id: {"pool": [], "nearest": []} for i in rows}
for k in range(len(best.need)):
    out[needs[best.need[k]].id]["pool"].append([
        offers[best.offer[k]].id, float(best.score[k]), float(best.resource[k]),
        float(best.kind_factor[k] * best.scale[k]),
    ])
for k in at:
    out[needs[need[k]].id]["nearest"].append([
        offers[offer[k]].id, float(loose.score[k]), float(loose.resource[k]),
        float(loose.kind_factor[k] * loose.scale[k]), bool(let_through[k]), bool(chosen[k]),
    ])
json.dump(out, open(sys.argv[2], "w"))
"""

# need id -> (offer id, score, resource criterion, kind factor x scale), best first
Ranking = Mapping[str, list[tuple[str, float, float, float]]]
# need id -> {"pool": its `POOL` best as in a Ranking, "nearest": its nearest offers by site,
# nearest first, each (offer id, score as a fallback, resource criterion, kind factor x scale,
# let through by the rules, already eligible or a fallback)}
Scores = Mapping[str, Mapping[str, list[list[Any]]]]


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


def _on_arrival(commit: str, data: Path, name: str, script: str, arguments: list[str]) -> Any:
    """What `script` writes (JSON, to the path of its argv 2) when run by the engine of `commit`
    (a full hash: `resolved`) on the files in `data` (argv 1), kept under `name` in the cache
    directory, so that a rerun on the same files costs nothing."""
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
            partial = Path(folder) / "found.json"
            subprocess.run(  # noqa: S603 - our own interpreter and arguments
                [sys.executable, "-c", script, str(data), str(partial), *arguments],
                check=True,
                env=environment,
                cwd=folder,
            )
            staged = kept.with_suffix(f".{os.getpid()}.partial")  # on the cache's file system
            shutil.copyfile(partial, staged)
            os.replace(staged, kept)
    return json.loads(kept.read_text(encoding="utf-8"))


def ranked_on_arrival(commit: str, data: Path) -> Ranking:
    """The `POOL` best offers of every need by the engine of `commit` (a full hash: `resolved`),
    on the files in `data`, each with its score and its resource criterion (the resource part
    over its weight); the kind factor and the scale are not known here, taken as 1."""
    name = f"{commit}-{POOL}-{_files_digest(data)}-resource.json"
    loaded = _on_arrival(commit, data, name, _RANK, [str(POOL)])
    weight = SCORE_WEIGHTS["resource"]
    return {
        need: [(offer, float(score), float(part) / weight, 1.0) for offer, score, part in found]
        for need, found in loaded.items()
    }


def scored_on_arrival(commit: str, data: Path, needs: list[str], nearest: int) -> Scores:
    """For each of `needs`, its `POOL` best offers by the engine of `commit` and its `nearest`
    nearest offers by site, with what that engine says of them (`Scores`, `_SCORE`)."""
    digest = hashlib.sha256(_files_digest(data).encode())
    digest.update("\n".join(sorted(needs)).encode())
    name = f"{commit}-{POOL}-{nearest}-{digest.hexdigest()[:16]}-close.json"
    found: Scores = _on_arrival(commit, data, name, _SCORE, [str(POOL), str(nearest), *needs])
    return found


def with_close_in_meaning(
    scores: Scores,
    vectors: meaning.Vectors,
    rows: tuple[dict[str, int], dict[str, int]],
    closest: int,
) -> Ranking:
    """Each need's pool once its `closest` closest offers in meaning among its nearest, let
    through by the rules, are fallbacks too (`candidates.Neighbours.close_in_meaning`: only
    those at least `meaning.CLOSE_ENOUGH`, the nearer of equals): its `POOL` best by score."""
    offer_row, need_row = rows
    ranking: dict[str, list[tuple[str, float, float, float]]] = {}
    for need, found in scores.items():
        pool = [(o, float(s), float(r), float(f)) for o, s, r, f in found["pool"]]
        near = [entry for entry in found["nearest"] if entry[4]]  # let through
        if closest and near:
            close = meaning.closeness(
                vectors,
                np.array([offer_row[entry[0]] for entry in near], dtype=np.int64),
                np.full(len(near), need_row[need], dtype=np.int64),
            )
            best = np.argsort(-close, kind="stable")[:closest]
            pool += [
                (o, float(s), float(r), float(f))
                for o, s, r, f, _, chosen in (
                    near[i] for i in best if close[i] >= meaning.CLOSE_ENOUGH
                )
                if not chosen  # already eligible or a fallback: its place is its own
            ]
        order = np.argsort([-s for _, s, _, _ in pool], kind="stable")[:POOL]
        ranking[need] = [pool[i] for i in order]
    return ranking


def reranked(
    cases: list[Case],
    ranking: Ranking,
    vectors: meaning.Vectors,
    rows: tuple[dict[str, int], dict[str, int]],
    weight: float = MEANING_WEIGHT,
    *,
    shared: bool = False,
) -> dict[str, int | None]:
    """Each case's best rank once its need's pool is re-scored with meaning at `weight`, taken
    from the resource part's weight, times the pair's kind factor and scale (the engine's
    `score.with_meaning`), or, `shared`, as far as the knowledge base is unsure. The resource
    criterion r is the old pair's resource part over its weight (`ranked_on_arrival`: kind
    factor and scale taken as 1)."""
    offer_row, need_row = rows
    ranks: dict[str, int | None] = {}
    for case in cases:
        pool = ranking.get(case.need_id, [])[:POOL]
        if not pool:
            ranks[case.name] = None
            continue
        offers = [offer for offer, _, _, _ in pool]
        score, resource, factor = np.array([p[1:] for p in pool]).T
        closeness = meaning.closeness(
            vectors,
            np.array([offer_row[o] for o in offers], dtype=np.int64),
            np.full(len(offers), need_row[case.need_id], dtype=np.int64),
        )
        share = 1.0 - resource if shared else 1.0
        rescored = score + weight * factor * share * (closeness - resource)
        order = np.argsort(-rescored, kind="stable")
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


def _table(
    heading: str,
    label: str,
    ranks: Mapping[str, dict[str, int | None]],
    by_round: dict[int, list[Case]],
    data: Path,
) -> None:
    """hit@1 / hit@5 / MRR of each line of `ranks` (its label -> each case's rank), of all rounds
    and of each."""
    total = sum(len(cases) for cases in by_round.values())
    rounds = ", ".join(map(str, by_round))
    print(f"Dev cases on arrival: {total} of rounds {rounds}, {heading}")
    print(f"(hit@1 / hit@5 / MRR; data: {data})")
    print()
    header = "".join(f"  round {r} ({len(c)})".ljust(22) for r, c in by_round.items())
    print(f"{label:<8}{'all (' + str(total) + ')':<22}{header}")
    for line_label, found in ranks.items():
        line = [summarise(found)]
        line += [summarise({c.name: found[c.name] for c in cases}) for cases in by_round.values()]
        cells = "".join(f"{s.hit1:.3f} / {s.hit5:.3f} / {s.mrr:.3f}".ljust(22) for s in line)
        print(f"{line_label:<8}{cells}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matching_arrival")
    parser.add_argument(
        "--weights",
        help="weights of meaning to compare, each taken from the resource part's, comma-"
        f"separated (0: the engine of the arrival alone; default {','.join(map(str, WEIGHTS))}, "
        f"the engine's {MEANING_WEIGHT}; with --shared {','.join(map(str, SHARED_WEIGHTS))})",
    )
    parser.add_argument(
        "--shared",
        action="store_true",
        help="the rule tried and dropped: the weight taken as far as the knowledge base is "
        "unsure, not whatever it says",
    )
    parser.add_argument(
        "--close-in-meaning",
        action="store_true",
        help="weigh the neighbours close in meaning instead: each round's pools re-ranked by "
        "meaning at the shipped weight, without and with each need's closest in meaning added",
    )
    parser.add_argument(
        "--closest",
        default=str(CLOSEST),
        help="with --close-in-meaning: how many closest in meaning each need adds (comma-"
        "separated to compare several)",
    )
    parser.add_argument(
        "--nearest",
        type=int,
        default=NEAREST,
        help="with --close-in-meaning: among how many nearest offers by site",
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
    default = SHARED_WEIGHTS if args.shared else WEIGHTS
    weights = [float(w) for w in args.weights.split(",")] if args.weights else list(default)
    closest = [int(c) for c in args.closest.split(",")]
    # Every commit checked, and the model, before the minutes of embedding and ranking.
    arrivals = {round_: resolved(commit) for round_, commit in _arrivals(args.arrival).items()}
    meaning.check()

    dev = [c for c in read_truth(args.data / "truth.csv") if c.split == "dev"]
    offers = read_declarations(args.data / "offers.csv", "offer")
    needs = read_declarations(args.data / "needs.csv", "need")
    vectors = meaning.embed(offers, needs)
    rows = ({d.id: i for i, d in enumerate(offers)}, {d.id: i for i, d in enumerate(needs)})

    lines = ["none", *map(str, closest)] if args.close_in_meaning else [f"{w:.2f}" for w in weights]
    ranks: dict[str, dict[str, int | None]] = {line: {} for line in lines}
    by_round: dict[int, list[Case]] = {}
    for round_, commit in sorted(arrivals.items()):
        cases = [c for c in dev if c.round == round_]
        if not cases:
            continue
        by_round[round_] = cases
        if args.close_in_meaning:
            asked = sorted({c.need_id for c in cases})
            scores = scored_on_arrival(commit, args.data, asked, args.nearest)
            for line, count in zip(lines, [0, *closest], strict=True):
                pools = with_close_in_meaning(scores, vectors, rows, count)
                weight = SHARED_AT if args.shared else MEANING_WEIGHT
                found = reranked(cases, pools, vectors, rows, weight, shared=args.shared)
                ranks[line].update(found)
        else:
            ranking = ranked_on_arrival(commit, args.data)
            for line, weight in zip(lines, weights, strict=True):
                found = reranked(cases, ranking, vectors, rows, weight, shared=args.shared)
                ranks[line].update(found)

    if args.close_in_meaning:
        heading = (
            "each need's pool re-ranked by meaning as the engine does, with its closest in "
            f"meaning among its {args.nearest} nearest added (none: nothing added)"
        )
        _table(heading, "closest", ranks, by_round, args.data)
    else:
        rule = (
            "as far as the knowledge base is unsure" if args.shared else "taken from the resource"
        )
        _table(f"re-ranked by meaning ({rule})", "weight", ranks, by_round, args.data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
