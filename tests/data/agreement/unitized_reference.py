"""Expected unitized agreement figures for the data sets beside this script:
Krippendorff's alpha for unitized continua and MAXQDA's segment-level
agreement, computed independently of Polyphony, for its tests to check
against. (reference.py does the same for units cut in advance.)

    pip install numpy==2.4.6
    pip install --no-deps krippendorff-unitized-alpha==0.1.0
    python3 unitized_reference.py   # writes NAME.unitized.expected.json for each NAME.json

--no-deps because krippendorff-unitized-alpha 0.1.0 declares numpy<2 and
pytest<8 as requirements; it only uses numpy.zeros, sum and diagonal, which
numpy 2 keeps, and never imports pytest. Python 3.11.

Which tool gives which figure
-----------------------------
krippendorff-unitized-alpha 0.1.0 (PyPI; Bekcic, after Krippendorff et al.
2016) computes one member of the family, uα, from a coincidence matrix and
an expected coincidence matrix it exposes. From it:
  u_alpha                 the package's result;
  binary_alpha            |uα, our collapse of the package's two matrices to
                          "gap" versus "any code" (paper eq. 6);
  by_code.*.binary_alpha  |cuα (ATLAS.ti's α-binary of one code): the
                          package's uα on the continuum cut into that code
                          versus everything else (with one value uα is |uα).
Each is also computed exactly by our own unitized_formulas.py and the two
must agree to 1e-9, or the script stops; the value written is ours, exactly
rounded, so that reruns write the same bytes (see checked()).
  cu_alpha                cuα, the package has no such member: our own
                          unitized_formulas.py only (formulas in its
                          docstring, after Krippendorff, Mathet, Bouvry &
                          Widlöcher 2016, Quality & Quantity 50:2347-2364,
                          eq. 10, and Krippendorff 2019, sec. 12.6; for three
                          or more coders the self-pairing term is our
                          reading, argued there).
  maxqda.*                our own unitized_formulas.py, after MAXQDA's manual
                          (Intercoder agreement, "Segment level", minimum
                          overlap default 90 %; kappa after Brennan &
                          Prediger 1981 with chance = 1 / number of codes in
                          the results table, which the manual states). That
                          the overlap is taken of the two segments' union,
                          and that both coders' segments are counted, is our
                          reading of the manual, not a quotation of it.
The package's helper impute_empty_segments is not used (it treats ends as
inclusive while Segment.length treats them as exclusive); the gaps are cut
here, as half-open ranges, exactly covering each document.

Definitions
-----------
The continuum is a document's text, its characters by Python str index
(code points), as the data sets give offsets; L = len(text). All coders the
data set names take part in every document, one who coded nothing in it
leaving it all gap. Only the codes compared count ("codes_compared", else
every code used); codings of other codes are gap. A coder's overlapping
codings of one code are one section (their union); touching ones stay two.
Each coder's continuum is cut at every start and end of their codings; a
piece's value is the set of codes covering it, GAP when none. Where one
coder's different codes overlap, the piece has a compound value (e.g. Care
and Hope together), which the 2016 paper does not foresee (it assumes a
coder's values exclude each other, as ATLAS.ti demands within a semantic
domain): "overlapping_codes" is true where that happened, and uα, |uα and
cuα there treat the compound as one more nominal value.
  u_alpha       uα: all codes compared, each a value, gaps a value.
  binary_alpha  |uα: coded by any code compared versus gap (ATLAS.ti's
                global α-binary).
  cu_alpha      cuα: which code, only where coded sections of different
                coders meet (ATLAS.ti's Cu-α with each code its own semantic
                domain, and equally its cu-α of one domain holding all the
                codes: Polyphony's codes are one flat list).
  by_code.C.binary_alpha  |cuα of code C: C versus not C (ATLAS.ti's
                α-binary of a code).
Each document is its own continuum (by_document). Pooled figures (by_code,
overall) lay the documents end to end as one continuum: no section crosses
a document's end, so every coincidence and correction sum is the sum of the
documents' sums and l.. = m * (total length).
MAXQDA, for each pair of coders (all pairs, in the data set's coder order),
per code and over all codes, per document and pooled over the documents, at
minimum overlaps 90 % (MAXQDA's default) and 50 %: a coded segment (a coder's
merged codings of one code) agrees when the other coder has a segment of the
same code in the same document whose intersection is at least that
percentage of the union of the two; every segment of both coders is checked,
so a matching pair counts 2 agreements. percent_agreement = agreements /
segments, as a fraction 0..1 like reference.py. kappa (for a whole table
only: a document's, or all documents') = (P_o - P_c) / (1 - P_c) with P_o
the table's percent_agreement (MAXQDA's four-field table with the cell
"neither coder" set to 0) and P_c = 1 / the number of codes in the table
(codes compared with at least one segment of either coder there).

Output (keys sorted): "tools"; "unitized": {"by_document": {DOC: FIG +
"by_code": {CODE: {"binary_alpha"}}}, "by_code": {CODE: {"binary_alpha"}},
"overall": FIG}, FIG = {"u_alpha", "binary_alpha", "cu_alpha",
"overlapping_codes", "pairable_length" (l..), "coded_pairable_length" (l*..),
"disagreements": {"u"|"binary"|"cu": [observed, expected]} (alpha = 1 -
observed / expected)}; "maxqda": {"90"|"50": {"pairs": [{"coders": [A, B],
"by_code": {CODE: COUNTS}, "by_document": {DOC: {"by_code", "overall"}},
"overall": COUNTS + "codes_in_table", "chance", "kappa"}]}}, COUNTS =
{"agreements", "disagreements", "segments", "percent_agreement"}.

null where undefined: an alpha whose expected disagreement is 0 (nothing
coded; one value only; for cuα no coded section meeting another coder's, or
one code only where they meet; for |cuα a code nobody used);
percent_agreement with no segments; kappa with no segments or fewer than 2
codes in the table (P_c = 1); kappa per code is not a MAXQDA figure and is
not given.
"""

import importlib.metadata
import json
import pathlib
import sys
import warnings
from fractions import Fraction

import numpy

sys.dont_write_bytecode = True  # no __pycache__ beside the data sets
from krippendorff_unitized_alpha.krippendorffs_unitized_alpha import (
    EMPTY_TAG,
    KrippendorffUnitizedAlpha,
    Segment,
)

import unitized_formulas as own

HERE = pathlib.Path(__file__).parent
THRESHOLDS = (90, 50)


def codes_of(data):
    used = sorted({c["code"] for c in data["codings"]})
    return list(data.get("codes_compared", used))


def codings_of(data, coder, document):
    return [(c["code"], c["start"], c["end"]) for c in data["codings"]
            if c["coder"] == coder and c["document"] == document]


def continua(data, codes):
    """[(length, {coder: partition})] for each document, in order."""
    return [
        (len(doc["text"]), {coder: own.partition(codings_of(data, coder, doc["name"]), len(doc["text"]), codes)
                            for coder in data["coders"]})
        for doc in data["documents"]
    ]


# ------------------------------------------------------- the PyPI package

def tag(value):
    """The package's tag for a value: its gap tag, a code's name, or the
    names of a compound joined by a separator no code name contains."""
    return EMPTY_TAG if value == own.GAP else "\x1f".join(sorted(value))


def package_alphas(pieces):
    """uα and |uα by krippendorff-unitized-alpha for continua laid end to
    end (each document shifted past the ones before it)."""
    segments, offset = {}, 0
    for length, parts in pieces:
        for coder, part in parts.items():
            segments.setdefault(coder, []).extend(Segment(tag(v), s + offset, e + offset) for v, s, e in part)
        offset += length
    with warnings.catch_warnings(), numpy.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        k = KrippendorffUnitizedAlpha(segments)
        o, e, at = k.observed_coincidence_matrix_, k.expected_coincidence_matrix_, k.tag_2_pos
        binary = None
        if EMPTY_TAG in at and len(at) > 1:
            g = at[EMPTY_TAG]
            others = [i for i in at.values() if i != g]
            binary = float(1 - sum(o[g, i] for i in others) / sum(e[g, i] for i in others))
        return float(k.result), binary


def checked(ours, package_value, what):
    """Our exact value, rounded once to a float, after checking the
    package's against it; null where ours says the figure is undefined (the
    package then divides by zero). The exact value rather than the
    package's float is written because the package sums over a set of tags,
    whose order changes from run to run with Python's string hashing, so its
    last bits do too; the two agree far inside 1e-9."""
    if ours is None:
        return None
    assert package_value is not None and abs(package_value - float(ours)) < 1e-9, (what, package_value, float(ours))
    return float(ours)


# ------------------------------------------------------------- figures

def number(x):
    return None if x is None else float(x)


def unitized_figures(pieces, m, what):
    tally = own.Tally(m)
    for length, parts in pieces:
        tally.add(length, parts)
    ours = own.alphas(tally)
    u_pkg, binary_pkg = package_alphas(pieces) if ours["u"] is not None or ours["binary"] is not None else (None, None)
    return {
        "u_alpha": checked(ours["u"], u_pkg, what + " u"),
        "binary_alpha": checked(ours["binary"], binary_pkg, what + " binary"),
        "cu_alpha": number(ours["cu"]),
        "overlapping_codes": tally.compound,
        "pairable_length": int(ours["pairable"]),
        "coded_pairable_length": number(ours["cu_pairable"]),
        # (observed, expected) disagreement behind each alpha, for tracing
        # a difference: alpha = 1 - observed / expected.
        "disagreements": {k: None if v is None else [float(v[0]), float(v[1])] for k, v in ours["D"].items()},
    }


def binary_of_code(pieces_of_code, m, what):
    """|cuα of one code: the continua cut into that code versus not."""
    tally = own.Tally(m)
    for length, parts in pieces_of_code:
        tally.add(length, parts)
    ours = own.alphas(tally)
    u_pkg = package_alphas(pieces_of_code)[0] if ours["u"] is not None else None
    assert ours["u"] == ours["binary"] or ours["u"] is None and ours["binary"] is None
    return {"binary_alpha": checked(ours["u"], u_pkg, what)}


def unitized(data):
    codes, m = codes_of(data), len(data["coders"])
    names = [doc["name"] for doc in data["documents"]]
    every = continua(data, codes)
    per_code = {code: continua(data, [code]) for code in codes}
    result = {
        "by_document": {},
        "by_code": {code: binary_of_code(per_code[code], m, code) for code in codes},
        "overall": unitized_figures(every, m, "overall"),
    }
    for d, name in enumerate(names):
        figures = unitized_figures([every[d]], m, name)
        figures["by_code"] = {code: binary_of_code([per_code[code][d]], m, f"{name} {code}") for code in codes}
        result["by_document"][name] = figures
    return result


def maxqda(data, threshold):
    codes = codes_of(data)
    names = [doc["name"] for doc in data["documents"]]

    def segments(coder, document, code):
        return own.merge_same_code([(s, e) for (c, s, e) in codings_of(data, coder, document) if c == code])

    pairs = []
    for a, b in own.coder_pairs(data["coders"]):
        counts = {}  # (document, code) -> (agreements, disagreements)
        for name in names:
            for code in codes:
                sa, sb = segments(a, name, code), segments(b, name, code)
                counts[(name, code)] = own.maxqda_pair(sa, sb, threshold)

        def table(cells):
            """One MAXQDA results table. cells: {code: (agreements,
            disagreements)}; the codes in the table are those with a segment."""
            by_code = {code: plain(own.maxqda_summary(*cell)) for code, cell in cells.items()}
            present = sum(1 for cell in cells.values() if sum(cell) > 0)
            agree = sum(cell[0] for cell in cells.values())
            disagree = sum(cell[1] for cell in cells.values())
            return by_code, plain(own.maxqda_summary(agree, disagree, present))

        by_document = {}
        for name in names:
            by_code, overall = table({code: counts[(name, code)] for code in codes})
            by_document[name] = {"by_code": by_code, "overall": overall}
        pooled = {code: tuple(sum(counts[(n, code)][i] for n in names) for i in (0, 1)) for code in codes}
        by_code, overall = table(pooled)
        pairs.append({"coders": [a, b], "by_code": by_code, "by_document": by_document, "overall": overall})
    return {"pairs": pairs}


def plain(summary):
    return {k: (float(v) if isinstance(v, Fraction) else v) for k, v in summary.items()}


def expected(data):
    package = importlib.metadata.version("krippendorff-unitized-alpha")
    return {
        "tools": (
            f"u_alpha, binary_alpha, by_code binary_alpha: krippendorff-unitized-alpha {package} "
            f"(numpy {numpy.__version__}) and unitized_formulas.py, agreeing to 1e-9, the latter's exact "
            f"value written; cu_alpha and maxqda: unitized_formulas.py (exact fractions); "
            f"Python {sys.version.split()[0]}"
        ),
        "unitized": unitized(data),
        "maxqda": {str(t): maxqda(data, t) for t in THRESHOLDS},
    }


def hand_examples():
    """The worked examples of the specification, exactly, so that a change
    to the formulas that breaks them stops the script."""
    def figures(length, codings, codes):
        tally = own.Tally(len(codings))
        tally.add(length, {c: own.partition(cs, length, codes) for c, cs in codings.items()})
        a = own.alphas(tally)
        return a["u"], a["binary"], a["cu"]

    F = Fraction
    assert figures(10, {"A": [("Hope", 2, 6)], "B": [("Hope", 3, 7)]}, ["Hope"]) == (F(151, 240), F(151, 240), None)
    assert figures(10, {"A": [("Hope", 0, 4), ("Care", 4, 8)], "B": [("Hope", 0, 6), ("Care", 6, 8)]},
                   ["Hope", "Care"]) == (F(229, 310), F(1), F(37, 60))
    assert figures(12, {"A": [("Hope", 0, 6), ("Care", 6, 10)], "B": [("Hope", 0, 10)], "C": []},
                   ["Hope", "Care"]) == (F(1, 48), F(1, 48), F(9, 40))
    assert figures(10, {"A": [("Hope", 0, 6), ("Care", 4, 8)], "B": [("Hope", 0, 6)]},
                   ["Hope", "Care"]) == (F(153, 320), F(253, 420), F(4, 15))
    # MAXQDA: 9 of a union of 10 is exactly 90 %, which agrees.
    assert own.maxqda_pair([(0, 10), (50, 60)], [(1, 10)], 90) == (2, 1)
    assert own.maxqda_pair([(20, 30)], [(25, 40)], 90) == (0, 2)
    assert own.maxqda_pair([(2, 6)], [(3, 7)], 90) == (0, 2)
    assert own.maxqda_pair([(2, 6)], [(3, 7)], 50) == (2, 0)
    assert own.maxqda_summary(2, 3, 2)["kappa"] == F(-1, 5)


def main():
    hand_examples()
    for path in sorted(HERE.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        target = path.with_name(path.stem + ".unitized.expected.json")
        text = json.dumps(expected(data), indent=1, ensure_ascii=False, sort_keys=True)
        target.write_text(text + "\n", encoding="utf-8")
        print("wrote", target.name)


if __name__ == "__main__":
    main()
