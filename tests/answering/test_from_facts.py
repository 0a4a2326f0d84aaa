"""Number questions answered from facts: lookups, totals, groups, differences, percent
change, ratios and thresholds, each with its working and every sentence cited."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.answering.from_facts import answer_from_facts, counted_otherwise
from article_qa.answering.question import analyse
from support import write_source


def test_percent_change_of_money_and_percentages(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "costs",
        "Bus fares rose from $1,200 to $1,500 a year, the agency said.\n\n"
        "The share of riders over 65 fell from 40 percent to 30 percent.",
    )
    bot = Bot.load(tmp_path)
    assert bot.ask("by what percentage did bus fares rise?").text == "25%"
    assert bot.ask("by what percentage did the share of riders fall?").text == "25%"


@pytest.mark.parametrize(
    ("question", "answer", "working"),
    [
        ("how many girls were being helped?", "80", None),
        ("how many children were being helped?", "91", "11 boys + 80 girls"),
        (
            "how many victims in total were being helped?",
            "175",
            "5 men + 79 women + 11 boys + 80 girls",
        ),
        ("how many more convictions last year than in 2012?", "32", "63 last year - 31 in 2012"),
        ("by what percentage did convictions rise?", "about 103%", "(63 - 31) / 31 = 103.2%"),
        (
            "how many times more convictions were there last year than in 2012?",
            "about 2.0 times",
            "63 / 31 = 2.03",
        ),
        ("for youth under what age is prostitution decriminalized?", "18", None),
    ],
)
def test_answers_from_the_seed_facts(
    bot: Bot, question: str, answer: str, working: str | None
) -> None:
    understood = analyse(question)
    found = answer_from_facts(understood, list(bot.facts))
    assert found is not None and found.text == answer and found.working == working
    assert found.facts and found.citation is not None


def test_a_count_held_only_for_another_action(bot: Bot) -> None:
    other = counted_otherwise(analyse("how many girls were convicted?"), list(bot.facts))
    assert other is not None and other.subject == "girls"
    assert counted_otherwise(analyse("how many girls were being helped?"), list(bot.facts)) is None
    assert answer_from_facts(analyse("who is Andy Luger?"), list(bot.facts)) is None


def test_a_count_is_not_answered_when_the_facts_count_it_with_another_verb(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "college",
        "The college enrolls 11,240 students this fall.\n\n"
        "The council voted 9-4 to approve the plan.\n",
    )
    bot = Bot.load(tmp_path)
    assert bot.ask("How many students answered the survey?").text is None
    assert bot.ask("How many students does the college enroll?").text == "11,240"
    assert bot.ask("How many council members voted on the plan in all?").text == "13"


def test_what_a_figure_is_now_when_the_text_says_where_it_moved(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "rents",
        "The rental vacancy rate fell by more than half, from 6.8% to 2.9%, the report found.\n",
        title="Tamarack County rents climb",
    )
    bot = Bot.load(tmp_path)
    assert bot.ask("What is the county's rental vacancy rate now?").text == "2.9%"


def test_whom_an_answer_is_attributed_to_need_not_stand_in_its_sentence(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "farm",
        "Joel Ostrander studies farm management. He estimated the drought would cut county"
        " farm income by about $48 million.\n",
    )
    answer = Bot.load(tmp_path).ask(
        "By how much will the drought reduce farm income, according to Ostrander?"
    )
    assert answer.text is not None and "$48 million" in answer.text


def test_a_count_with_the_opposite_verb_is_declined(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "hospital",
        "Since January, the hospital has hired 18 nurses.\n\n"
        "Corliss will lay off 340 workers at its plant.\n",
    )
    bot = Bot.load(tmp_path)
    assert bot.ask("How many nurses has the hospital laid off since January?").text is None
    assert bot.ask("How many nurses has the hospital hired since January?").text == "18"
    assert bot.ask("How many workers is Corliss laying off?").text == "340"


def test_the_action_asked_is_the_main_clause_verb(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "bridge",
        "Crutcher said about 7,400 vehicles crossed the bridge each day before the"
        " truck restriction.\n\nBuilders pulled permits for 190 housing units last year.\n",
    )
    facts = list(Bot.load(tmp_path).facts)

    def other(question: str) -> str | None:
        found = counted_otherwise(analyse(question), facts)
        return found.subject if found else None

    # "banned" is the verb of another clause, and "used" says little of its own
    assert other("How many vehicles a day used the bridge before trucks were banned?") is None
    assert other("How many vehicles were banned from the bridge?") == "vehicles"
    # "were demolished": the participle is the action, which no count has
    assert other("How many housing units were demolished last year?") is not None
    # a time is no action: "how many ... before noon?" is asked of the main clause
    assert other("How many vehicles crossed the bridge before noon?") is None


def test_a_count_the_facts_did_not_read_still_states_its_words(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "football",
        "The Broncos made their second appearance in three years.\n\n"
        "Linebacker Thomas Davis, an 11-year veteran of the league, played with a broken arm.\n\n"
        "Luther wrote two hymns on the Ten Commandments, based on older tunes.\n",
    )
    bot = Bot.load(tmp_path)
    answer = bot.ask("How many years has Thomas Davis played in the league?")
    assert answer.text is not None and "11" in answer.text
    # "did Luther write": the verb is "write", not the "based" of a phrase after it
    assert bot.ask("How many hymns did Luther write based on the Ten Commandments?").text == "two"
    # a sentence with the noun and a figure, but not the act asked, still does not say
    assert bot.ask("How many years has Thomas Davis coached in the league?").text is None
