"""Expected agreement figures for the data sets beside this script, computed
with independent implementations, for tests/core/agreement.rs to check
Polyphony's against.

    pip install nltk==3.10.4 krippendorff==0.9.0
    python3 reference.py        # writes NAME.expected.json for each NAME.json

Units are cut by the rules Polyphony documents (a unit is coded by a coder
when the coder coded any of its characters): characters one by one;
paragraphs between blank lines; sentences after . ? ! or ... (with any
closing quote or bracket) followed by white space, and at line breaks; turns
as the data set gives them. Each unit of each document is one item of
nltk's AnnotationTask, labelled 1 (coded) or 0 by each coder. nltk gives the
mean pairwise percentage agreement (avg_Ao), the mean pairwise Cohen's kappa
(kappa), Bennett's S, which is Brennan and Prediger's kappa for two
categories (S), and Krippendorff's alpha (alpha); the krippendorff package
gives alpha again, nominal, from the reliability matrix. A document's and the
overall figures pool the codes some coder used; a code's pool its documents. Where a figure is
not defined (no variation at all), the tools divide by zero and the
expected value is null, except kappa and S, which NVivo and Brennan and
Prediger define as 1 and 2 * agreement - 1 there; the script says which.
"""

import json
import pathlib
import sys

import krippendorff
import nltk
import numpy
from nltk.metrics.agreement import AnnotationTask

HERE = pathlib.Path(__file__).parent
CLOSERS = "\"”’)"


def split(text, ends):
    pieces, start = [], 0
    for at in range(len(text)):
        if ends(text, at) or at + 1 == len(text):
            s, e = start, at + 1
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                pieces.append((s, e))
            start = at + 1
    return pieces


def sentence_end(text, at):
    c = text[at]
    if c == "\n":
        return True
    if c not in ".?!…" + CLOSERS:
        return False
    if at + 1 < len(text) and not text[at + 1].isspace():
        return False
    back = at
    while back >= 0 and text[back] in CLOSERS:
        back -= 1
    return back >= 0 and text[back] in ".?!…"


def units(document, unit):
    text = document["text"]
    if unit == "characters":
        return [(i, i + 1) for i in range(len(text))]
    if unit == "turns" and document.get("turns"):
        return [tuple(t) for t in document["turns"] if t[0] < t[1]]
    if unit in ("paragraphs", "turns"):
        return split(text, lambda t, at: t[at] == "\n" and at + 1 < len(t) and t[at + 1] == "\n")
    return split(text, sentence_end)


def coded(data, coder, code, document, unit_range):
    s, e = unit_range
    return any(
        c["coder"] == coder and c["code"] == code and c["document"] == document
        and c["start"] < e and s < c["end"]
        for c in data["codings"]
    )


def figures(data, items):
    """items: (document, code, unit range) triples, pooled."""
    coders = data["coders"]
    rows = {coder: [1 if coded(data, coder, code, doc, r) else 0 for (doc, code, r) in items] for coder in coders}
    triples = [(coder, i, rows[coder][i]) for coder in coders for i in range(len(items))]
    task = AnnotationTask(data=triples)
    labels = {label for values in rows.values() for label in values}
    neither = sum(1 for i in range(len(items)) if all(rows[c][i] == 0 for c in coders))
    out = {"units": len(items), "neither_share": neither / len(items) if items else None}
    out["percent_agreement"] = task.avg_Ao()
    disagreements = sum(1 for i in range(len(items)) if len({rows[c][i] for c in coders}) > 1)
    if disagreements == 0:
        # NVivo: complete agreement is kappa 1 (nltk divides by zero here).
        out["cohen_kappa"] = 1.0
    else:
        out["cohen_kappa"] = task.kappa()
    if len(labels) == 2:
        out["brennan_prediger"] = task.S()
    else:
        # One category seen: Brennan and Prediger's chance is still 1/2.
        out["brennan_prediger"] = 2 * task.avg_Ao() - 1
    if len(labels) == 2:
        alpha_nltk = task.alpha()
        matrix = numpy.array([rows[c] for c in coders], dtype=float)
        alpha_pkg = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        assert abs(alpha_nltk - alpha_pkg) < 1e-9, (alpha_nltk, alpha_pkg)
        out["krippendorff_alpha"] = alpha_pkg
    else:
        out["krippendorff_alpha"] = None
    return out


def expected(data):
    result = {
        "tools": f"nltk {nltk.__version__} and krippendorff {krippendorff.__version__ if hasattr(krippendorff, '__version__') else '0.9.0'}, Python {sys.version.split()[0]}",
        "units": {},
    }
    used = sorted({c["code"] for c in data["codings"]})
    codes = data.get("codes_compared", used)
    for unit in ("characters", "sentences", "paragraphs", "turns"):
        cells = {
            (doc["name"], code): [(doc["name"], code, r) for r in units(doc, unit)]
            for doc in data["documents"]
            for code in codes
        }
        result["units"][unit] = {
            "by_code": {code: figures(data, [i for (d, c), its in cells.items() if c == code for i in its]) for code in codes},
            "by_document": {
                doc["name"]: figures(data, [i for (d, c), its in cells.items() if d == doc["name"] and c in used for i in its])
                for doc in data["documents"]
            },
            "overall": figures(data, [i for (d, c), its in cells.items() if c in used for i in its]),
        }
    return result


def main():
    for path in sorted(HERE.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        target = path.with_name(path.stem + ".expected.json")
        target.write_text(json.dumps(expected(data), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print("wrote", target.name)


if __name__ == "__main__":
    main()
