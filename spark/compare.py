#!/usr/bin/env python3
"""Compare extracted output with `lede extract --json` over the whole corpus.

    compare.py WHOLE.jsonl OTHER [OTHER ...]

WHOLE is one machine's contract; each OTHER is contract JSON Lines (a file, or a folder of
part files as Spark writes them). Articles are matched by id; they must have the same
canonical names (corpus-wide and per article, with aliases and mentions) and the same quotes
with the same speakers. Prints what it compared; exits 1 on the first kinds of difference.
"""
import json
import os
import sys


def records(path):
    files = [path]
    if os.path.isdir(path):
        files = sorted(os.path.join(path, f) for f in os.listdir(path)
                       if not f.startswith((".", "_")) and not f.endswith(".crc"))
    for f in files:
        with open(f, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield json.loads(line)


def summary(path):
    by_id = {}
    for r in records(path):
        entities = {(e["kind"], e["name"]): (tuple(e["aliases"]), tuple(map(tuple, e["mentions"])))
                    for e in r["entities"]}
        quotes = [(tuple(q["span"]), q["speaker"], q["kind"], q["scare"]) for q in r["quotes"]]
        by_id[r["id"]] = (entities, quotes)
    return by_id


def main():
    whole = summary(sys.argv[1])
    names = {k for entities, _ in whole.values() for k in entities}
    quotes = sum(len(q) for _, q in whole.values())
    speakers = sum(1 for _, qs in whole.values() for q in qs if q[1])
    print(f"whole: {len(whole)} articles, {len(names)} canonical names, {quotes} quotes, "
          f"{speakers} with a speaker")
    failed = False
    for other_path in sys.argv[2:]:
        other = summary(other_path)
        problems = []
        if set(other) != set(whole):
            problems.append(f"articles differ: {len(set(whole) - set(other))} missing, "
                            f"{len(set(other) - set(whole))} extra")
        other_names = {k for entities, _ in other.values() for k in entities}
        if other_names != names:
            problems.append(f"canonical names differ: only whole {sorted(names - other_names)[:5]}, "
                            f"only here {sorted(other_names - names)[:5]}")
        bad_entities = [i for i in whole if i in other and other[i][0] != whole[i][0]]
        bad_quotes = [i for i in whole if i in other and other[i][1] != whole[i][1]]
        if bad_entities:
            i = bad_entities[0]
            a, b = whole[i][0], other[i][0]
            diff = sorted(set(a.items()) ^ set(b.items()))[:4]
            problems.append(f"{len(bad_entities)} articles with other entities (first {i}: {diff})")
        if bad_quotes:
            i = bad_quotes[0]
            problems.append(f"{len(bad_quotes)} articles with other quotes or speakers (first {i})")
        if problems:
            failed = True
            print(f"{other_path}: DIFFERS")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"{other_path}: same canonical names, entity sets, mentions, quotes and speakers")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
