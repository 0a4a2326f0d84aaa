"""Deriving sentences, facts and indexes: the same result whether the sources are read
in this process or shared out among workers."""

from __future__ import annotations

import pickle
import shutil
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from article_qa.knowledge import build
from article_qa.knowledge.passages import build_passages
from article_qa.knowledge.records import derived_from
from article_qa.knowledge.sources import load_sources
from article_qa.model import Passage
from support import NEWS


@pytest.mark.parametrize("most", [2500, 3])
def test_workers_give_the_same_result_as_one_process(
    monkeypatch: pytest.MonkeyPatch, most: int
) -> None:
    passages = build_passages(load_sources(NEWS))
    alone = build.derive(passages)
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build, "MOST_PASSAGES_PER_TASK", most)  # 3: a task per source
    shared = build.derive(passages)
    assert list(shared.sentences) == list(alone.sentences)
    assert list(shared.facts) == list(alone.facts)
    assert shared.referents == alone.referents and shared.person_words == alone.person_words
    assert list(shared.sentence_passage) == list(alone.sentence_passage)
    assert list(shared.fact_keys) == [build.fact_key(f) for f in alone.facts]


def test_tasks_hold_whole_sources_in_order_and_at_most_so_many_passages() -> None:
    sizes = [4, 1, 2, 7, 1, 1, 3]
    spans = [build.Span(f"s{n}", sum(sizes[:n]), size) for n, size in enumerate(sizes)]
    runs = build._cut(spans, 5)
    assert [[s.size for s in run] for run in runs] == [[4, 1], [2], [7], [1, 1, 3]]
    assert [s for run in runs for s in run] == spans


def test_the_build_makes_a_task_s_passages_only_shortly_before_a_worker_reads_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for copy in range(5):
        for path in sorted(NEWS.glob("*.md")):
            shutil.copy(path, tmp_path / f"{copy}-{path.name}")
    passages = build_passages(load_sources(tmp_path))
    monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build, "MOST_PASSAGES_PER_TASK", 1)  # a task per source
    monkeypatch.setattr(build, "TASKS_AHEAD_PER_WORKER", 1)
    made: list[str] = []
    original = build._group

    def group(span: build.Span, passages: Sequence[Passage]) -> build.Group:
        made.append(span.source_id)
        return original(span, passages)

    monkeypatch.setattr(build, "_group", group)
    ahead = build._workers(15)
    joined = 0
    for piece in build._pieces(passages, None, frozenset()):
        joined += len(piece.sources)
        assert len(made) - joined <= ahead  # not every source's passages at the start
    assert joined == len(made) == len(build.source_spans(passages)) > ahead


def test_a_task_sent_to_a_worker_leaves_its_texts_as_they_were() -> None:
    texts = [
        "Caf\u00e9 owners \u2014 \u201cquoted\u201d \u2014 met.",
        "Plain text.",
        "lone \ud800 half",
    ]
    passages = [Passage(f"s#{n}", "s", "T\u00eftle", n, 3 * n, t) for n, t in enumerate(texts, 1)]
    run = [[(10, passages[0]), (11, passages[1])], [(12, passages[2])]]
    sizes = [sys.getsizeof(t) for t in texts]
    sent = pickle.loads(pickle.dumps(build._Task(run)))
    assert sent.run == run
    # the texts held by the sources take no more memory for having been sent
    assert [sys.getsizeof(t) for t in texts] == sizes


class Recorder:
    def __init__(self) -> None:
        self.steps: list[tuple[str, int, int]] = []
        self.ends = 0

    def step(self, stage: str, done: int, total: int) -> None:
        self.steps.append((stage, done, total))

    def end(self) -> None:
        self.ends += 1


def test_a_build_reports_its_progress_and_its_end(monkeypatch: pytest.MonkeyPatch) -> None:
    passages = build_passages(load_sources(NEWS))
    monkeypatch.setattr(build, "SERIAL_REPORT_EVERY", 1)
    recorder = Recorder()
    with build.progress_reported_to(recorder):
        build.derive(passages)
    reading = [done for stage, done, total in recorder.steps if stage.startswith("reading")]
    assert reading == sorted(reading) and reading[-1] == len(passages)
    assert recorder.steps[-1] == ("indexing", 1, 1)
    assert recorder.ends == 1
    build.derive(passages)  # no longer watched
    assert recorder.ends == 1


def same_derived(a: build.Derived, b: build.Derived, queries: list[list[str]]) -> None:
    assert list(a.sentences) == list(b.sentences)
    assert list(a.facts) == list(b.facts)
    assert a.referents == b.referents and a.person_words == b.person_words
    assert list(a.sentence_passage) == list(b.sentence_passage)
    assert list(a.fact_keys) == list(b.fact_keys)
    for query in queries:
        assert list(a.passage_index.scores(query)) == list(b.passage_index.scores(query))
        assert list(a.sentence_index.scores(query)) == list(b.sentence_index.scores(query))


@pytest.mark.parametrize("change", ["added", "removed", "edited"])
def test_a_changed_folder_reads_only_what_changed(
    change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = load_sources(NEWS)
    assert len(sources) >= 3
    middle = sources[len(sources) // 2]
    before, after = list(sources), list(sources)
    if change == "added":
        before.remove(middle)
    elif change == "removed":
        after.remove(middle)
    else:
        edited = replace(middle.paragraphs[0], text=middle.paragraphs[0].text + " It rained.")
        after[after.index(middle)] = replace(middle, paragraphs=(edited, *middle.paragraphs[1:]))
    passages = build_passages(after)
    previous = build.stored_build(build_passages(before))
    monkeypatch.setattr(build, "SERIAL_REPORT_EVERY", 1)
    recorder = Recorder()
    with build.progress_reported_to(recorder):
        updated = build.stored_build(passages, previous)
    read = {total for stage, _, total in recorder.steps if stage.startswith("reading")}
    assert read == (set() if change == "removed" else {len(build_passages([middle]))})
    full = build.stored_build(passages)
    queries = [[t] for t in full.record["vocabulary"][::7]] + [["rain", "council", "vote"]]
    same_derived(derived_from(updated, passages), derived_from(full, passages), queries)
