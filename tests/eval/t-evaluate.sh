#!/bin/sh
# t-evaluate.sh - the ranking evaluator's arithmetic on a tiny hand-made
# case (tests/eval/evaluate.c).
EVALUATE=${EVALUATE:-$(pwd)/tests/eval/evaluate}
. "${srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# Judgments in the cranqrel layout and its quirks: runs of white space,
# trailing spaces, a -1 code, no newline at the end.  Query 1 has three
# relevant documents (gains 4, 2 and 1), query 2 one, query 3 none.
printf '1 10 1 \n1  20 3 \n1 30 -1\n1 40\t4 \n2 50 2 \n3 60 -1' >qrels
# Run lines out of order; document 20 repeated (counts at rank 1 only);
# query 9 has no judgments (ignored); 30 (code -1) is not relevant.
cat >run <<'RUN'
1 10 3
1 20 1
1 99 2
1 30 4
1 20 5
2 77 1
9 10 1
RUN

# Query 1: relevant at ranks 1 and 3 of 3 relevant:
#   AP = (1/1 + 2/3) / 3 = 0.5556, P@10 = 2/10 = 0.2,
#   DCG = 2/log2(2) + 4/log2(4) = 4,
#   ideal DCG = 4/log2(2) + 2/log2(3) + 1/log2(4) = 5.7619,
#   nDCG@10 = 0.6942.  Queries 2 and 3 score 0; means over 3 queries.
run "$EVALUATE" -q qrels run
check_status 0 "the evaluator accepts cranqrel quirks"
check_eq "$(sed -n 1p out)" "$(printf '1\t0.5556\t0.2000\t0.6942')" \
    "AP, P@10 and nDCG@10 of one query"
check_eq "$(sed -n 2,3p out | tr '\n' ' ')" \
    "$(printf '2\t0.0000\t0.0000\t0.0000 3\t0.0000\t0.0000\t0.0000 ')" \
    "queries without relevant documents retrieved score 0"
check_eq "$(sed -n '4,$p' out | tr '\n' ' ')" \
    "$(printf 'map\t0.1852 P_10\t0.0667 ndcg_cut_10\t0.2314 queries\t3 ')" \
    "means over every judged query"

# Graded gain: the same run with the code-4 document first instead.
printf '1 40 1\n' >run2
run "$EVALUATE" -q qrels run2
check_eq "$(sed -n 1p out)" "$(printf '1\t0.3333\t0.1000\t0.1736')" \
    "a document of minimum interest gains 1 of an ideal 5.7619"

printf '1 10\n' >bad
run "$EVALUATE" qrels bad
check_status 2 "a line without a rank is an error"

run "$EVALUATE" qrels
check_status 2 "usage error without a run"

finish
