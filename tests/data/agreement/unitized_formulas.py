"""Our own implementation of the unitized alpha family and of MAXQDA's
segment-level agreement, written from the published definitions (no code
copied from anywhere). unitized_reference.py uses it next to the PyPI package
krippendorff-unitized-alpha and checks the two against each other where both
compute the same figure.

All arithmetic is exact (fractions.Fraction): offsets and lengths are
integers, so every coincidence, expected coincidence and alpha is a rational
number. That lets "the denominator is zero" be decided exactly (such a figure
is None, written null), and the one conversion to float happens at the end.

Sources of the formulas
-----------------------
Krippendorff, K., Mathet, Y., Bouvry, S. & Widlöcher, A. (2016). On the
reliability of unitizing textual continua: Further developments. Quality &
Quantity 50, 2347-2364 (with its erratum, 50, 2365), and Krippendorff, K.
(2019). Content Analysis, 4th ed., section 12.6. Notation as in the paper:
m coders; coder i cuts the continuum into sections g of value c (a code, or
the gap value written GAP here) and length l_cig; l.. = m * L is the total
number of pairable values. (A section is a "unit" in the sense of ordinary
alpha: it can be paired with everything except itself.) The paper's and the
book's own text could not be consulted while writing this; eqs. 1, 4 and 6
below are as three independent public implementations compute them (the
PyPI package krippendorff-unitized-alpha, which this script also runs, and
two others that cite the equation numbers), and they agree with each other;
for cuα (eq. 10) see the note after it.

  observed coincidences (paper eq. 1, book eq. 32)
      o_ck = 1/(m-1) * sum_i sum_{j != i} sum_g sum_h |s_cig ∩ s_kjh|
  expected coincidences (paper eq. 4, book eq. 33)
      e_ck = l.. * (l_c. * l_.k - [c = k] * Q_c) / (l..^2 - sum_c Q_c)
      Q_c = sum_i sum_g l_cig^2 for a code c, and sum_i sum_g l_GAP,ig (not
      squared) for the gap: a gap has no structure of its own, so each of
      its characters counts as a unit of length 1.
  uα  = 1 - (l.. - sum_c o_cc) / (l.. - sum_c e_cc)          (nominal)
  |uα = 1 - (sum_{k != GAP} o_GAP,k) / (sum_{k != GAP} e_GAP,k)
        (the same matrices collapsed to gap versus any code; with one code
        it equals uα.)
  cuα: only the pairable values where coders' coded sections meet, i.e. the
      matrix o restricted to codes x codes (gap rows and columns dropped):
      l*.. = sum_{c,k codes} o_ck, l*_c. = sum_{k code} o_ck, and
      e*_ck = l*.. * (l*_c. l*_.k - [c = k] * R_c) / (l*..^2 - R)
      R_c = sum_i sum_{g of i with value c} w_ig^2,   R = sum_c R_c,
      w_ig = 1/(m-1) * sum_{j != i} |s_cig ∩ V_j|,
      V_j = everything coder j coded (the union of j's coded sections).
      Why: w_ig is exactly what section g adds to the margin l*_c. (its
      row of o restricted to codes), i.e. its pairable mass in cuα, so w_ig^2
      is its self-pairing to take out -- as a section's mass is l_cig and
      its self-pairing l_cig^2 in uα (paper eq. 10 in that sense).
      cuα = 1 - (l*.. - sum_c o_cc) / (l*.. - sum_c e*_cc)
  For two coders w_ig = |s_cig ∩ V_j| and this is what both public
  implementations we read compute (one after the paper's eq. 10, one after
  the book's eqs. 36-37). For three or more they differ from each other and
  from this: one squares each pair's |s_cig ∩ V_j| and divides the sum by
  (m-1), the other squares |s_cig ∩ (union of the other coders' codings)|
  and does not divide. Both break with a coder who coded nothing: A codes
  Hope [0,6) and Care [6,10), B Hope [0,10), C nothing (L = 12; l*.. = 10,
  margins Hope 8, Care 2): per pair, R = 76 and e*_HopeHope = e*_CareCare
  = -5/3 (negative expected coincidences); by union, R = 152 > l*..^2 = 100
  (negative denominator). With w_ig (masses 3, 2, 5; R = 38) they are
  150/31 and 0, and l*..^2 - R = (sum w)^2 - sum w^2 > 0 whenever two coded
  sections meet (both then have mass). So this script takes w_ig; cuα of
  that example is 9/40 (hand_examples() in unitized_reference.py).

A figure whose denominator (expected disagreement) is 0 -- one value only,
nothing coded, no coded section meeting another coder's, fewer than two
coders, empty continuum -- is None.

MAXQDA segment level: see maxqda_pair() below.
"""

from fractions import Fraction
from itertools import combinations

GAP = frozenset()  # the value of stretches a coder left uncoded


# ---------------------------------------------------------------- sections

def merge_same_code(spans):
    """One coder's codings of one code in one document, as (start, end)
    half-open character ranges, with overlapping ones merged into one.

    Why: a coder who applies the same code twice over overlapping text has
    marked one stretch, not two units that pair with each other (MAXQDA
    refuses such overlaps; ATLAS.ti would see one quotation). Ranges that
    only touch (end == next start) stay two units: they are two sections
    the coder drew.
    """
    merged = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [tuple(r) for r in merged]


def partition(codings, length, codes):
    """Cut one coder's continuum [0, length) into sections.

    codings: (code, start, end) of this coder in this document; only codes in
    `codes` count, the rest is gap. The continuum is cut at every start and
    end of every (merged) coding; each piece's value is the set of codes
    covering it (GAP when none). With codes that do not overlap, that is
    exactly the coder's own sections and gaps; where a coder's codes overlap
    (which the 2016 paper's uα does not allow), the overlap becomes a section
    of the compound value {both codes}. Adjacent gap pieces are joined
    (harmless: gaps count by length only).
    Returns a list of (value, start, end) covering [0, length) in order.
    """
    by_code = {}
    for code, s, e in codings:
        if code in codes:
            s, e = max(0, s), min(length, e)
            if s < e:
                by_code.setdefault(code, []).append((s, e))
    ranges = [(code, s, e) for code, spans in by_code.items() for (s, e) in merge_same_code(spans)]
    cuts = sorted({0, length} | {s for _, s, _ in ranges} | {e for _, _, e in ranges})
    pieces = []
    for s, e in zip(cuts, cuts[1:]):
        value = frozenset(code for code, rs, re in ranges if rs <= s and e <= re)
        if value == GAP and pieces and pieces[-1][0] == GAP:
            pieces[-1] = (GAP, pieces[-1][1], e)
        else:
            pieces.append((value, s, e))
    return pieces


def overlaps(pieces):
    """Whether a coder's codes overlap one another here (a compound value)."""
    return any(len(v) > 1 for v, _, _ in pieces)


# ------------------------------------------------------- coincidence sums

class Tally:
    """The sums the alphas need, added up over one or more continua.

    Pooling several documents means adding their tallies: laid end to end,
    no section crosses a document's end, so every sum above is the sum of
    the documents' sums, and l.. = m * (sum of the lengths).
    """

    def __init__(self, m):
        self.m = m
        self.pairable = 0          # l..
        self.o = {}                # (c, k) -> o_ck, before the 1/(m-1)
        self.q = {}                # c -> Q_c
        self.r = {}                # code c -> R_c, before the 1/(m-1)^2
        self.compound = False

    def add(self, length, parts):
        """parts: coder -> partition() of one document of this length."""
        coders = list(parts)
        self.pairable += self.m * length
        for i in coders:
            self.compound |= overlaps(parts[i])
            for v, s, e in parts[i]:
                self.q[v] = self.q.get(v, 0) + ((e - s) if v == GAP else (e - s) ** 2)
            for v, s, e in parts[i]:
                met = 0  # sum over j != i of |s_vig ∩ V_j|, for R
                for j in coders:
                    if j == i:
                        continue
                    for w, t, f in parts[j]:
                        x = min(e, f) - max(s, t)
                        if x > 0:
                            self.o[(v, w)] = self.o.get((v, w), 0) + x
                            if w != GAP:
                                met += x
                if v != GAP:
                    self.r[v] = self.r.get(v, 0) + met ** 2


def _alpha(observed_disagreement, expected_disagreement):
    if expected_disagreement == 0:
        return None
    return 1 - observed_disagreement / expected_disagreement


def alphas(t):
    """uα, |uα and cuα of a tally, exact, each None where undefined.

    Also returns the disagreements behind each, for a reader (or a Rust
    test) tracing a difference.
    """
    out = {"u": None, "binary": None, "cu": None,
           "pairable": t.pairable, "cu_pairable": 0,
           "D": {"u": None, "binary": None, "cu": None}}
    if t.m < 2 or t.pairable == 0:
        return out
    w = Fraction(1, t.m - 1)
    o = {ck: n * w for ck, n in t.o.items()}
    values = sorted({c for c, _ in o} | {k for _, k in o}, key=sorted)
    margin = {c: sum(o.get((c, k), 0) for k in values) for c in values}
    n = Fraction(t.pairable)
    denominator = n * n - sum(t.q.values())

    def e(c, k):
        return n * (margin[c] * margin[k] - (t.q.get(c, 0) if c == k else 0)) / denominator

    do = n - sum(o.get((c, c), 0) for c in values)
    de = n - sum(e(c, c) for c in values)
    out["u"] = _alpha(do, de)
    out["D"]["u"] = (do, de)

    coded = [c for c in values if c != GAP]
    if GAP in margin:
        do_b = sum(o.get((GAP, k), 0) for k in coded)
        de_b = sum(e(GAP, k) for k in coded)
        out["binary"] = _alpha(do_b, de_b)
        out["D"]["binary"] = (do_b, de_b)
    else:
        out["D"]["binary"] = (0, 0)

    star = {c: sum(o.get((c, k), 0) for k in coded) for c in coded}
    n_star = sum(star.values())
    out["cu_pairable"] = n_star
    out["D"]["cu"] = (0, 0)  # no coded sections meet: nothing to disagree on
    if n_star > 0:
        r = {c: t.r.get(c, 0) * w * w for c in coded}
        den_star = n_star * n_star - sum(r.values())

        def e_star(c, k):
            return n_star * (star[c] * star[k] - (r[c] if c == k else 0)) / den_star

        do_c = n_star - sum(o.get((c, c), 0) for c in coded)
        de_c = n_star - sum(e_star(c, c) for c in coded)
        out["cu"] = _alpha(do_c, de_c)
        out["D"]["cu"] = (do_c, de_c)
    return out


# ------------------------------------------------------------ MAXQDA

def maxqda_pair(segments_a, segments_b, threshold):
    """Segment-level agreement of two coders on one code in one document.

    segments_a, segments_b: merged (start, end) ranges of that code by each
    coder. A segment agrees when the other coder has a segment of the same
    code whose intersection is at least `threshold` percent of the two
    segments' union (the stretch covered by either). Every segment of both
    coders is checked, each against the other coder's, so a matching pair
    counts two agreements. Compared exactly: 100 * |∩| >= threshold * |∪|.
    Returns (agreements, disagreements).
    """
    def agrees(s, others):
        for t in others:
            inter = min(s[1], t[1]) - max(s[0], t[0])
            if inter > 0:
                union = max(s[1], t[1]) - min(s[0], t[0])
                if 100 * inter >= threshold * union:
                    return True
        return False

    agree = sum(agrees(s, segments_b) for s in segments_a) + sum(agrees(s, segments_a) for s in segments_b)
    return agree, len(segments_a) + len(segments_b) - agree


def maxqda_summary(agreements, disagreements, codes_in_table=None):
    """MAXQDA's figures from the counts: the percentage of agreeing
    segments and, for a whole table, kappa after Brennan & Prediger with
    MAXQDA's chance: 1 / (number of codes in the table), the cell "neither
    coder" being 0 so that P_observed is the table's percentage."""
    total = agreements + disagreements
    out = {"agreements": agreements, "disagreements": disagreements, "segments": total,
           "percent_agreement": Fraction(agreements, total) if total else None}
    if codes_in_table is not None:
        out["codes_in_table"] = codes_in_table
        out["chance"] = Fraction(1, codes_in_table) if codes_in_table else None
        if total and codes_in_table >= 2:
            p, chance = out["percent_agreement"], out["chance"]
            out["kappa"] = (p - chance) / (1 - chance)
        else:
            out["kappa"] = None
    return out


def coder_pairs(coders):
    return list(combinations(coders, 2))
