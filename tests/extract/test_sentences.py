import pytest

from khronika.extract.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police came. They left.", ["Police came.", "They left."]),
        ("Mr. Brown was held. Dr. White spoke.", ["Mr. Brown was held.", "Dr. White spoke."]),
        ("J. Smith was fined. He paid.", ["J. Smith was fined.", "He paid."]),
        ("Задержан А. Иванов. Его отпустили.", ["Задержан А. Иванов.", "Его отпустили."]),
        ("Митинг прошёл на ул. Абая. Пришли сотни.", ["Митинг прошёл на ул. Абая.", "Пришли сотни."]),
        ("В 2020 г. был суд. Потом штраф.", ["В 2020 г. был суд.", "Потом штраф."]),
        ("«Нас не слышат!» Так сказал он.", ["«Нас не слышат!»", "Так сказал он."]),
        ("The site 24.kg was blocked. Then more.", ["The site 24.kg was blocked.", "Then more."]),
        ("Title line\nBody starts here. End", ["Title line", "Body starts here.", "End"]),
        ("Кеше ереуіл болды. Жұмысшылар жиналды.", ["Кеше ереуіл болды.", "Жұмысшылар жиналды."]),
        ("It cost 3.5 million tenge. Paid.", ["It cost 3.5 million tenge.", "Paid."]),
        ("he said. and then", ["he said. and then"]),
        (
            "Police detained twelve people near the monument on the avenue and\ntook them to the station. Next.",
            ["Police detained twelve people near the monument on the avenue and\ntook them to the station.", "Next."],
        ),
        ("FOR IMMEDIATE RELEASE\nPolice came.", ["FOR IMMEDIATE RELEASE", "Police came."]),
        (
            "Demands of the workers who have been striking since Monday:\n- pay\n- jobs",
            ["Demands of the workers who have been striking since Monday:", "- pay", "- jobs"],
        ),
    ],
)
def test_split_sentences_texts(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_offsets_point_into_the_text():
    text = "  First one.   Second one!\n\nThird?"
    sentences = split_sentences(text)
    assert [(s.start, s.end) for s in sentences] == [(2, 12), (15, 26), (28, 34)]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_empty_text_has_no_sentences():
    assert split_sentences("  \n ") == []
