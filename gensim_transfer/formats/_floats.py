"""Parsing space-separated decimal numbers exactly as Python's ``float`` does, vectorised with numpy.

Used by :mod:`._text` on the values of the lines it keeps. The compiled scanner (:mod:`._native`) parses
the same way in C when it is there.
"""
from __future__ import annotations

from typing import Optional

import numpy as np

from . import _native


class _BadToken(Exception):
    def __init__(self, index: int, token: bytes) -> None:
        super().__init__(index, token)
        self.index = index
        self.token = token


_POW10 = np.array([10.0 ** k for k in range(23)])  # exact in float64 up to 10**22
_PARSE_BLOCK = 1 << 14  # tokens parsed at a time (the work arrays stay in cache)
_MAX_TOKEN = 18  # sign, point and 16 digits: the mantissa fits int64 (it must also be <= 2**53)


def _parse_floats(text: bytes, count: Optional[int] = None) -> np.ndarray:
    """Parse space-separated decimal numbers into float64, each exactly as Python's ``float`` does.

    Tokens of the form ``[+-]digits[.digits]`` whose digits make an integer ``m <= 2**53`` with at most 22
    of them after the point are ``m / 10**k``: both operands are exact doubles, so IEEE division rounds the
    quotient once, correctly (Clinger's fast path). That is done for all tokens at once with numpy, on
    tokens right-aligned in a small byte matrix. Every other token (exponents, ``nan``, long mantissas) goes
    through ``float``; one it rejects raises :class:`_BadToken`. ``count``, if the caller knows it, is the
    number of tokens (spaces + 1; it saves counting them).
    """
    if _native.cscan is not None:
        out = np.empty(text.count(b" ") + 1 if count is None else count, np.float64)
        parsed, bad, start, end = _native.cscan.parse_floats(text, out)
        if bad >= 0:
            raise _BadToken(bad, text[start:end])
        if parsed != len(out):
            raise ValueError("%d numbers expected, %d found" % (len(out), parsed))
        return out
    arr = np.frombuffer(text, np.uint8)
    spaces = np.flatnonzero(arr == 32)
    n = len(spaces) + 1
    ends = np.empty(n, np.int64)
    ends[:-1] = spaces
    ends[-1] = len(arr)
    lens = np.empty(n, np.int64)
    lens[0] = ends[0]
    np.subtract(ends[1:], ends[:-1] + 1, out=lens[1:])
    width = max(1, min(int(lens.max()), _MAX_TOKEN))
    padded = np.empty(len(arr) + width, np.uint8)
    padded[:width] = 32
    padded[width:] = arr
    out = np.empty(n, np.float64)
    ok = np.empty(n, bool)
    cols = np.arange(width, dtype=np.int8)[:, None]
    window = np.arange(width, dtype=np.intp)[:, None]  # padded[e:e + width] is arr[e - width:e]
    limit = float(1 << 53)
    for b0 in range(0, n, _PARSE_BLOCK):
        b1 = min(n, b0 + _PARSE_BLOCK)
        grid = padded[ends[b0:b1][None, :] + window]  # (width, tokens): each token right-aligned
        ln = lens[b0:b1]
        first = (width - np.minimum(ln, width)).astype(np.int8)
        inside = cols >= first
        digit = grid - np.uint8(48)
        isdig = digit < 10
        isdig &= inside
        isdot = grid == 46
        isdot &= inside
        ndig = isdig.sum(0, dtype=np.int8)
        ndot = isdot.sum(0, dtype=np.int8)
        dotpos = (isdot * cols).sum(0, dtype=np.int8)
        lead = grid[np.minimum(first, width - 1), np.arange(b1 - b0)]  # first byte (an empty token has none)
        neg = lead == 45
        signed = neg | (lead == 43)
        good = (ln <= width) & (ndig >= 1) & (ndot <= 1) & (signed + ndig + ndot == ln)
        nfrac = np.where(ndot == 1, width - 1 - dotpos, 0)
        digit *= isdig
        factor = isdig.view(np.uint8) * np.uint8(9)
        factor += 1
        mant = digit[0].astype(np.float64)  # exact: every partial value is an integer below 10**16
        for j in range(1, width):
            mant *= factor[j]
            mant += digit[j]
        good &= mant < limit  # below 2**53 every step above was exact
        val = mant / _POW10.take(nfrac)
        val *= 1.0 - 2.0 * neg  # exact; and 0.0 * -1.0 is -0.0, as float("-0") is
        out[b0:b1] = val
        ok[b0:b1] = good
    for i in np.flatnonzero(~ok).tolist():
        token = text[ends[i] - lens[i]:ends[i]]
        try:
            out[i] = float(token)
        except ValueError:
            raise _BadToken(i, token) from None
    return out
