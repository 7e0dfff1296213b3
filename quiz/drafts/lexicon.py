"""Small cue lists for English news text: the whole "model" the drafter uses."""

from __future__ import annotations

from ..scoring.words import CARDINALS, ORDINALS, SCALES


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")

# Number words as the scorer reads them (quiz.scoring.words), narrowed to what drafts look for.
NUMBER_WORDS = {word: value for word, value in CARDINALS.items() if value >= 2} | {"hundred": 100, "dozen": 12}
MULTIPLIERS = SCALES | {"trillion": 1_000_000_000_000}
ORDINAL_WORDS = {word: value for word, value in ORDINALS.items() if value <= 20}

STOPWORDS = _words(
    "a an the and or but nor so yet of in on at to for from by with about as into onto upon over under "
    "after before during since until than then that this these those there here it its it's is are was were "
    "be been being am has have had having do does did doing will would shall should can could may might must "
    "not no never n't he she they we you i me him her them us my your his their our hers theirs ours mine "
    "who whom whose which what when where why how all any both each few more most other some such only own "
    "same too very just also even still if because while although though whether s t up out off again once "
    "said says say told tells according"
)
# Words frequent in any English text: used to tell English from other languages.
ENGLISH_MARKERS = _words(
    "the and of to in is was for that on with as by at from it he she they his her their this be has have "
    "had are were not but or an which who said will would been also after about"
)
PREPOSITIONS = _words(
    "of in on at to for from by with about as into onto over under after before during since until "
    "against among between through across behind near like via per without within toward towards past beyond "
    "around despite inside outside except off onto amid along"
)
DETERMINERS = _words("a an the this that these those his her its their my our your some any each every no")
PRONOUNS = {
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
    "she's": "f",
    "she'd": "f",
    "she'll": "f",
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "he's": "m",
    "he'd": "m",
    "he'll": "m",
}
FIRST_PERSON = _words("i me my mine we us our ours i'm i've i'd i'll we're we've we'd you your yours you're you've")
NEGATIVE_AUXILIARIES = _words(
    "isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't can't couldn't wouldn't "
    "shouldn't cannot"
)
AUXILIARIES = (
    _words("is are was were has have had will would can could may might must shall should does did do")
    | NEGATIVE_AUXILIARIES
)
NEGATIONS = _words("not never no n't nobody nothing neither nor none cannot")
# Irregular past forms -> base form, for "In what year did X <base> ...?".
IRREGULAR_PAST = {
    "went": "go",
    "said": "say",
    "told": "tell",
    "became": "become",
    "made": "make",
    "began": "begin",
    "won": "win",
    "lost": "lose",
    "got": "get",
    "took": "take",
    "gave": "give",
    "came": "come",
    "ran": "run",
    "wrote": "write",
    "met": "meet",
    "led": "lead",
    "left": "leave",
    "found": "find",
    "held": "hold",
    "saw": "see",
    "knew": "know",
    "brought": "bring",
    "thought": "think",
    "bought": "buy",
    "sold": "sell",
    "spent": "spend",
    "built": "build",
    "sent": "send",
    "paid": "pay",
    "rose": "rise",
    "fell": "fall",
    "grew": "grow",
    "drew": "draw",
    "set": "set",
    "put": "put",
    "cut": "cut",
    "hit": "hit",
    "struck": "strike",
    "chose": "choose",
    "spoke": "speak",
    "broke": "break",
    "stood": "stand",
    "sat": "sit",
    "felt": "feel",
    "kept": "keep",
    "meant": "mean",
    "beat": "beat",
    "threw": "throw",
    "flew": "fly",
    "drove": "drive",
    "swore": "swear",
    "shot": "shoot",
    "taught": "teach",
    "caught": "catch",
    "fought": "fight",
    "sought": "seek",
    "heard": "hear",
    "let": "let",
    "quit": "quit",
    "shut": "shut",
    "spread": "spread",
    "withdrew": "withdraw",
    "overtook": "overtake",
    "undertook": "undertake",
    "forgave": "forgive",
    "forgot": "forget",
    "hung": "hang",
    "rang": "ring",
    "sang": "sing",
    "swam": "swim",
    "wore": "wear",
    "woke": "wake",
    "bore": "bear",
}
IRREGULAR_PARTICIPLES = _words(
    "been done gone made had thought said told become begun won lost got gotten taken given come run written "
    "met led left found held seen known brought bought sold spent built sent paid risen fallen grown drawn set "
    "put cut hit chosen spoken broken stood felt kept meant beaten thrown flown driven taught caught fought"
)
# Words ending in -ed that are not past verbs.
NOT_PAST = _words("red bed need shed seed feed speed bred hundred sacred naked wicked ragged rugged embed weed")
PRESENT_VERBS = _words(
    "says is has does plans wants thinks remains includes hopes expects believes argues claims warns "
    "insists leads owns runs serves holds faces calls sees"
)
ADVERBS = _words(
    "also previously initially briefly then currently still now never already just recently later often "
    "first once again eventually finally reportedly quickly formally officially originally repeatedly "
    "frequently publicly narrowly easily only"
)
SPEECH_VERBS = _words(
    "said says told tells wrote writes added adds remarked responded continued confirmed acknowledged "
    "explained noted insisted argued warned stated announced claimed tweeted posted asked replied recalled "
    "admitted declared suggested urged joked conceded predicted cautioned"
)

PERSON_TITLES = _words(
    "Actress Actor Congressman Congresswoman Senator Sen. Rep. Representative President Governor Gov. Mayor "
    "Councillor Councilman Councilwoman Councilor Dr. Doctor Professor Prof. Coach Captain Capt. Judge Justice "
    "Chancellor Minister Mr. Mrs. Ms. Miss Director Chief Superintendent Sheriff Commissioner Secretary Speaker "
    "Sir Dame Lord Lady King Queen Prince Princess Pope Officer Detective Sergeant Sgt. Lt. Lieutenant General "
    "Gen. Col. Colonel Admiral Inspector Deputy Vice Singer Producer Rev. Reverend Father Sister Nurse Agent "
    "Striker Midfielder Defender Goalkeeper Manager Trustee Alderman Chairman Chairwoman Chair"
)
ROLE_NOUNS = _words(
    "nominee director star actress actor singer producer writer author coach manager player striker "
    "midfielder defender goalkeeper captain minister senator congressman congresswoman governor mayor "
    "president chairman chairwoman chair spokesperson spokesman spokeswoman professor researcher scientist "
    "astronomer biologist physicist chemist economist analyst lawyer attorney judge official councillor "
    "councilor councilman councilwoman commissioner treasurer superintendent principal teacher leader founder "
    "ceo chief officer editor reporter columnist host candidate challenger incumbent rival opponent teammate "
    "winger forward referee organiser organizer activist campaigner resident owner chef author engineer"
)
ORG_WORDS = _words(
    "Party Council Committee University College School Academy Association Union Institute Agency Department "
    "Ministry Commission Corporation Company Inc Inc. Ltd LLC Group Foundation Trust Society Club League "
    "Federation Conference Board Bank Hospital Museum Laboratory Laboratories Lab Center Centre Office Service "
    "Services Authority Court Senate Assembly Network News Times Post Journal Herald Tribune Press FC United "
    "Rovers Athletic Wanderers Team Police Army Navy Movement Organization Organisation Observatory Studios "
    "Records Airlines Coalition Alliance Campaign Fund Institution Parliament Congress Cabinet Administration "
    "Library Magazine Gazette Chronicle Radio Television TV Film Films Pictures Industries Systems Partners"
)
PLACE_WORDS = _words(
    "County City Town Village Valley River Lake Mount Mountain Street Avenue Road Park Bay Island Islands "
    "Coast Beach Heights Springs Falls Harbor Harbour Square Hill Hills Forest District Province State Region"
)
# Words that make a capitalised run something other than a person's name.
NON_NAME_WORDS = _words(
    "Hate Crimes Crime Freedom Health Place Film Movie Show Bill Act Law Day Week Year Award Awards Prize Cup "
    "Championship Championships Games Olympics Festival Conference Summit March Sorry Democratic Republican "
    "Democrat Republicans Democrats Asian American British European African Christmas Easter Internet "
    "Twitter Facebook Instagram TikTok YouTube Google Apple Amazon Microsoft North South East West New Old "
    "Great Greater Upper Lower Central National International Federal Royal General Public Station Hall "
    "Building Bridge Tower Stadium Arena Ground Field Grounds Road Street Avenue High Middle Primary Trust "
    "Budget Plan Project Program Programme Report Survey Study Index Net"
)

VAGUE_SUBJECTS = _words("it they this that these those there here which what some many others one")
