"""Property-based tests of the count reader: any phrase gives no count or an ordered, non-negative one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from flashpoint.extract.quantities import number_value, parse_quantity

WORDS = st.sampled_from(
    ["at", "least", "more", "than", "up", "to", "about", "nearly", "between", "and", "or", "-", "dozens", "of",
     "hundreds", "a", "dozen", "no", "one", "none", "two", "twenty", "five", "hundred", "thousand", "million",
     "March", "people", "1,000", "12", "3.5", "0", "99999999999", "some", "another", "scores", "well", "over"]
)  # fmt: skip
PHRASE = st.one_of(st.lists(WORDS, max_size=8).map(" ".join), st.text(max_size=40))


@given(phrase=PHRASE, singular_ok=st.booleans())
def test_a_count_is_ordered_non_negative_and_inside_the_phrase(phrase: str, singular_ok: bool) -> None:
    found = parse_quantity(phrase, singular_ok=singular_ok)
    if found is None:
        return
    values = [v for v in (found.low, found.best, found.high) if v is not None]
    assert values == sorted(values), found
    assert all(v >= 0 for v in values), found
    assert found.acled is None or found.acled >= 0
    assert 0 <= found.start <= found.end <= len(phrase)


@given(text=PHRASE)
def test_a_number_value_is_none_or_a_non_negative_integer(text: str) -> None:
    value = number_value(text)
    assert value is None or (isinstance(value, int) and value >= 0)
