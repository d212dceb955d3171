#!/usr/bin/python3
"""make-queries.py - write the benchmark's fixed queries (queries.tsv).

Usage: make-queries.py REUTERS.jsonl > tests/bench/queries.tsv

Run once; its output is committed, so every run of the benchmark, and
every engine in it, answers the same questions.  Each line is QUERY, then
SINCE, UNTIL (YYYY-MM-DD, inclusive) and TAG, tab-separated, empty when
not used.  QUERY is two words or a "phrase" of two or three words, taken
from one paragraph of the collection (so that nearly all have hits):

  160 two-word queries, 80 phrases, 40 two-word queries within a date
  range, 30 within a tag (a place or topic), 20 phrases with both.

The date ranges and tags come from a short list, so that artsearch
(whose filters are options of the whole --batch) runs few batches.
"""
import json
import random
import re
import sys

STOP = set("""a about above after again against all also am an and any are as
at be because been before being below between both but by can could did do
does doing down during each few for from further had has have having he her
here hers him his how i if in into is it its itself just may me more most
mln my no nor not now of off on once only or other our out over own pct per
same she should so some such than that the their them then there these they
this those through to too under until up very vs was we were what when where
which while who whom why will with would you your said says dlrs cts reuter
year years last first""".split())

RANGES = [("1987-03-01", "1987-03-31"), ("1987-04-01", "1987-06-30"),
          ("1987-02-26", "1987-03-15"), ("1987-06-01", "1987-10-31")]
TAGS = ["usa", "uk", "japan", "west-germany", "canada", "grain", "crude",
        "earn", "acq", "money-fx", "trade", "interest"]


def words(text):
    """The tokens of text, None for those that are not plain words (with
    digits, apostrophes, ...): no engine splits a plain word differently."""
    return [w if re.fullmatch(r"[a-z]+", w) else None
            for w in (t.strip(".-&'") for t in
                      re.findall(r"[\w'.&-]+", text.lower()))]


def main(argv):
    rng = random.Random(21578)
    paras = []
    with open(argv[1], encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            tags = [t.lower() for t in a.get("tags", [])]
            for p in a["paragraphs"]:
                paras.append((p, a.get("date", ""), tags))
    seen = set()

    def pick(date_range=None, tag=None, phrase=False):
        while True:
            text, date, tags = rng.choice(paras)
            if date_range and not date_range[0] <= date <= date_range[1]:
                continue
            if tag and tag not in tags:
                continue
            ws = words(text)
            if phrase:
                n = rng.choice((2, 2, 3))
                if len(ws) < n:
                    continue
                i = rng.randrange(len(ws) - n + 1)
                run = ws[i:i + n]
                if None in run or run[0] in STOP or run[-1] in STOP or min(map(len, run)) < 2:
                    continue
                q = '"' + " ".join(run) + '"'
            else:
                content = sorted(set(w for w in ws if w and w not in STOP
                                     and len(w) >= 4))
                if len(content) < 2:
                    continue
                q = " ".join(rng.sample(content, 2))
            key = (q, date_range, tag)
            if key in seen:
                continue
            seen.add(key)
            return q

    out = []
    for _ in range(160):
        out.append((pick(), "", "", ""))
    for _ in range(80):
        out.append((pick(phrase=True), "", "", ""))
    for _ in range(40):
        r = rng.choice(RANGES)
        out.append((pick(date_range=r), r[0], r[1], ""))
    for _ in range(30):
        t = rng.choice(TAGS)
        out.append((pick(tag=t), "", "", t))
    for _ in range(20):
        r, t = rng.choice(RANGES), rng.choice(TAGS[:5])
        out.append((pick(date_range=r, tag=t, phrase=True), r[0], r[1], t))
    for row in out:
        print("\t".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
