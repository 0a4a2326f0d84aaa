#!/usr/bin/env python3
"""Benchmark article-qa: start-up, answer latency, and knowledge bases of growing size.

Prints one table. Every figure is measured on this machine in this run:

- start-up: wall time of `article-qa ask "how many girls were being helped?"` in a new
  process (median of --runs), next to a bare `python -c "import nltk, rank_bm25,
  prompt_toolkit"` in the same run, and their ratio;
- seed answers: latency per question over the seed question set, in one process;
- scale: for each size, knowledge bases built from the paragraphs of the SQuAD file in
  ../shared/data (sentences recombined to reach the size; generated once into
  --workdir, never committed): cold build, warm load (from the cache, in a new
  process), peak memory (RSS), answer latency for a fixed set of questions, and the
  same queries scored by a plain rank-bm25 scan (`get_scores`) for comparison, with
  whether the top 10 passages agree;
- peer: the same passages and questions through bm25s (the `bench` extra: bm25s with
  PyStemmer, as its README sets it up, k1 and b as ours, Lucene's IDF as ours), in a
  process of its own: tokenise + index time, peak memory, time per query (tokenising
  included, as ours), and how many of its top 10 passages ours share. When bm25s is
  not installed, the peer columns are left out with a message;
- add one story: after the warm row, one more source (50 passages) is put in the
  folder and a new process loads it and answers a question about it (the cache
  brought up to date with only that story read), then the story is taken out again.

The rank-bm25 scan and the bm25s peer hold a model of their own in memory; above
--reference-up-to passages (default 100,000) they are left out.

Usage: scripts/bench [--sizes 1000,10000,100000] [--runs 7] [--workdir DIR]
                     [--reference-up-to N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQUAD = ROOT.parent / "shared" / "data" / "squad-v1.1-dev-13-articles.json"
SEED_SET = ROOT / "tests" / "questions" / "seed-article.yaml"
PASSAGES_PER_SOURCE = 50
PEER_CORPUS = "passages.txt"  # not a source (not .md): the passages as the peer reads them
SCALE_QUESTIONS = 40
SCAN_QUESTIONS = 20
# bm25s is also fed our own terms (to show where the two rankings differ) up to this size
PEER_SAME_TERMS_UP_TO = 100_000
ADDED_STORY = "zz-bench-added-story"
ADDED_QUESTION = "What did the added story say about the bench?"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - started


def startup(runs: int, env: dict[str, str]) -> dict[str, float]:
    ask = [sys.executable, "-m", "article_qa", "ask", "how many girls were being helped?"]
    bare = [sys.executable, "-c", "import nltk, rank_bm25, prompt_toolkit"]
    wall(ask, env)  # the first run builds the cache; start-up is measured warm
    asks, bares = [], []
    for _ in range(runs):
        asks.append(wall(ask, env))
        bares.append(wall(bare, env))
    ask_median, bare_median = statistics.median(asks), statistics.median(bares)
    return {"ask": ask_median, "bare": bare_median, "ratio": ask_median / bare_median}


def seed_latency(repeats: int = 5) -> dict[str, float]:
    from article_qa import Bot
    from article_qa.evaluation.question_sets import load_set

    bot = Bot.load(ROOT / "knowledge")
    questions = [step.ask for case in load_set(SEED_SET).cases for step in case.steps]
    first = []
    for question in questions:  # the first time, words and spans are not yet remembered
        started = time.perf_counter()
        bot.ask(question)
        first.append(time.perf_counter() - started)
    times = []
    for _ in range(repeats):
        for question in questions:
            started = time.perf_counter()
            bot.ask(question)
            times.append(time.perf_counter() - started)
    return {
        "questions": len(questions),
        "first_median": statistics.median(first),
        "first_p95": percentile(first, 0.95),
        "median": statistics.median(times),
        "p95": percentile(times, 0.95),
    }


# -- scale ------------------------------------------------------------------------------


def squad_material() -> tuple[list[str], list[str]]:
    """The sentences of every SQuAD paragraph, and a fixed list of its questions."""
    from article_qa.language.sentences import split_sentences

    data = json.loads(SQUAD.read_text(encoding="utf-8"))
    sentences, questions = [], []
    for article in data["data"]:
        for paragraph in article["paragraphs"]:
            sentences.extend(split_sentences(" ".join(paragraph["context"].split())))
            questions.extend(qa["question"] for qa in paragraph["qas"][:1])
    rng = random.Random(2026)
    rng.shuffle(questions)
    return sentences, questions[:SCALE_QUESTIONS]


def make_knowledge(size: int, workdir: Path, sentences: list[str]) -> Path:
    """A knowledge folder of ``size`` passages of recombined real sentences (made once)."""
    folder = workdir / f"knowledge-{size}"
    stamp = folder / ".complete-2"  # 2: with passages.txt beside the sources
    if stamp.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(size)
    # every passage on a line of its own, in the order article-qa numbers them (for the peer)
    with (folder / PEER_CORPUS).open("w", encoding="utf-8") as corpus:
        for first in range(0, size, PASSAGES_PER_SOURCE):
            count = min(PASSAGES_PER_SOURCE, size - first)
            paragraphs = [" ".join(rng.sample(sentences, rng.randint(3, 6))) for _ in range(count)]
            body = "\n\n".join(paragraphs)
            name = f"synthetic-{first // PASSAGES_PER_SOURCE:05d}"
            (folder / f"{name}.md").write_text(
                f"---\ntitle: Synthetic article {name}\n---\n\n{body}\n", encoding="utf-8"
            )
            corpus.write("".join(f"{p}\n" for p in paragraphs))
    stamp.touch()
    return folder


def measure_in_child(
    folder: Path, mode: str, questions: list[str], cache_home: str, scan: bool = True
) -> dict:
    """Load (and query) in a new process, so that its time and peak memory are its own."""
    env = {**os.environ, "XDG_CACHE_HOME": cache_home, "BENCH_SCAN": "on" if scan else "off"}
    result = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(folder)],
        input=json.dumps(questions), capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def child(mode: str, folder: str) -> None:
    """Runs in the child process: prints one JSON line of figures."""
    questions = json.loads(sys.stdin.read())
    if mode == "peer":
        print(json.dumps(peer(Path(folder), questions)))
        return
    if mode == "add":
        print(json.dumps(load_and_answer(folder, questions[0])))
        return
    workers = WorkerMemory()
    started = time.perf_counter()
    from article_qa import Bot

    bot = Bot.load(folder)
    loaded = time.perf_counter() - started
    workers.stop()
    figures: dict[str, object] = {
        "load": loaded,
        "passages": len(bot.passages),
        "warnings": bot.warnings,
    }
    if mode == "query":
        figures.update(answer_latency(bot, questions))
        figures.update(retrieval(bot, questions))
    # peak memory of the product itself, before the rank-bm25 scan below adds its own
    figures["rss_mb"] = own = peak_mb()
    # a cold build of a large knowledge base shares its work among worker processes
    figures["worker_rss_mb"] = workers.peak_mb()
    # the workers run while the reading goes on, this process peaks later, indexing
    figures["at_once_rss_mb"] = max(workers.together_mb(), own)
    if mode == "query" and os.environ.get("BENCH_SCAN") != "off":
        figures.update(scan_comparison(bot, questions[:SCAN_QUESTIONS]))
    print(json.dumps(figures))


class WorkerMemory:
    """The largest peak RSS of this process's children (the build's workers), sampled.

    ``getrusage(RUSAGE_CHILDREN)`` will not do: a worker is spawned by fork and exec,
    and Linux counts the forked copy of this process (every page of it, until the
    exec) in the child's maximum. ``VmHWM`` in /proc is the high-water mark of the
    worker's own interpreter. Where /proc is missing, the rusage figure is given.
    """

    def __init__(self, every: float = 0.2):
        self.peaks: dict[int, float] = {}
        self.together = 0.0  # the largest RSS of this process and its children at once
        self.proc = Path("/proc")
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, args=(every,), daemon=True)
        if (self.proc / "self" / "status").exists():
            self.thread.start()

    def _watch(self, every: float) -> None:
        me = str(os.getpid())
        while not self.done.wait(every):
            now = _status_mb((self.proc / "self" / "status").read_text(), "VmRSS:")
            for stat in self.proc.glob("[0-9]*/stat"):
                try:
                    parent = stat.read_text().rsplit(")", 1)[1].split()[1]
                    if parent != me:
                        continue
                    status = (stat.parent / "status").read_text()
                except (OSError, IndexError):
                    continue
                pid = int(stat.parent.name)
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), _status_mb(status, "VmHWM:"))
                now += _status_mb(status, "VmRSS:")
            self.together = max(self.together, now)

    def stop(self) -> None:
        self.done.set()
        if self.thread.is_alive():
            self.thread.join()

    def peak_mb(self) -> float:
        if not self.thread.ident:
            return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return max(self.peaks.values(), default=0.0)

    def together_mb(self) -> float:
        """The largest sum of this process's and its children's RSS at one sample (0
        where /proc is missing): a floor for their peak together, which may fall
        between samples."""
        return self.together


def _status_mb(status: str, field: str) -> float:
    """One memory field of a /proc status text, in MB (0 when it is not there)."""
    for line in status.splitlines():
        if line.startswith(field):
            return float(line.split()[1]) / 1024
    return 0.0


def load_and_answer(folder: str, question: str) -> dict[str, object]:
    """The time from a new process's start of loading to its first answer."""
    started = time.perf_counter()
    from article_qa import Bot

    bot = Bot.load(folder)
    answer = bot.ask(question)
    return {
        "seconds": time.perf_counter() - started,
        "answered_from_it": bool(answer.citation and ADDED_STORY in answer.citation.source_id),
        "passages": len(bot.passages),
        "warnings": bot.warnings,
        "rss_mb": peak_mb(),
    }


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def answer_latency(bot, questions: list[str]) -> dict[str, float]:
    for question in questions:
        bot.ask(question)
    times = []
    for question in questions:
        begun = time.perf_counter()
        bot.ask(question)
        times.append(time.perf_counter() - begun)
    return {"median": statistics.median(times), "p95": percentile(times, 0.95)}


def retrieval(bot, questions: list[str]) -> dict[str, object]:
    """Our top 10 passages per question, as the peer is asked: the question's terms
    (tokenising timed too), plain BM25 over the passage index."""
    from article_qa.language.tokens import terms

    tops, times = [], []
    for question in questions:
        begun = time.perf_counter()
        tops.append([i for i, _ in bot.knowledge.bm25_passages(terms(question), 10)])
        times.append(time.perf_counter() - begun)
    return {"retrieval_ms": 1000 * statistics.median(times), "top10": tops}


def scan_comparison(bot, questions: list[str]) -> dict[str, object]:
    """The same passage queries through the index and through a plain rank-bm25 scan."""
    from article_qa.answering.question import analyse
    from article_qa.knowledge.index import PositiveIdfBM25, top_of
    from article_qa.language.tokens import terms

    scan = PositiveIdfBM25([terms(p.text) for p in bot.passages], k1=1.2, b=0.75)
    index_times, scan_times, agree = [], [], 0
    for question in questions:
        focus = list(analyse(question).focus)
        begun = time.perf_counter()
        ours = [i for i, _ in bot.knowledge.bm25_passages(focus, 10)]
        index_times.append(time.perf_counter() - begun)
        begun = time.perf_counter()
        plain = [i for i, _ in top_of(scan.get_scores(list(dict.fromkeys(focus))), 10)]
        scan_times.append(time.perf_counter() - begun)
        agree += ours == plain
    index_median, scan_median = statistics.median(index_times), statistics.median(scan_times)
    return {
        "index_ms": 1000 * index_median,
        "scan_ms": 1000 * scan_median,
        "speedup": scan_median / index_median if index_median else float("inf"),
        "top10_agree": f"{agree}/{len(questions)}",
    }


def peer(folder: Path, questions: list[str]) -> dict[str, object]:
    """bm25s over the same passages (in the child process): its figures and top 10s."""
    import bm25s
    import Stemmer

    texts = (folder / PEER_CORPUS).read_text(encoding="utf-8").splitlines()
    stemmer = Stemmer.Stemmer("english")
    started = time.perf_counter()
    tokens = bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False)
    retriever = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    retriever.index(tokens, show_progress=False)
    built = time.perf_counter() - started
    del tokens

    def top10(words: list[list[str]]) -> list[int]:
        found = retriever.retrieve(words, k=min(10, len(texts)), show_progress=False)
        return [
            int(d)
            for d, score in zip(found.documents[0], found.scores[0], strict=True)
            if score > 0
        ]

    def ask(question: str) -> list[int]:
        words = bm25s.tokenize(
            [question], stopwords="en", stemmer=stemmer, show_progress=False, return_ids=False
        )
        return top10(words)

    for question in questions:
        ask(question)
    tops, times = [], []
    for question in questions:
        begun = time.perf_counter()
        tops.append(ask(question))
        times.append(time.perf_counter() - begun)
    figures: dict[str, object] = {
        "passages": len(texts),
        "build": built,
        "rss_mb": peak_mb(),
        "retrieval_ms": 1000 * statistics.median(times),
        "top10": tops,
    }
    if len(texts) <= PEER_SAME_TERMS_UP_TO:
        figures["same_terms_agree"] = peer_on_our_terms(texts, questions[:SCAN_QUESTIONS])
    return figures


def peer_on_our_terms(texts: list[str], questions: list[str]) -> str:
    """bm25s fed our own terms: with the tokeniser taken out, do the two agree?"""
    import bm25s

    from article_qa.knowledge.index import SearchIndex
    from article_qa.language.tokens import terms

    documents = [terms(text) for text in texts]
    retriever = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    retriever.index(documents, show_progress=False)
    ours = SearchIndex.build(documents)
    agree = 0
    for question in questions:
        query = list(dict.fromkeys(terms(question)))
        found = retriever.retrieve([query], k=min(10, len(texts)), show_progress=False)
        theirs = {int(d) for d, s in zip(found.documents[0], found.scores[0], strict=True) if s > 0}
        agree += theirs == {i for i, _ in ours.top(query, 10)}
    return f"{agree}/{len(questions)}"


def have_peer() -> bool:
    try:
        import bm25s  # noqa: F401
        import Stemmer  # noqa: F401
    except ImportError:
        return False
    return True


def overlap(ours: list[list[int]], theirs: list[list[int]]) -> float:
    """The share of the peer's top-10 passages that ours holds too, over all questions."""
    shared = sum(len(set(a) & set(b)) for a, b in zip(ours, theirs, strict=True))
    total = sum(len(b) for b in theirs)
    return shared / total if total else 1.0


def scale(
    size: int, workdir: Path, sentences: list[str], questions: list[str], reference_up_to: int
) -> dict:
    folder = make_knowledge(size, workdir, sentences)
    cache_home = tempfile.mkdtemp(prefix="bench-cache-", dir=workdir)
    references = size <= reference_up_to
    try:
        cold = measure_in_child(folder, "load", questions, cache_home)
        progress(size, "cold build", cold, ("load", "rss_mb", "worker_rss_mb"))
        warm = measure_in_child(folder, "query", questions, cache_home, scan=references)
        progress(size, "warm load and answers", warm, ("load", "rss_mb", "median", "p95"))
        added = add_one_story(folder, sentences, cache_home)
        progress(size, "add one story", added, ("seconds", "answered_from_it", "rss_mb"))
    finally:
        shutil.rmtree(cache_home, ignore_errors=True)
    row = {"size": size, "cold": cold, "warm": warm, "added": added}
    if references and have_peer():
        theirs = measure_in_child(folder, "peer", questions, cache_home)
        theirs["overlap"] = overlap(warm["top10"], theirs["top10"])
        row["peer"] = theirs
    return row


def progress(size: int, stage: str, figures: dict, names: tuple[str, ...]) -> None:
    """A row's figures as they are measured, on stderr (a long run that is stopped has
    still said what it measured)."""
    shown = ", ".join(f"{name} {figures.get(name)}" for name in names)
    print(f"bench: {size:,} passages, {stage}: {shown}", file=sys.stderr, flush=True)


def add_one_story(folder: Path, sentences: list[str], cache_home: str) -> dict:
    """Put one more story in the folder, time a new process loading it and answering
    from it, and take the story out again."""
    rng = random.Random(len(sentences))
    paragraphs = [" ".join(rng.sample(sentences, 4)) for _ in range(PASSAGES_PER_SOURCE - 1)]
    paragraphs.append("The bench added this story to see how fast a new story can be asked about.")
    story = folder / f"{ADDED_STORY}.md"
    body = "\n\n".join(paragraphs)
    story.write_text(f"---\ntitle: A story added by the bench\n---\n\n{body}\n", encoding="utf-8")
    try:
        return measure_in_child(folder, "add", [ADDED_QUESTION], cache_home)
    finally:
        story.unlink()


# -- the table ----------------------------------------------------------------------------


def report(start: dict, seed: dict, scales: list[dict], runs: int) -> str:
    lines = [
        f"article-qa benchmark  ({os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform})",
        "",
        f"{'start-up (median of ' + str(runs) + ' new processes)':<46}{'measured':>12}{'target':>12}",
        f"  {'article-qa ask (warm cache)':<44}{start['ask'] * 1000:>10.0f} ms",
        f"  {'bare import nltk, rank_bm25, prompt_toolkit':<44}{start['bare'] * 1000:>10.0f} ms",
        f"  {'ratio':<44}{start['ratio']:>11.2f}x{'<= 1.30x':>12}",
        "",
        f"seed questions in one process ({seed['questions']} questions)",
        f"  {'first time asked: median':<44}{seed['first_median'] * 1000:>10.2f} ms",
        f"  {'first time asked: p95':<44}{seed['first_p95'] * 1000:>10.2f} ms{'<= 10 ms':>12}",
        f"  {'asked again: median / p95':<44}{seed['median'] * 1000:>10.2f} ms / {seed['p95'] * 1000:.2f} ms",
        "",
        "scale (passages)      cold build  warm load  peak RSS (main + 1 worker)  answer median / p95"
        "   index / rank-bm25 scan  speedup  top 10",
    ]
    for row in scales:
        cold, warm = row["cold"], row["warm"]
        rss = max(cold["rss_mb"], warm["rss_mb"])
        worker = cold.get("worker_rss_mb", 0.0)
        lines.append(
            f"  {row['size']:>9,}  {cold['load']:>14.1f} s {warm['load']:>8.2f} s"
            f" {rss:>9.0f} MB + {worker:>5.0f} MB       "
            f" {warm['median'] * 1000:>8.1f} / {warm['p95'] * 1000:>6.1f} ms"
            + (
                f" {warm['index_ms']:>10.2f} / {warm['scan_ms']:>8.1f} ms {warm['speedup']:>7.0f}x"
                f"  {warm['top10_agree']:>6}"
                if "scan_ms" in warm
                else f" {warm['retrieval_ms']:>10.2f} /        - (scan left out: --reference-up-to)"
            )
        )
    lines.append(
        "  targets at 100,000: cold <= 120 s, warm <= 5 s, RSS <= 2 GB, answer p95 <= 100 ms,"
        " >= 10x the scan with the same top 10"
    )
    lines += added_report(scales)
    lines += peer_report(scales)
    return "\n".join(lines)


def added_report(scales: list[dict]) -> list[str]:
    """One more story in each folder: new process, load, first answer from it."""
    if not scales:
        return []
    lines = ["", "add one story (50 passages) to the folder, then load and answer from it"]
    for row in scales:
        added = row["added"]
        lines.append(
            f"  {row['size']:>9,}  {added['seconds']:>8.2f} s   answered from it:"
            f" {'yes' if added['answered_from_it'] else 'no'}   peak RSS {added['rss_mb']:.0f} MB"
        )
    lines.append("  target at 100,000: <= 2 s")
    return lines


def peer_report(scales: list[dict]) -> list[str]:
    """The peer table: ours and bm25s side by side, from the same run."""
    if not any("peer" in row for row in scales):
        if not scales:
            return []
        if have_peer():
            return ["", "peer: bm25s left out at these sizes (--reference-up-to)"]
        return ["", "peer: bm25s is not installed (scripts/setup bench)"]
    from importlib.metadata import version

    lines = [
        "",
        f"peer: bm25s {version('bm25s')} (PyStemmer, k1 1.2, b 0.75, Lucene IDF), same passages"
        " and questions, a process each",
        "  passages   build: ours / bm25s (ratio)   peak RSS: ours (+ worker; at once) / bm25s"
        "   retrieval: ours / bm25s   top 10 shared   on our terms",
    ]
    for row in scales:
        theirs = row.get("peer")
        if theirs is None:
            continue
        cold, warm = row["cold"], row["warm"]
        ours_rss = max(cold["rss_mb"], warm["rss_mb"])
        lines.append(
            f"  {row['size']:>9,}  {cold['load']:>8.1f} s / {theirs['build']:>6.1f} s"
            f" ({cold['load'] / theirs['build']:>4.1f}x)"
            f"   {ours_rss:>6.0f} (+ {cold['worker_rss_mb']:>4.0f};"
            f" {cold.get('at_once_rss_mb', 0.0):>5.0f}) / {theirs['rss_mb']:>5.0f} MB"
            f"   {warm['retrieval_ms']:>7.2f} / {theirs['retrieval_ms']:>5.2f} ms"
            f"   {100 * theirs['overlap']:>11.0f}%   {theirs.get('same_terms_agree', '-'):>12}"
        )
    lines.append(
        "  targets at 100,000: peak RSS <= bm25s's (workers included), build <= 3x bm25s's,"
        " retrieval no slower; warm load <= 1 s, answer p95 <= 20 ms"
    )
    lines.append(
        "  at once: the cold build's processes together, sampled every 0.2 s (or the main"
        " process's own peak, when larger)"
    )
    return lines


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="passage counts, comma-separated"
    )
    parser.add_argument("--runs", type=int, default=7, help="new processes timed for start-up")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "article-qa-bench"))
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--reference-up-to",
        type=int,
        default=100_000,
        metavar="N",
        help="run the rank-bm25 scan and the bm25s peer only up to N passages (memory)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(workdir / "start-cache")}
    env.pop("ARTICLE_QA_KNOWLEDGE", None)
    start = startup(args.runs, env)
    seed = seed_latency()
    scales = []
    if sizes:
        if not SQUAD.exists():
            print(f"bench: {SQUAD} not found; scale rows skipped", file=sys.stderr)
        else:
            sentences, questions = squad_material()
            scales = [
                scale(size, workdir, sentences, questions, args.reference_up_to) for size in sizes
            ]
    print(report(start, seed, scales, args.runs))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"startup": start, "seed": seed, "scale": scales}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
