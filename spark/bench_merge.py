#!/usr/bin/env python3
"""The merge step's cost as a function of distinct names: synthetic name tables of N rows
(people with first and last names drawn so that surnames, spellings and lone surnames collide
as in news; organisations and countries), timed through `lede merge --partial` and `lede merge`
with their peak memory.

    bench_merge.py LEDE N [N ...]        e.g. bench_merge.py target/release/lede 100000 1000000
"""
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time

SYLLABLES = ["ka", "ra", "mo", "li", "den", "sar", "vi", "to", "an", "el", "son", "berg",
             "ha", "mi", "no", "ru", "sha", "ter", "wa", "zo", "ov", "ski", "ez", "ni"]


def word(rng, parts):
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def table(n, rng):
    """n rows of a name table, as `lede extract --shard` writes them."""
    firsts = [word(rng, 2) for _ in range(max(50, n // 200))]
    lasts = [word(rng, rng.choice((2, 3))) for _ in range(max(100, n // 3))]
    seen = set()
    while len(seen) < n:
        r = rng.random()
        if r < 0.55:
            kind, name = "person", f"{rng.choice(firsts)} {rng.choice(lasts)}"
        elif r < 0.75:
            kind, name = "person", rng.choice(lasts)
        elif r < 0.97:
            kind, name = "organisation", f"{word(rng, 2)} {rng.choice(('Ministry', 'Corp', 'University', 'Party'))}"
        else:
            kind, name = "country", word(rng, 3)
        if (kind, name) in seen:
            continue
        seen.add((kind, name))
        count = rng.randint(1, 20)
        yield {"names": {"kind": kind, "name": name, "forms": {name: count}, "mentions": count,
                         "known": kind == "country", "tentative": kind == "person" and " " not in name,
                         "confidence": count * 3 * 2**30}}


def timed(cmd, stdin_path):
    with open(stdin_path, "rb") as f:
        start = time.perf_counter()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL, check=True)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main():
    lede, sizes = sys.argv[1], [int(n) for n in sys.argv[2:]]
    rng = random.Random(16)
    print("| distinct names | table MB | merge --partial s | merge s | entities | peak MB (merge) |")
    print("|---|---|---|---|---|---|")
    for n in sizes:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            for row in table(n, rng):
                f.write(json.dumps(row, separators=(",", ":")) + "\n")
            path = f.name
        mb = os.path.getsize(path) / 1e6
        partial, _ = timed([lede, "merge", "--partial", "-"], path)
        merge, peak = timed([lede, "merge", "-"], path)
        out = subprocess.run([lede, "merge", path], capture_output=True, check=True).stdout
        entities = out.count(b"\n")
        print(f"| {n:,} | {mb:.0f} | {partial:.2f} | {merge:.2f} | {entities:,} | {peak:.0f} |",
              flush=True)
        os.unlink(path)


if __name__ == "__main__":
    main()
