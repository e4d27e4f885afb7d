"""Build `src/boucle/engines/matching/data/words.txt.gz`: the French and English words that
the matching engine's spelling reader (`boucle.engines.matching.spelling`) never takes for a
typing error.

    python tools/matching_words.py            # rewrite the file
    python tools/matching_words.py --check    # exit 1 if the shipped file differs

The words are those of wordfreq's "large" French and English lists (Robyn Speer et al.,
https://github.com/rspeer/wordfreq; its data under CC BY-SA 4.0, so is this file) of five
letters or more, lower case, accents removed, letters a-z only, one per line, sorted. The
file is written byte for byte the same from the same wordfreq and zlib (gzip without a time
stamp); `--check` compares the words, whatever zlib compressed them.
wordfreq is a development dependency (`pip install -e '.[dev]'`); the engine only reads the file.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from pathlib import Path

from wordfreq import iter_wordlist

from boucle.engines.matching.spelling import MIN_LENGTH
from boucle.engines.matching.text import strip_accents

TARGET = Path(__file__).resolve().parent.parent / "src/boucle/engines/matching/data/words.txt.gz"


def words() -> list[str]:
    found: set[str] = set()
    for language in ("fr", "en"):
        for word in iter_wordlist(language, "large"):
            plain = strip_accents(word.lower())
            if len(plain) >= MIN_LENGTH and plain.isascii() and plain.isalpha():
                found.add(plain)
    return sorted(found)


def _text(listed: list[str]) -> bytes:
    return ("\n".join(listed) + "\n").encode("ascii")


def compressed(listed: list[str]) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as handle:
        handle.write(_text(listed))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/matching_words.py")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    listed = words()
    if args.check:
        # The words compared, not the compressed bytes, which another zlib (zlib-ng in some
        # Python builds) writes otherwise for the same words.
        same = TARGET.exists() and gzip.decompress(TARGET.read_bytes()) == _text(listed)
        print(f"{TARGET}: {'up to date' if same else 'differs from what wordfreq gives'}")
        return 0 if same else 1
    built = compressed(listed)
    TARGET.write_bytes(built)
    print(f"{TARGET}: {len(built):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
