#!/usr/bin/python3
"""fts5.py - the SQLite FTS5 reference of the benchmark.

Usage: fts5.py index DB FILE.jsonl
       fts5.py query DB < QUERIES.tsv

index reads the JSON Lines that reuters2jsonl writes and inserts one row
per paragraph into an FTS5 table (tokenize='porter unicode61'), in one
transaction; the date and the tags (",tag1,tag2,", lower case) are
UNINDEXED columns, for the filters.

query reads the benchmark's queries (tests/bench/queries.tsv: QUERY, then
optional SINCE, UNTIL and TAG columns, tab-separated): MATCH on the text
column, the filters in SQL, ORDER BY bm25, LIMIT 10, with snippet() of
about 40 tokens.  Hits go to stdout; stderr gets one line per query: its
wall time in microseconds (statement to last row printed) and its number
of hits.  A query FTS5 cannot parse counts as no hit.

Python 3 standard library only (Debian's python3 has FTS5 in sqlite3).
Benchmark tooling: not installed.
"""
import json
import sqlite3
import sys
import time


def index(db_path, jsonl_path):
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE p USING fts5("
               "text, date UNINDEXED, tags UNINDEXED, "
               "tokenize='porter unicode61')")
    with open(jsonl_path, encoding="utf-8") as f:
        with db:
            for line in f:
                a = json.loads(line)
                date = a.get("date")
                tags = "," + ",".join(t.lower() for t in a.get("tags", [])) + ","
                db.executemany("INSERT INTO p(text, date, tags) VALUES (?, ?, ?)",
                               ((t, date, tags) for t in a["paragraphs"]))
    db.close()


def fts_query(words):
    """The benchmark's query (words and "phrases") in FTS5 syntax: bare
    words are quoted so that no word is read as an operator."""
    out, phrase = [], False
    for part in words.split('"'):
        if phrase and part.strip():
            out.append('"' + part.strip() + '"')
        elif not phrase:
            out.extend('"' + w + '"' for w in part.split())
        phrase = not phrase
    return " ".join(out)


def query(db_path):
    db = sqlite3.connect(db_path)
    out = sys.stdout
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        t0 = time.perf_counter()
        col = (line.split("\t") + ["", "", ""])[:4]
        sql = ("SELECT rowid, bm25(p), snippet(p, 0, '<b>', '</b>', '...', 40)"
               " FROM p WHERE p MATCH ?")
        args = ["text : (" + fts_query(col[0]) + ")"]
        if col[1]:
            sql += " AND date >= ?"
            args.append(col[1])
        if col[2]:
            sql += " AND date <= ?"
            args.append(col[2])
        if col[3]:
            sql += " AND instr(tags, ?) > 0"
            args.append("," + col[3].lower() + ",")
        sql += " ORDER BY bm25(p) LIMIT 10"
        try:
            rows = db.execute(sql, args).fetchall()
        except sqlite3.OperationalError:
            rows = []
        for rowid, score, snippet in rows:
            out.write("%d\t%.3f\t%s\n" % (rowid, -score, snippet))
        t1 = time.perf_counter()
        sys.stderr.write("%d\t%d\n" % ((t1 - t0) * 1e6, len(rows)))
    db.close()


def main(argv):
    if len(argv) == 4 and argv[1] == "index":
        index(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == "query":
        query(argv[2])
    else:
        sys.stderr.write("usage: fts5.py index DB FILE.jsonl\n"
                         "       fts5.py query DB < QUERIES.tsv\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
