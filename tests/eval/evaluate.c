/* evaluate.c - ranking quality of a run against relevance judgments.
 *
 * Usage: evaluate [-q] QRELS RUN
 *
 * QRELS holds "QUERY DOC CODE" lines (the Cranfield cranqrel format:
 * fields separated by runs of white space, the last line may lack its
 * newline).  A document is relevant to a query when its code is 1 to 4,
 * with graded gain 5 - CODE (1, complete answer: 4; 4, minimum interest:
 * 1); any other code (Cranfield's -1) counts as not relevant.  RUN holds
 * "QUERY DOC RANK" lines (more fields are ignored); a document listed
 * twice for a query counts at its best rank only.
 *
 * For each query of QRELS: average precision over all its relevant
 * documents (AP), precision at 10 (P@10) and nDCG@10, the discounted
 * cumulative gain of the first 10 ranks (gain / log2(rank + 1)) over that
 * of the ideal order of all the query's relevant documents.  A query
 * without any relevant document retrieved scores 0.  Prints the means over
 * every query of QRELS as "map", "P_10", "ndcg_cut_10" and "queries"
 * lines (name TAB value), after one "QUERY AP P@10 nDCG@10" line per query
 * with -q.  Exit status 0, 2 on a usage or input error.  Evaluation
 * tooling: not installed.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CUTOFF 10

typedef struct entry {
    long query;
    char *doc;
    long value; /* the code (qrels) or the rank (run) */
    long line;  /* input order, to keep sorting stable */
} entry_t;

typedef struct list {
    entry_t *e;
    size_t n, cap;
} list_t;

static void die(const char *what)
{
    fprintf(stderr, "evaluate: %s\n", what);
    exit(2);
}

/* Read "QUERY DOC VALUE ..." lines of path into *out, or exit
 * with status 2 naming the bad line. */
static void load(const char *path, list_t *out)
{
    FILE *in = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    long number = 0;

    if (!in) {
        perror(path);
        exit(2);
    }
    while (getline(&line, &cap, in) >= 0) {
        char *fields[3], *save = NULL, *end;
        int n = 0;
        entry_t e;

        number++;
        for (char *t = strtok_r(line, " \t\r\n", &save); t && n < 3;
             t = strtok_r(NULL, " \t\r\n", &save))
            fields[n++] = t;
        if (n == 0)
            continue;
        if (n < 3) {
            fprintf(stderr, "evaluate: %s:%ld: expected QUERY DOC VALUE\n",
                    path, number);
            exit(2);
        }
        e.query = strtol(fields[0], &end, 10);
        if (*end || end == fields[0]) {
            fprintf(stderr, "evaluate: %s:%ld: bad query number '%s'\n", path,
                    number, fields[0]);
            exit(2);
        }
        e.value = strtol(fields[2], &end, 10);
        if (*end || end == fields[2]) {
            fprintf(stderr, "evaluate: %s:%ld: bad number '%s'\n", path, number,
                    fields[2]);
            exit(2);
        }
        e.doc = strdup(fields[1]);
        e.line = number;
        if (!e.doc)
            die("out of memory");
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 1024;
            out->e = realloc(out->e, out->cap * sizeof *out->e);
            if (!out->e)
                die("out of memory");
        }
        out->e[out->n++] = e;
    }
    if (ferror(in))
        die("read error");
    free(line);
    fclose(in);
}

/* qrels order: by query, then document. */
static int by_query_doc(const void *a, const void *b)
{
    const entry_t *x = a, *y = b;
    if (x->query != y->query)
        return x->query < y->query ? -1 : 1;
    return strcmp(x->doc, y->doc);
}

/* run order: by query, then rank, then input line. */
static int by_query_rank(const void *a, const void *b)
{
    const entry_t *x = a, *y = b;
    if (x->query != y->query)
        return x->query < y->query ? -1 : 1;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static int descending(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The gain of a judgment code: 5 - code for 1..4, else 0. */
static double gain(long code)
{
    return code >= 1 && code <= 4 ? (double)(5 - code) : 0.0;
}

/* The judgment of doc for query in qrels[from, to), or NULL. */
static entry_t *judgment(list_t *qrels, size_t from, size_t to, long query,
                         const char *doc)
{
    entry_t key = {query, (char *)doc, 0, 0};
    return bsearch(&key, qrels->e + from, to - from, sizeof key, by_query_doc);
}

/* run order within a query: by document, then rank (to find repeats). */
static int by_doc_rank(const void *a, const void *b)
{
    const entry_t *x = *(entry_t *const *)a, *y = *(entry_t *const *)b;
    int c = strcmp(x->doc, y->doc);
    if (c)
        return c;
    return by_query_rank(x, y);
}

/* Mark (value = -1) every repeat of a document in run[from, to), which
 * holds one query's lines in rank order. */
static void mark_repeats(list_t *run, size_t from, size_t to)
{
    size_t n = to - from;
    entry_t **order = malloc((n ? n : 1) * sizeof *order);

    if (!order)
        die("out of memory");
    for (size_t i = 0; i < n; i++)
        order[i] = &run->e[from + i];
    qsort(order, n, sizeof *order, by_doc_rank);
    for (size_t i = 1; i < n; i++)
        if (strcmp(order[i]->doc, order[i - 1]->doc) == 0)
            order[i]->value = -1;
    free(order);
}

/* The scores of one query. */
typedef struct scores {
    double ap, p10, ndcg;
} scores_t;

/* Score the run lines run[from, to) (one query, rank order, repeats
 * marked) against the judgments qrels[q, q_end) of that query. */
static scores_t score(list_t *qrels, size_t q, size_t q_end, list_t *run,
                      size_t from, size_t to)
{
    scores_t s = {0, 0, 0};
    size_t relevant = 0, found = 0, rank = 0, top = 0, n_gains = 0;
    double dcg = 0, idcg = 0;
    double *gains = malloc((q_end - q) * sizeof *gains);

    if (!gains)
        die("out of memory");
    for (size_t i = q; i < q_end; i++) {
        if (i > q && strcmp(qrels->e[i].doc, qrels->e[i - 1].doc) == 0) {
            fprintf(stderr, "evaluate: query %ld judges document %s twice\n",
                    qrels->e[i].query, qrels->e[i].doc);
            exit(2);
        }
        if (gain(qrels->e[i].value) > 0) {
            gains[n_gains++] = gain(qrels->e[i].value);
            relevant++;
        }
    }
    qsort(gains, n_gains, sizeof *gains, descending);
    for (size_t i = 0; i < n_gains && i < CUTOFF; i++)
        idcg += gains[i] / log2((double)i + 2);
    free(gains);

    for (size_t r = from; r < to; r++) {
        entry_t *j;
        if (run->e[r].value == -1)
            continue; /* a repeat */
        rank++;
        j = judgment(qrels, q, q_end, run->e[r].query, run->e[r].doc);
        if (!j || gain(j->value) <= 0)
            continue;
        found++;
        s.ap += (double)found / (double)rank;
        if (rank <= CUTOFF) {
            top++;
            dcg += gain(j->value) / log2((double)rank + 1);
        }
    }
    s.ap = relevant ? s.ap / (double)relevant : 0.0;
    s.p10 = (double)top / CUTOFF;
    s.ndcg = idcg > 0 ? dcg / idcg : 0.0;
    return s;
}

int main(int argc, char **argv)
{
    list_t qrels = {0}, run = {0};
    int per_query = 0;
    size_t q = 0, r = 0, queries = 0;
    double sum_ap = 0, sum_p = 0, sum_ndcg = 0;

    if (argc > 1 && strcmp(argv[1], "-q") == 0) {
        per_query = 1;
        argv++;
        argc--;
    }
    if (argc != 3) {
        fputs("Usage: evaluate [-q] QRELS RUN\n", stderr);
        return 2;
    }
    load(argv[1], &qrels);
    load(argv[2], &run);
    if (qrels.n == 0)
        die("no judgments");
    for (size_t i = 0; i < run.n; i++)
        if (run.e[i].value < 1) {
            fprintf(stderr, "evaluate: %s:%ld: ranks start at 1\n", argv[2],
                    run.e[i].line);
            return 2;
        }
    qsort(qrels.e, qrels.n, sizeof *qrels.e, by_query_doc);
    qsort(run.e, run.n, sizeof *run.e, by_query_rank);

    while (q < qrels.n) {
        long query = qrels.e[q].query;
        size_t q_end = q, from;
        scores_t s;

        while (q_end < qrels.n && qrels.e[q_end].query == query)
            q_end++;
        while (r < run.n && run.e[r].query < query)
            r++; /* queries without judgments */
        from = r;
        while (r < run.n && run.e[r].query == query)
            r++;
        mark_repeats(&run, from, r);
        s = score(&qrels, q, q_end, &run, from, r);
        if (per_query)
            printf("%ld\t%.4f\t%.4f\t%.4f\n", query, s.ap, s.p10, s.ndcg);
        sum_ap += s.ap;
        sum_p += s.p10;
        sum_ndcg += s.ndcg;
        queries++;
        q = q_end;
    }
    printf("map\t%.4f\n", sum_ap / (double)queries);
    printf("P_10\t%.4f\n", sum_p / (double)queries);
    printf("ndcg_cut_10\t%.4f\n", sum_ndcg / (double)queries);
    printf("queries\t%zu\n", queries);
    for (size_t i = 0; i < qrels.n; i++)
        free(qrels.e[i].doc);
    for (size_t i = 0; i < run.n; i++)
        free(run.e[i].doc);
    free(qrels.e);
    free(run.e);
    if (fflush(stdout) != 0 || ferror(stdout))
        die("write error");
    return 0;
}
