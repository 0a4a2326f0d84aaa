"""Language tools: every word list the engine knows, in one place.

The lists speak of English and of news writing in general (function words, titles,
months, verbs of change and of speech), never of any one story. Words are lower case;
where a list is used as stems, the module that needs them stems them.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _forms(text: str) -> dict[str, str]:
    """ "rise: rose risen; ..." as {form: base}."""
    found: dict[str, str] = {}
    for entry in text.split(";"):
        base, forms = entry.split(":")
        found.update((form, base.strip()) for form in forms.split())
    return found


def _values(text: str) -> dict[str, int]:
    """ "one 1 two 2 ..." as {word: value}."""
    items = text.split()
    return {word: int(value) for word, value in zip(items[::2], items[1::2], strict=True)}


# -- sentences and tokens ------------------------------------------------------------------

# Abbreviations that end in a full stop but seldom end a sentence in English news
# writing: titles, initialisms written with stops, months, street and company words.
# Punkt wants them lower case, without the final stop.
ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof sr jr st rev hon gen col lt sgt capt cmdr adm gov sen rep pres u.s u.k
    u.n e.u d.c l.a n.y a.m p.m e.g i.e etc vs al approx dept est inc corp co ltd jan feb
    mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun no nos
    vol ft mt ave blvd rd ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass
    mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo
    """
)

# Words that, capitalised after an abbreviation, almost always open a new sentence.
SENTENCE_STARTERS = _words(
    """
    the a an he she it they we i you this that these those there then but and so yet however
    meanwhile after before when while in on at
    """
)

# English function words and question words. They carry no topic, so they are left
# out of search terms (NLTK's own list needs a download).
STOPWORDS = _words(
    """
    a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each either else ever every few for from further
    had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
    herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its
    itself just let's many may me might more most much must mustn't my myself neither no nor
    not now of off on once only or other ought our ours ourselves out over own per rather
    same shan't she she'd she'll she's should shouldn't so some such than that that's the
    their theirs them themselves then there there's these they they'd they'll they're
    they've this those though through to too under until up upon us very was wasn't we we'd
    we'll we're we've were weren't what what's whatever when when's where where's whether
    which while who who's whom whose why why's will with within without won't would wouldn't
    yet you you'd you'll you're you've your yours yourself yourselves
    """
)

# Past forms of common irregular English verbs, so that "rose" matches "rise" and
# "grew" matches "growing" (a stemmer only strips regular endings).
IRREGULAR_VERBS = _forms(
    """
    arise: arose arisen; be: was were been; bear: bore borne born; beat: beaten;
    become: became; begin: began begun; bite: bitten; break: broke broken; bring: brought;
    build: built; buy: bought; catch: caught; choose: chose chosen; come: came; deal: dealt;
    do: did done; draw: drew drawn; drive: drove driven; eat: ate eaten; fall: fell fallen;
    feel: felt; fight: fought; flee: fled; fly: flew flown; forget: forgot forgotten;
    freeze: froze frozen; get: got gotten; give: gave given; go: went gone; grow: grew grown;
    hang: hung; have: had; hear: heard; hide: hid hidden; hold: held; keep: kept;
    know: knew known; lay: laid lain; lead: led; lend: lent; lose: lost; make: made;
    mean: meant; meet: met; pay: paid; ride: rode ridden; ring: rang rung; rise: rose risen;
    run: ran; say: said;
    see: seen; seek: sought; sell: sold; send: sent; shake: shook shaken; shoot: shot;
    show: shown; sing: sang sung; sink: sank sunk; sit: sat; sleep: slept; speak: spoke spoken;
    spend: spent; stand: stood; steal: stole stolen; strike: struck; swear: swore sworn;
    swim: swam swum; take: took taken; teach: taught; tear: tore torn; tell: told;
    think: thought; throw: threw thrown; understand: understood; wake: woke woken;
    wear: wore worn; write: wrote written
    """
)

# Words that turn a statement into its opposite ("n't" endings count too).
NEGATIONS = _words("not no never nobody nothing none neither nor")

# Words by which news writing says an action did not happen or went the other way: a
# motion "rejected", a suit "dismissed", a member who "voted against" it.
NEGATIVE_OUTCOMES = _words(
    """declined declines decline dismissed dismisses rejected rejects refused refuses
    denied denies failed fails defeated vetoed opposed opposes against blocked tabled
    withdrew withdrawn scrapped canceled cancelled overturned lost"""
)

# Nouns a number names rather than counts: "Route 14", "Ward 3", "Proposition 8".
IDENTIFIER_NOUNS = _words(
    """route routes highway interstate ward district precinct room section chapter article
    proposition prop measure amendment question item bill unit building station line gate
    pier exit level grade lot parcel suite floor phase title flight channel lane terminal
    pod court precincts wards districts lines"""
)

# Question words that ask whether everyone agreed: a split vote answers them "No".
UNANIMITY_WORDS = _words("unanimous unanimously all every everyone everybody each")

# Verbs that report speech: "X said", "she added".
SPEECH_VERBS = _words("said says say added told asked explained noted according")

# Pronouns for a person; "hers" and "his" stand for one too.
PERSONAL_PRONOUNS = _words("he she him her his hers")

# -- numbers, times and names ---------------------------------------------------------------

NUMBER_WORDS = _values(
    """
    zero 0 one 1 two 2 three 3 four 4 five 5 six 6 seven 7 eight 8 nine 9 ten 10 eleven 11
    twelve 12 thirteen 13 fourteen 14 fifteen 15 sixteen 16 seventeen 17 eighteen 18
    nineteen 19 twenty 20 thirty 30 forty 40 fifty 50 sixty 60 seventy 70 eighty 80 ninety 90
    dozen 12 hundred 100 thousand 1000 million 1000000 billion 1000000000
    """
)
SCALES = {word: NUMBER_WORDS[word] for word in ("hundred", "thousand", "million", "billion")}
# Words after a number that make it a percentage or a rate.
PERCENT_UNITS = frozenset(["percent", "per", "cent", "%"])
# Nouns for amounts that are figures by nature: "what was the median rent?" asks for
# a number as surely as "how much".
MEASURE_NOUNS = _words(
    """
    yield yields price prices cost costs budget budgets turnout ridership fare fares income
    revenue revenues population enrollment enrolment salary salaries wage wages rent rents
    temperature rainfall attendance deficit surplus payroll tuition fee fees debt
    """
)
# Measure nouns that are sums of money: "what is the budget?" is answered in dollars.
MONEY_NOUNS = _words(
    """
    price prices cost costs budget budgets fare fares income revenue revenues salary
    salaries wage wages rent rents deficit surplus payroll tuition fee fees debt money
    """
)
# Verbs whose object is a sum of money: "what does a fare cost?", "how much did it spend?"
MONEY_VERBS = _words(
    """
    cost costs charge charges charging charged pay pays paying paid spend spends spending
    spent earn earns earning earned worth
    """
)
# What "how much" measures in: a number before one of these answers "how much"; a
# number before any other plural noun counts things ("two diners") and answers "how many".
MEASURE_UNITS = _words(
    """
    dollars dollar cents cent percent points point inches inch feet foot miles mile yards
    meters metres kilometers kilometres acres acre gallons gallon pounds pound tons ton
    ounces bushels bushel degrees degree minutes minute hours hour days day weeks week
    months month years year seconds liters litres square cubic megawatts kilowatts
    barrels barrel cases case doses dose times
    """
)
# The signs news writing puts before a sum of money ("$5", "£20,427", "€3 million"),
# and the unit each stands for.
CURRENCY_UNITS = {"$": "dollars", "£": "pounds", "€": "euros"}
CURRENCY_SIGNS = "".join(CURRENCY_UNITS)
# Words before a year ("in 1186", "until 1237"): what marks an old year as a year.
YEAR_PREPOSITIONS = frozenset("in since until till by from to before after around circa".split())
MONTHS = _words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")

# Capitalised words that make a name an organisation's.
ORGANISATION_WORDS = _words(
    """
    department office agency bureau police court council university college school company
    corporation corp inc ltd co association foundation institute committee commission
    ministry party church hospital center centre administration service services board
    authority senate congress legislature parliament army navy union society fund bank
    network coalition alliance club group team news times post press radio
    television journal
    """
)
# Capitalised words that stand before a person's name as a title or role.
TITLE_WORDS = _words(
    """
    mr mrs ms dr prof sen rep gov gen attorney director president governor senator
    representative mayor judge justice chief officer secretary commissioner sheriff minister
    chancellor pope king queen prince princess lord lady sir captain general sergeant
    lieutenant detective professor coach superintendent spokesman spokeswoman clerk chair
    chairman chairwoman chairperson councilmember councilman councilwoman alderman alderwoman
    supervisor trustee treasurer administrator principal deputy alder agronomist economist
    manager editor pastor reverend coordinator lt sgt capt det cmdr councilor councillor
    """
)
# Nouns for what a person does, written before a name in lower case ("agronomist Jo
# Lind", "school board member Ann Roe") or after it ("Ann Roe, a nurse at ...").
ROLE_NOUNS = TITLE_WORDS | _words(
    """
    member members manager owner founder executive editor reporter nurse physician doctor
    surgeon pastor engineer planner organizer organiser activist advocate economist analyst
    agronomist researcher scientist farmer rancher teacher student resident landlord tenant
    renter driver worker assistant consultant historian architect contractor developer
    candidate incumbent challenger volunteer coordinator instructor dean head leader
    spokesperson lawyer prosecutor official officials partner chef counselor specialist
    inspector investigator auditor accountant librarian dispatcher mechanic firefighter
    """
)
# Lower-case words that may stand inside a name ("Office of Justice Programs").
NAME_CONNECTORS = _words("of for and the de du van von la le")
# Prepositions before a place's name ("in Duluth").
PLACE_PREPOSITIONS = _words("in at from across near to throughout outside inside into on along")

# -- questions ----------------------------------------------------------------------------

QUESTION_WORDS = _words("who whom whose what which when where why how")
AUXILIARIES = _words(
    """
    is are was were am do does did can could will would has have had should shall may might
    must isn't aren't wasn't weren't don't doesn't didn't can't couldn't won't wouldn't
    hasn't haven't hadn't shouldn't
    """
)
COPULAS = _words("is was are were")
ARTICLES = _words("a an the")
# "how many", "how old", ...: "how" before these asks for a number.
HOW_NUMBER = _words("many much old long far often large big high tall")
# Nouns that say which kind of answer "what X" / "which X" asks for, by answer type.
TYPE_NOUNS: dict[str, frozenset[str]] = {
    "number": _words(
        """
        number numbers amount total count figure figures percentage percent share proportion
        portion rate sum quantity age
        """
    ),
    "person": _words(
        """
        person people man woman official officials name spokesman spokeswoman spokesperson
        director leader chief head attorney lawyer prosecutor judge officer expert author
        reporter executive president minister governor mayor
        """
    ),
    "organisation": _words(
        """
        organization organizations organisation organisations agency agencies office
        department company firm group institution body unit bureau ministry team association
        foundation university court council committee party
        """
    ),
    "time": _words("year years month date day time decade century period season"),
    "place": _words(
        """
        place city state country town county region area location village province continent
        neighborhood neighbourhood
        """
    ),
    "reason": _words("reason reasons cause causes purpose"),
    # "what is her job?": the answer describes a role, so these words need not be matched
    "description": _words("job role title position occupation profession work"),
}
# Common nouns for places: a "where" answer names a place (a capitalised name, or one
# of these), not a person or a thing ("his father").
PLACE_NOUNS = TYPE_NOUNS["place"] | _words(
    """
    side street avenue road yard park campus corner downtown neighborhood neighbourhood
    district river lake shore edge border highway square building hospital station
    airport auditorium church courthouse bridge abroad overseas nearby north south east west
    """
)
# Words about the asking rather than the topic ("according to the article, ...").
ASKING_WORDS = _words(
    "article story text passage say says said tell tells told according mention mentioned mentions"
)
# Nouns of people, organisations and places so general that a question naming one
# ("which person", "what area") does not name something the knowledge must mention.
GENERAL_KIND_NOUNS = _words(
    "person people man woman name official officials place area location site group body unit"
)
# Words after "what X" that join X to what follows, so X is what is asked.
OF_WORDS = frozenset(["of", "for", "in", "that", "which", ""])
# Words that open a time phrase ("last year", "earlier this month").
TIME_OPENERS = _words("last next this earlier later previous past")

# -- figures and arithmetic ----------------------------------------------------------------

# Categories that are the sum of their parts, in plain English.
GROUP_WORDS: dict[tuple[str, ...], tuple[str, str]] = {
    ("children", "child", "kids", "minors", "juveniles"): ("boys", "girls"),
    ("females", "female"): ("women", "girls"),
    ("males", "male"): ("men", "boys"),
    ("adults", "adult", "grownups"): ("men", "women"),
}
# Nouns for people in general: a total of "victims" or "people" adds up every group
# of people counted together.
PEOPLE_NOUNS = _words(
    """
    people person persons individuals victims survivors patients residents students
    children adults boys girls men women youths youth teens clients
    """
)
# Verbs of change: a figure that "rose from 31 to 63".
CHANGE_VERBS = _words(
    """
    rose risen rise rises increased increase increases grew grown climbed jumped soared
    surged fell fallen dropped declined decreased shrank slipped plunged went
    """
)
FACTOR_VERBS: dict[str, float] = {"doubled": 2.0, "tripled": 3.0, "quadrupled": 4.0, "halved": 0.5}
# The same verbs of change as a question asks them ("by what percentage did X rise?").
CHANGE_QUESTION_WORDS = _words(
    "rise rose increase grow grew climb jump soar fall fell drop decline decrease shrink change"
    " cut higher lower"
)
# Words of a question that name an operation, not something a fact must state.
OPERATION_WORDS = _words(
    "total altogether combined overall difference percent percentage times factor"
)
# Words ending in "-ed"/"-eed" that are not verbs.
# Comparative words that end the noun phrase after "how many" ("how many minutes longer
# ...?" counts minutes).
COMPARATIVES = _words(
    "more fewer less longer shorter higher lower greater larger bigger smaller older younger"
    " earlier later faster slower cheaper above below than"
)

NOT_VERBS = _words("need seed speed feed bed red hundred kindred breed")
# Time words that end the noun a number counts ("80 girls last year").
TIME_WORDS = _words("next last earlier later ago previous past")
# Subjects too general to tie two statements of a change together.
GENERIC_SUBJECT_WORDS = _words("number numbers state year people")

# -- conversations -------------------------------------------------------------------------

# pronoun -> whether it is possessive ("his title" -> "Andy Luger's title"); "her" is
# possessive only before a noun ("her job"), not as an object ("ask her to"): None
PERSON_PRONOUN_POSSESSIVE: dict[str, bool | None] = {
    "he": False,
    "she": False,
    "him": False,
    "her": None,
    "his": True,
}
THING_PRONOUN_POSSESSIVE: dict[str, bool | None] = {
    "it": False,
    "its": True,
    "they": False,
    "them": False,
    "their": True,
}
