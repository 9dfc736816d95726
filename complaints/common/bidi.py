"""Right-to-left text (Hebrew, Arabic) in a left-to-right document, in the order it is drawn.

ReportLab draws a string's characters from left to right as they come (its own bidi
support needs ``rlbidi``, which is not on PyPI), so a Hebrew name would be printed back
to front. ``visual`` applies what a left-to-right line of plain text needs of the Unicode
Bidirectional Algorithm (UAX #9: rules W1-W7, N0-N2, I1, L1-L4): runs of right-to-left
letters are reversed, numbers inside them keep their order, brackets around them are
mirrored and accents stay on their letters. Explicit embeddings and isolates (U+202A-E,
U+2066-9) are treated as neutral.

``visual`` serves text drawn on one line (a masthead, a chart label, a table cell);
``pdfdoc.Paragraph`` uses ``drawing_order`` on each line once the lines are broken, so a
right-to-left run that wraps starts on the first line, as it should.

What it cannot do: shape Arabic. Each Arabic letter is drawn in its isolated form, in the
right order but not joined as it would be written.
"""

from __future__ import annotations

import unicodedata

_STRONG_RTL = {"R", "AL"}
# For rules N1-N2, numbers count as right-to-left.
_DIRECTION = {"L": "L", "R": "R", "EN": "R", "AN": "R"}
_TRAILING = {"WS", "S", "B", "BN", "FSI", "LRI", "RLI", "PDI"}
# Mirrored pairs (L4): brackets, guillemets, ≤ and ≥.
_PAIRS = "()<>[]{}\u00ab\u00bb\u2039\u203a\u2045\u2046\u207d\u207e\u208d\u208e\u2264\u2265"
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = set(_OPENING.values())
_MIRROR = {a: b for a, b in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)} | {
    b: a for a, b in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)
}


def visual(text: str) -> str:
    """``text`` (in logical order) in the left-to-right order its characters are drawn."""
    if not has_rtl(text):
        return text
    return "\n".join("".join(ch for _, ch in drawing_order(line)) for line in text.split("\n"))


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _STRONG_RTL for ch in text)


def drawing_order(line: str) -> list[tuple[int, str]]:
    """The characters of one line from left to right as drawn: each one's index in
    ``line`` and the character itself (mirrored where a right-to-left run turns it)."""
    classes = [unicodedata.bidirectional(ch) or "L" for ch in line]
    types = _resolve(line, list(classes))
    levels = [0 if t == "L" else 1 if t == "R" else 2 for t in types]
    for i in range(len(line) - 1, -1, -1):  # L1: trailing white space at the line's level
        if classes[i] not in _TRAILING:
            break
        levels[i] = 0
    # Accents travel with their letter (L3), brackets in a right-to-left run turn (L4).
    clusters: list[tuple[list[tuple[int, str]], int]] = []
    for i, (ch, cls, level) in enumerate(zip(line, classes, levels, strict=True)):
        if cls == "NSM" and clusters:
            clusters[-1][0].append((i, ch))
        else:
            clusters.append(([(i, _MIRROR.get(ch, ch) if level % 2 else ch)], level))
    for level in range(max(levels, default=0), 0, -1):  # L2
        i = 0
        while i < len(clusters):
            if clusters[i][1] < level:
                i += 1
                continue
            j = i
            while j < len(clusters) and clusters[j][1] >= level:
                j += 1
            clusters[i:j] = clusters[i:j][::-1]
            i = j
    return [pair for cluster, _ in clusters for pair in cluster]


def _resolve(line: str, types: list[str]) -> list[str]:
    """Each character's direction, "L", "R", "EN" or "AN", in a left-to-right paragraph."""
    n = len(types)
    previous = "L"
    for i, t in enumerate(types):  # W1: a mark takes the type of what it marks
        if t == "NSM":
            types[i] = previous
        previous = types[i]
    strong = "L"
    for i, t in enumerate(types):  # W2: European digits after Arabic letters are Arabic
        if t in ("L", "R", "AL"):
            strong = t
        elif t == "EN" and strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]  # W3
    for i in range(1, n - 1):  # W4: one separator between two numbers
        before, after = types[i - 1], types[i + 1]
        if types[i] == "ES" and before == after == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and before == after and before in ("EN", "AN"):
            types[i] = before
    i = 0
    while i < n:  # W5: terminators (%, currency) next to European digits
        if types[i] != "ET":
            i += 1
            continue
        j = i
        while j < n and types[j] == "ET":
            j += 1
        if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
            types[i:j] = ["EN"] * (j - i)
        i = j
    strong = "L"
    for i, t in enumerate(types):  # W6 and W7
        if t in ("ES", "ET", "CS"):
            types[i] = "ON"
        elif t in ("L", "R"):
            strong = t
        elif t == "EN" and strong == "L":
            types[i] = "L"
    _brackets(line, types)
    i = 0
    while i < n:  # N1-N2: neutrals between like directions take it, others the line's
        if types[i] in _DIRECTION:
            i += 1
            continue
        j = i
        while j < n and types[j] not in _DIRECTION:
            j += 1
        before = _DIRECTION[types[i - 1]] if i > 0 else "L"
        after = _DIRECTION[types[j]] if j < n else "L"
        types[i:j] = [before if before == after else "L"] * (j - i)
        i = j
    return types


def _brackets(line: str, types: list[str]) -> None:
    """N0: a pair of brackets takes the direction of what it encloses when that is the
    line's (left to right), else that of the text before it, so "(לוי)" turns whole."""
    pairs, stack = [], []
    for i, ch in enumerate(line):
        if types[i] != "ON":
            continue
        if ch in _OPENING:
            stack.append((_OPENING[ch], i))
        elif ch in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    for start, end in sorted(pairs):
        inside = {_DIRECTION[t] for t in types[start + 1 : end] if t in _DIRECTION}
        if not inside:
            continue
        if "L" in inside:
            direction = "L"
        else:
            before = next((_DIRECTION[t] for t in reversed(types[:start]) if t in _DIRECTION), "L")
            direction = before if before == "R" else "L"
        types[start] = types[end] = direction
