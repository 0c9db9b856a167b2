"""The indexed typo and abbreviation search of ids.py gives exactly what a brute-force search over all posts gives.

The reference definitions below are the plain ones ids.py used before the symmetric-deletion index: a full
optimal-string-alignment distance (insert, delete, substitute, swap neighbours) against every known post.
They are compared with the fast functions on words of real REF lines of the corpus and on made-up typos.
"""

from __future__ import annotations

import random
import re

from cableparse.fields import ids
from cableparse.fields.ids import KNOWN_POSTS
from conftest import manifest_rows

_WORD_RE = re.compile(r"[A-Za-z0-9.'-]+")
_REF_MARKER_RE = re.compile(r"\bREF(?:TEL|ERENCE)?S?\s{0,3}:", re.I)


def _osa_distance(a: str, b: str) -> int:
    """The full optimal-string-alignment distance (no early exit): the reference for the fast checks."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def _brute_typo_match(origin: str) -> str | None:
    """The one known post within 1 edit (else 2 edits for 9+ letters), by trying every post."""
    limit = 2 if len(origin) >= 9 else 1
    # The distance is at least the difference in length: the other posts need no check.
    near = {post: _osa_distance(origin, post) for post in KNOWN_POSTS if abs(len(post) - len(origin)) <= limit}
    found = [post for post, distance in near.items() if distance <= 1]
    if len(found) == 1:
        return found[0]
    if found or limit == 1:
        return None
    found = [post for post, distance in near.items() if distance <= limit]
    return found[0] if len(found) == 1 else None


def _brute_prefix_match(origin: str) -> str | None:
    if len(origin) < 3:
        return None
    found = [post for post in KNOWN_POSTS if post.startswith(origin)]
    return found[0] if len(found) == 1 else None


def _made_up_typos(count: int, seed: int = 20260) -> list[str]:
    """Known posts with 1 to 3 random edits (and edits that make a post another post, or nothing)."""
    rng = random.Random(seed)
    posts = sorted(KNOWN_POSTS)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0"
    words = []
    for _ in range(count):
        word = rng.choice(posts)
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            position = rng.randrange(len(word) + 1)
            edit = rng.choice(("insert", "delete", "substitute", "swap", "double"))
            if edit == "insert":
                word = word[:position] + rng.choice(letters) + word[position:]
            elif edit == "delete" and len(word) > 1:
                word = word[: position - 1] + word[position:] if position else word[1:]
            elif edit == "substitute" and position < len(word):
                word = word[:position] + rng.choice(letters) + word[position + 1:]
            elif edit == "swap" and position + 1 < len(word):
                word = word[:position] + word[position + 1] + word[position] + word[position + 2:]
            elif edit == "double" and position < len(word):
                word = word[: position + 1] + word[position:]
        words.append(word)
    return words


def _corpus_reference_words(limit_files: int = 150) -> list[str]:
    """Cleaned words, and runs of up to three words, from the REF blocks of corpus Cablegate pages."""
    words: set[str] = set()
    for row in manifest_rows("cablegate-html")[:limit_files]:
        page = row["file"].read_text(encoding="utf-8", errors="replace").replace("&#x000A;", " ")
        for marker in _REF_MARKER_RE.finditer(page):
            tokens = _WORD_RE.findall(page[marker.end():marker.end() + 250])  # the block, and what follows it
            for start in range(len(tokens)):
                for size in (1, 2, 3):
                    cleaned = ids._clean_origin(" ".join(tokens[start:start + size]))
                    if 3 <= len(cleaned) <= 24:
                        words.add(cleaned)
    return sorted(words)


def _assert_same_as_brute_force(words: list[str]) -> None:
    mismatches = [
        (word, ids._typo_match(word), _brute_typo_match(word))
        for word in words
        if ids._typo_match(word) != _brute_typo_match(word)
    ]
    assert not mismatches, mismatches[:20]


def test_typo_match_equals_brute_force_on_made_up_typos() -> None:
    words = _made_up_typos(150)
    _assert_same_as_brute_force(words)
    repaired = sum(ids._typo_match(word) is not None for word in words)
    print(f"made-up typos: {repaired}/{len(words)} repaired, all as the brute-force search does")
    assert repaired > 30  # the sample exercises the repair, not only the refusals


def test_typo_match_equals_brute_force_on_corpus_reference_words() -> None:
    words = _corpus_reference_words()
    assert len(words) > 200
    rng = random.Random(7)
    sample = rng.sample(words, 250) if len(words) > 250 else words
    _assert_same_as_brute_force(sample)
    repaired = sum(ids._typo_match(word) is not None for word in sample)
    print(f"corpus REF words: {len(sample)} checked, {repaired} repaired, all as the brute-force search does")


def test_typo_match_on_written_cases() -> None:
    cases = {
        "WELLINGOTN": "WELLINGTON",  # swap
        "TRIPOLII": "TRIPOLI",  # doubled letter
        "RUSSELS": "BRUSSELS",  # first letter lost
        "BEIJNG": "BEIJING",
        "STATE": "STATE",  # a post is 0 edits from itself, and no other post is 1 edit from it
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ": None,  # longer than any post
        "": None,
    }
    for word, expected in cases.items():
        assert _brute_typo_match(word) == expected, word
        assert ids._typo_match(word) == expected, word


def test_within_one_edit_and_the_distance_check_agree_with_the_full_distance() -> None:
    rng = random.Random(3)
    posts = sorted(KNOWN_POSTS)
    pairs = [("AB", "BA"), ("ABC", "ACB"), ("AAB", "AB"), ("", "A"), ("", ""), ("ABCD", "BADC"), ("CA", "ABC")]
    for word in _made_up_typos(300, seed=11):
        pairs.append((word, rng.choice(posts)))
        pairs.append((word, min(posts, key=lambda post: abs(len(post) - len(word)) + (post[:2] != word[:2]))))
    for a, b in pairs:
        distance = _osa_distance(a, b)
        assert ids._within_one_edit(a, b) == (distance <= 1), (a, b, distance)
        assert ids._within_one_edit(b, a) == (distance <= 1), (b, a, distance)
        for limit in (1, 2):
            assert ids._osa_distance_at_most(a, b, limit) == (distance <= limit), (a, b, limit, distance)


def test_every_post_within_two_edits_is_a_candidate() -> None:
    # The superset property the index rests on, checked directly on words two edits from posts.
    for word in _made_up_typos(200, seed=5):
        near = {post: _osa_distance(word, post) for post in KNOWN_POSTS if abs(len(post) - len(word)) <= 2}
        near_one = {post for post, distance in near.items() if distance <= 1}
        assert near_one <= ids._typo_candidates(word, 1), word
        if len(word) >= 9:
            near_two = {post for post, distance in near.items() if distance <= 2}
            assert near_two <= ids._typo_candidates(word, 2), word


def test_prefix_match_equals_brute_force() -> None:
    words = {post[:size] for post in KNOWN_POSTS for size in range(1, len(post) + 2)}
    words |= {post + "X" for post in KNOWN_POSTS} | {"", "ZZZ", "AAA", "HALIF", "PORTA", "SAN", "NEW"}
    mismatches = [word for word in sorted(words) if ids._prefix_match(word) != _brute_prefix_match(word)]
    assert not mismatches, mismatches[:20]
    assert ids._prefix_match("HALIF") == "HALIFAX"


def test_deletions() -> None:
    assert ids._deletions("ABC", 1) == {"ABC", "BC", "AC", "AB"}
    assert ids._deletions("ABC", 2) == {"ABC", "BC", "AC", "AB", "A", "B", "C"}
    assert ids._deletions("", 2) == {""}
