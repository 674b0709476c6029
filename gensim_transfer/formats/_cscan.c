/*
 * gensim_transfer.formats._cscan: the compiled scanner (optional; see _native.py).
 *
 * The same checks as the pure-Python scanners in _binary.py, _text.py, _floats.py and _matching.py, one
 * pass in C instead of regular expressions and numpy passes. It only finds things: where records are,
 * which record or line is the first bad one. The Python modules turn that into data and into the error
 * messages, so that both paths raise the same errors (the test suite runs both and compares).
 *
 * Buffers are passed in by the caller (numpy arrays through the buffer protocol), so this module does not
 * need numpy's C API and builds against any numpy. Scanning loops release the GIL.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#endif

/* A writable int64 (or uint64) output buffer with room for at least `need` items. */
static int
get_out(PyObject *obj, Py_buffer *view, Py_ssize_t need, const char *name)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    if (view->len < need * 8) {
        PyErr_Format(PyExc_ValueError, "%s: room for %zd items needed, %zd bytes given", name, need, view->len);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static int
any_high_byte(const unsigned char *p, Py_ssize_t n)
{
    unsigned char acc = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        acc |= p[i];
    return acc >= 0x80;
}

/* ------------------------------------------------------------------------------------------------------
 * binary_records(data, starts, lens, nonascii, vbytes, max_word, max_records)
 *     -> (count, consumed, bad, n_nonascii)
 *
 * Records at the front of `data`: any newlines, a word (a byte other than space or newline, then bytes
 * other than space, at most max_word of them), a space, vbytes bytes. Stops at max_records, at a record
 * that does not end inside data (not an error: the caller brings more data or, at the end of the file,
 * reports a truncated record), or at a malformed record (bad = 1: the record after the `count` good ones).
 * starts/lens receive each word's offset and length in data; nonascii the numbers of the records whose
 * word has a byte >= 0x80. consumed: the end of the last record's vector, or, with no record, the
 * newlines skipped.
 * ---------------------------------------------------------------------------------------------------- */
static PyObject *
binary_records(PyObject *self, PyObject *args)
{
    Py_buffer data, starts_v, lens_v, nonascii_v;
    PyObject *starts_o, *lens_o, *nonascii_o;
    Py_ssize_t vbytes, max_word, max_records;
    if (!PyArg_ParseTuple(args, "y*OOOnnn", &data, &starts_o, &lens_o, &nonascii_o, &vbytes, &max_word,
                          &max_records))
        return NULL;
    const Py_ssize_t n = data.len;
    Py_ssize_t cap = n / (vbytes + 2) + 1;
    if (max_records < cap)
        cap = max_records < 0 ? 0 : max_records;
    if (get_out(starts_o, &starts_v, cap, "starts") < 0) {
        PyBuffer_Release(&data);
        return NULL;
    }
    if (get_out(lens_o, &lens_v, cap, "lens") < 0) {
        PyBuffer_Release(&starts_v);
        PyBuffer_Release(&data);
        return NULL;
    }
    if (get_out(nonascii_o, &nonascii_v, cap, "nonascii") < 0) {
        PyBuffer_Release(&lens_v);
        PyBuffer_Release(&starts_v);
        PyBuffer_Release(&data);
        return NULL;
    }
    const unsigned char *d = (const unsigned char *)data.buf;
    int64_t *starts = (int64_t *)starts_v.buf, *lens = (int64_t *)lens_v.buf, *high = (int64_t *)nonascii_v.buf;
    Py_ssize_t count = 0, n_high = 0, pos = 0, skipped = 0;
    int bad = 0;

    Py_BEGIN_ALLOW_THREADS
    while (count < cap) {
        Py_ssize_t p = pos;
        while (p < n && d[p] == '\n')
            p++;
        if (count == 0)
            skipped = p;
        if (p >= n)
            break;
        if (d[p] == ' ') { /* an empty word; but a record cut short by the end of data is just that */
            bad = p + 1 + vbytes <= n;
            break;
        }
        Py_ssize_t lim = p + max_word + 1; /* the space may be at p + max_word at the latest */
        const unsigned char *space = memchr(d + p, ' ', (size_t)((lim < n ? lim : n) - p));
        if (space == NULL) {
            bad = lim <= n; /* enough data to know: the word is too long (or not a word) */
            break;
        }
        Py_ssize_t s = space - d;
        if (s + 1 + vbytes > n)
            break;
        starts[count] = p;
        lens[count] = s - p;
        if (any_high_byte(d + p, s - p))
            high[n_high++] = count;
        count++;
        pos = s + 1 + vbytes;
    }
    Py_END_ALLOW_THREADS

    PyBuffer_Release(&nonascii_v);
    PyBuffer_Release(&lens_v);
    PyBuffer_Release(&starts_v);
    PyBuffer_Release(&data);
    return Py_BuildValue("nnin", count, count ? pos : skipped, bad, n_high);
}

/* ------------------------------------------------------------------------------------------------------
 * Word hashes (the same function as _records._word_hashes: first and last 8 bytes, little-endian, and the
 * length; the two need not agree, the compiled and the numpy matching each hash both sides themselves).
 * ---------------------------------------------------------------------------------------------------- */
static const uint64_t MIX0 = 0x9E3779B97F4A7C15ULL, MIX1 = 0xC2B2AE3D27D4EB4FULL, MIX2 = 0x165667B19E3779F9ULL,
                      MIX3 = 0xFF51AFD7ED558CCDULL;

static inline uint64_t
load_le(const unsigned char *p, Py_ssize_t k)
{
    uint64_t v = 0;
    for (Py_ssize_t i = k - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static inline uint64_t
word_hash(const unsigned char *p, Py_ssize_t len)
{
    uint64_t head = load_le(p, len < 8 ? len : 8);
    uint64_t tail = len > 8 ? load_le(p + len - 8, 8) : 0;
    uint64_t h = head * MIX0;
    h ^= tail * MIX1;
    h ^= (uint64_t)len * MIX2;
    h ^= h >> 33;
    h *= MIX3;
    h ^= h >> 29;
    return h;
}

/* Check that starts[i] + lens[i] lies inside data for i < count (the spans come from Python). */
static int
spans_inside(const int64_t *starts, const int64_t *lens, Py_ssize_t count, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < count; i++)
        if (starts[i] < 0 || lens[i] < 0 || starts[i] + lens[i] > n) {
            PyErr_Format(PyExc_ValueError, "span %zd outside the data", i);
            return 0;
        }
    return 1;
}

/* ------------------------------------------------------------------------------------------------------
 * The wanted words as an open-addressing hash table over their bytes, held in a capsule (its own copies).
 *
 * build_table(keys, key_starts, key_lens) -> table: keys is all the (distinct) wanted words concatenated,
 *     key_starts and key_lens their int64 spans; word number j is key j.
 * match(data, starts, lens, count, table, out_pos, out_key) -> n: for each word i < count of data (int64
 *     spans) that is a key, in order: out_pos = i, out_key = the key's number.
 *
 * Slots are 2**bits pairs (a key's word_hash, its number; -1 as the number where empty), at most a quarter
 * full, placed by the top bits of the hash, linear probing; the hash is compared before the bytes. In
 * front of them a filter, a bitmap of 2**fbits bits set at the low fbits bits of each key's hash, small
 * enough to stay in the CPU cache: most unwanted words never touch the slots.
 * ---------------------------------------------------------------------------------------------------- */
typedef struct {
    unsigned char *keys;
    int64_t *kstart, *klen, *slots;
    unsigned char *filter;
    Py_ssize_t count;
    int bits, fbits;
} Table;

static const char TABLE_NAME[] = "gensim_transfer.formats._cscan.Table";

static void
table_free(Table *t)
{
    if (t == NULL)
        return;
    PyMem_RawFree(t->keys);
    PyMem_RawFree(t->kstart);
    PyMem_RawFree(t->klen);
    PyMem_RawFree(t->slots);
    PyMem_RawFree(t->filter);
    PyMem_RawFree(t);
}

static void
table_capsule_free(PyObject *capsule)
{
    table_free((Table *)PyCapsule_GetPointer(capsule, TABLE_NAME));
}

static int
bit_length(uint64_t v)
{
    int n = 0;
    while (v) {
        n++;
        v >>= 1;
    }
    return n;
}

static PyObject *
build_table(PyObject *self, PyObject *args)
{
    Py_buffer keys, ks, kl;
    if (!PyArg_ParseTuple(args, "y*y*y*", &keys, &ks, &kl))
        return NULL;
    PyObject *result = NULL;
    Table *t = NULL;
    const Py_ssize_t count = ks.len / 8;
    if (kl.len != ks.len) {
        PyErr_SetString(PyExc_ValueError, "key_starts and key_lens differ in length");
        goto done;
    }
    if (!spans_inside((const int64_t *)ks.buf, (const int64_t *)kl.buf, count, keys.len))
        goto done;
    t = PyMem_RawCalloc(1, sizeof(Table));
    if (t == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    t->count = count;
    t->bits = bit_length((uint64_t)count * 4);
    if (t->bits < 4)
        t->bits = 4;
    t->fbits = bit_length((uint64_t)count * 16); /* 16 bits per key, at most 256 KiB: the CPU's L2 cache */
    t->fbits = t->fbits < 10 ? 10 : t->fbits > 21 ? 21 : t->fbits;
    t->keys = PyMem_RawMalloc(keys.len ? (size_t)keys.len : 1);
    t->kstart = PyMem_RawMalloc((size_t)count * 8 + 8);
    t->klen = PyMem_RawMalloc((size_t)count * 8 + 8);
    t->slots = PyMem_RawMalloc((size_t)16 << t->bits);
    t->filter = PyMem_RawCalloc((size_t)1 << (t->fbits - 3), 1);
    if (!t->keys || !t->kstart || !t->klen || !t->slots || !t->filter) {
        table_free(t);
        PyErr_NoMemory();
        goto done;
    }
    memcpy(t->keys, keys.buf, (size_t)keys.len);
    memcpy(t->kstart, ks.buf, (size_t)count * 8);
    memcpy(t->klen, kl.buf, (size_t)count * 8);
    memset(t->slots, 0xFF, (size_t)16 << t->bits); /* every number -1 */
    const uint64_t mask = ((uint64_t)1 << t->bits) - 1, fmask = ((uint64_t)1 << t->fbits) - 1;
    for (Py_ssize_t j = 0; j < count; j++) {
        uint64_t h = word_hash(t->keys + t->kstart[j], t->klen[j]), at = h >> (64 - t->bits);
        while (t->slots[2 * at + 1] >= 0)
            at = (at + 1) & mask;
        t->slots[2 * at] = (int64_t)h;
        t->slots[2 * at + 1] = j;
        t->filter[(h & fmask) >> 3] |= (unsigned char)(1u << (h & 7));
    }
    result = PyCapsule_New(t, TABLE_NAME, table_capsule_free);
    if (result == NULL)
        table_free(t);
done:
    PyBuffer_Release(&kl);
    PyBuffer_Release(&ks);
    PyBuffer_Release(&keys);
    return result;
}

static PyObject *
match(PyObject *self, PyObject *args)
{
    Py_buffer data, starts_v, lens_v, pos_v, key_v;
    Py_ssize_t count;
    PyObject *capsule;
    if (!PyArg_ParseTuple(args, "y*y*y*nOw*w*", &data, &starts_v, &lens_v, &count, &capsule, &pos_v, &key_v))
        return NULL;
    PyObject *result = NULL;
    const int64_t *starts = (const int64_t *)starts_v.buf, *lens = (const int64_t *)lens_v.buf;
    const Table *t = PyCapsule_GetPointer(capsule, TABLE_NAME);
    if (t == NULL) {
        /* PyCapsule_GetPointer set the error */
    } else if (count < 0 || starts_v.len < count * 8 || lens_v.len < count * 8 || pos_v.len < count * 8 ||
               key_v.len < count * 8) {
        PyErr_SetString(PyExc_ValueError, "buffers shorter than count");
    } else if (spans_inside(starts, lens, count, data.len)) {
        const unsigned char *d = (const unsigned char *)data.buf;
        int64_t *out_pos = (int64_t *)pos_v.buf, *out_key = (int64_t *)key_v.buf;
        const uint64_t mask = ((uint64_t)1 << t->bits) - 1, fmask = ((uint64_t)1 << t->fbits) - 1;
        Py_ssize_t found = 0;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < count; i++) {
            const unsigned char *w = d + starts[i];
            const int64_t len = lens[i];
            const uint64_t h = word_hash(w, len);
            if (!((t->filter[(h & fmask) >> 3] >> (h & 7)) & 1))
                continue;
            uint64_t at = h >> (64 - t->bits);
            int64_t j;
            while ((j = t->slots[2 * at + 1]) >= 0) {
                if ((uint64_t)t->slots[2 * at] == h && t->klen[j] == len &&
                    memcmp(t->keys + t->kstart[j], w, (size_t)len) == 0) {
                    out_pos[found] = i;
                    out_key[found++] = j;
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        Py_END_ALLOW_THREADS
        result = PyLong_FromSsize_t(found);
    }
    PyBuffer_Release(&key_v);
    PyBuffer_Release(&pos_v);
    PyBuffer_Release(&lens_v);
    PyBuffer_Release(&starts_v);
    PyBuffer_Release(&data);
    return result;
}

/* ------------------------------------------------------------------------------------------------------
 * text_lines(data, lo, hi, size, max_lines, max_line_bytes, word_start, word_len, value_start, value_end,
 *            nonascii) -> (lines, end, first_bad, first_blank, last_filled, n_nonascii)
 *
 * Looks at the lines of data[lo:hi] (whole lines, each ending in a newline), at most max_lines of them,
 * exactly as _text._check_text_block does: a line is good if it is blank (nothing but an optional CR) or
 * is at most max_line_bytes long (with its newline), does not start with a space, and is a word, a space
 * and `size` values in the syntax of values_ok separated by single spaces (one trailing space allowed). For each line i the word's
 * offset and length and the values' span go to the output arrays; nonascii receives the line numbers
 * whose word has a byte >= 0x80. Line numbers returned count from 0 in this call; -1 means none. `end`
 * is the offset just after the last line looked at.
 * ---------------------------------------------------------------------------------------------------- */
static Py_ssize_t
count_spaces(const unsigned char *p, Py_ssize_t n)
{
    Py_ssize_t total = 0, i = 0;
#if defined(__SSE2__)
    const __m128i sp = _mm_set1_epi8(' ');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        total += __builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp)));
    }
#endif
    for (; i < n; i++)
        total += p[i] == ' ';
    return total;
}

/* ------------------------------------------------------------------------------------------------------
 * Value syntax (the same as _sniff._NUMBER, which the pure-Python scanner uses): a value is
 *     [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?   or   [+-]? (inf | infinity | nan)
 * (ASCII, the words case-insensitive); values are separated by single spaces.
 *
 * values_ok(p, n) checks the values of one line, p[0:n] (after the word's space, before any trailing space
 * or CR). The common case, values made of digits, '.', '-' and '+' only, is checked 64 bytes at a time
 * with bitmasks (SSE2 where available); a line with any other byte (an exponent, inf, nan, or junk) is
 * checked value by value (token_ok). In the fast case the syntax is [+-]? D* .? D* with a digit, and
 * that holds for every value exactly when (bit i stands for byte i; the line is as if between two spaces):
 *   a sign is preceded by a space;
 *   a space (the end of a value) is preceded by a digit, or by a '.' that a digit precedes;
 *   between two '.' there is a byte other than a digit (a space: signs only follow spaces).
 * ---------------------------------------------------------------------------------------------------- */
static int
is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10;
}

static int
word_is(const unsigned char *t, Py_ssize_t n, const char *word)
{
    for (Py_ssize_t i = 0; i < n; i++)
        if ((t[i] | 0x20) != (unsigned char)word[i])
            return 0;
    return word[n] == '\0';
}

static int
token_ok(const unsigned char *t, Py_ssize_t n)
{
    Py_ssize_t i = 0, digits = 0;
    if (n && (t[0] == '+' || t[0] == '-'))
        i = 1;
    if (n - i == 3 && (word_is(t + i, 3, "inf") || word_is(t + i, 3, "nan")))
        return 1;
    if (n - i == 8 && word_is(t + i, 8, "infinity"))
        return 1;
    for (; i < n && is_digit(t[i]); i++)
        digits++;
    if (i < n && t[i] == '.')
        for (i++; i < n && is_digit(t[i]); i++)
            digits++;
    if (!digits)
        return 0;
    if (i < n && (t[i] == 'e' || t[i] == 'E')) {
        Py_ssize_t exp_digits = 0;
        i++;
        if (i < n && (t[i] == '+' || t[i] == '-'))
            i++;
        for (; i < n && is_digit(t[i]); i++)
            exp_digits++;
        if (!exp_digits)
            return 0;
    }
    return i == n;
}

static int
tokens_ok(const unsigned char *p, Py_ssize_t n)
{
    Py_ssize_t i = 0;
    for (;;) {
        const unsigned char *sp = memchr(p + i, ' ', (size_t)(n - i));
        Py_ssize_t e = sp == NULL ? n : sp - p;
        if (!token_ok(p + i, e - i))
            return 0;
        if (sp == NULL)
            return 1;
        i = e + 1;
    }
}

/* Bitmasks of the digits, spaces, points and signs among 64 bytes at p. */
static inline __attribute__((always_inline)) void
classify64(const unsigned char *p, uint64_t *dig, uint64_t *spc, uint64_t *dot, uint64_t *sgn)
{
#if defined(__SSE2__)
    const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9), sp = _mm_set1_epi8(' '),
                  pt = _mm_set1_epi8('.'), mi = _mm_set1_epi8('-'), pl = _mm_set1_epi8('+');
    uint64_t d = 0, s = 0, o = 0, g = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
        __m128i y = _mm_sub_epi8(v, zero);
        d |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(y, nine), y)) << (16 * k);
        s |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp)) << (16 * k);
        o |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, pt)) << (16 * k);
        g |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, mi), _mm_cmpeq_epi8(v, pl)))
             << (16 * k);
    }
    *dig = d, *spc = s, *dot = o, *sgn = g;
#else
    uint64_t d = 0, s = 0, o = 0, g = 0;
    for (int i = 0; i < 64; i++) {
        uint64_t bit = (uint64_t)1 << i;
        d |= is_digit(p[i]) ? bit : 0;
        s |= p[i] == ' ' ? bit : 0;
        o |= p[i] == '.' ? bit : 0;
        g |= (p[i] == '-' || p[i] == '+') ? bit : 0;
    }
    *dig = d, *spc = s, *dot = o, *sgn = g;
#endif
}

/* 1 if p[0:n] is values in the syntax above separated by single spaces; *spaces receives their number
 * (counted in the fast case; -1 after the slow check, the caller then counts). */
typedef void (*Classify64)(const unsigned char *, uint64_t *, uint64_t *, uint64_t *, uint64_t *);

static inline __attribute__((always_inline)) int
values_ok_with(const unsigned char *p, Py_ssize_t n, Py_ssize_t *spaces, Classify64 classify)
{
    /* Carried from the previous 64 bytes: its last byte a digit, a space, a point; its last but one a
     * digit; the last non-digit a point (so digits after it belong to a value that has its point). */
    uint64_t c_dig = 0, c_spc = 1, c_dot = 0, c_dig2 = 0, c_lastdot = 0, bad = 0;
    Py_ssize_t count = 0;
    unsigned char tail[64];
    for (Py_ssize_t pos = 0; pos <= n; pos += 64) {
        Py_ssize_t k = n - pos < 64 ? n - pos : 64;
        const unsigned char *q = p + pos;
        if (k < 64) {
            memset(tail, 0, sizeof tail);
            memcpy(tail, q, (size_t)k);
            q = tail;
        }
        uint64_t d, s, o, g;
        classify(q, &d, &s, &o, &g);
        const uint64_t valid = k == 64 ? ~(uint64_t)0 : (((uint64_t)1 << k) - 1);
        if ((d | s | o | g) != valid) { /* another byte: check value by value */
            *spaces = -1;
            return tokens_ok(p, n);
        }
        count += __builtin_popcountll(s);
        if (k < 64) /* the end of the line counts as a space (the end of the last value) */
            s |= (uint64_t)1 << k;
        const uint64_t prev_d = (d << 1) | c_dig, prev_s = (s << 1) | c_spc, prev_o = (o << 1) | c_dot;
        const uint64_t prev2_d = (d << 2) | (c_dig << 1) | c_dig2;
        bad |= g & ~prev_s;
        bad |= s & ~(prev_d | (prev_o & prev2_d));
        /* From each point (or the start, if a point's digits run on from before), run through the digits:
         * the byte reached must not be another point. */
        const uint64_t from = (o << 1) | c_lastdot;
        const uint64_t reached = ((d + (from & d)) & ~d) | (from & ~d);
        bad |= reached & o;
        if (bad)
            return 0;
        const uint64_t nondigit = ~d & (valid | (k < 64 ? (uint64_t)1 << k : 0));
        if (nondigit)
            c_lastdot = (o >> (63 - __builtin_clzll(nondigit))) & 1;
        c_dig2 = (d >> 62) & 1;
        c_dig = d >> 63, c_spc = s >> 63, c_dot = o >> 63;
    }
    *spaces = count;
    return 1;
}

#if defined(__GNUC__) && defined(__x86_64__)
/* The same with AVX2 (32 bytes a step) where the processor has it, chosen at run time: most of the time
 * spent on a text file is here. */
static inline __attribute__((always_inline, target("avx2"))) void
classify64_avx2(const unsigned char *p, uint64_t *dig, uint64_t *spc, uint64_t *dot, uint64_t *sgn)
{
    const __m256i zero = _mm256_set1_epi8('0'), nine = _mm256_set1_epi8(9), sp = _mm256_set1_epi8(' '),
                  pt = _mm256_set1_epi8('.'), mi = _mm256_set1_epi8('-'), pl = _mm256_set1_epi8('+');
    uint64_t d = 0, s = 0, o = 0, g = 0;
    for (int k = 0; k < 2; k++) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(p + 32 * k));
        __m256i y = _mm256_sub_epi8(v, zero);
        d |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(y, nine), y)) << (32 * k);
        s |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, sp)) << (32 * k);
        o |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, pt)) << (32 * k);
        g |= (uint64_t)(uint32_t)_mm256_movemask_epi8(
                 _mm256_or_si256(_mm256_cmpeq_epi8(v, mi), _mm256_cmpeq_epi8(v, pl))) << (32 * k);
    }
    *dig = d, *spc = s, *dot = o, *sgn = g;
}

static __attribute__((target("avx2"))) int
values_ok_avx2(const unsigned char *p, Py_ssize_t n, Py_ssize_t *spaces)
{
    return values_ok_with(p, n, spaces, classify64_avx2);
}
#endif

static int
values_ok_sse2(const unsigned char *p, Py_ssize_t n, Py_ssize_t *spaces)
{
    return values_ok_with(p, n, spaces, classify64);
}

static int (*values_ok)(const unsigned char *, Py_ssize_t, Py_ssize_t *) = values_ok_sse2;

static PyObject *
text_lines(PyObject *self, PyObject *args)
{
    Py_buffer data, ws_v, wl_v, vs_v, ve_v, hi_v;
    PyObject *ws_o, *wl_o, *vs_o, *ve_o, *hi_o;
    Py_ssize_t lo, hi, size, max_lines, max_line_bytes;
    if (!PyArg_ParseTuple(args, "y*nnnnnOOOOO", &data, &lo, &hi, &size, &max_lines, &max_line_bytes, &ws_o,
                          &wl_o, &vs_o, &ve_o, &hi_o))
        return NULL;
    if (lo < 0 || hi > data.len || lo > hi) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_ValueError, "lo:hi outside the data");
        return NULL;
    }
    const unsigned char *d = (const unsigned char *)data.buf;
    /* Room: one line per newline in data[lo:hi] at most; callers size the arrays by that count. */
    Py_ssize_t cap = max_lines;
    PyObject *outs[5] = {ws_o, wl_o, vs_o, ve_o, hi_o};
    Py_buffer *views[5] = {&ws_v, &wl_v, &vs_v, &ve_v, &hi_v};
    Py_ssize_t room = PY_SSIZE_T_MAX;
    for (int k = 0; k < 5; k++) {
        if (PyObject_GetBuffer(outs[k], views[k], PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS) < 0) {
            for (int j = 0; j < k; j++)
                PyBuffer_Release(views[j]);
            PyBuffer_Release(&data);
            return NULL;
        }
        if (views[k]->len / 8 < room)
            room = views[k]->len / 8;
    }
    if (cap > room)
        cap = room;
    int64_t *wstart = (int64_t *)ws_v.buf, *wlen = (int64_t *)wl_v.buf, *vstart = (int64_t *)vs_v.buf,
            *vend = (int64_t *)ve_v.buf, *high = (int64_t *)hi_v.buf;
    Py_ssize_t lines = 0, end = lo, first_bad = -1, first_blank = -1, last_filled = -1, n_high = 0;
    int unterminated = 0;

    Py_BEGIN_ALLOW_THREADS
    Py_ssize_t st = lo;
    while (st < hi && lines < cap) {
        const unsigned char *nlp = memchr(d + st, '\n', (size_t)(hi - st));
        if (nlp == NULL) {
            unterminated = 1;
            break;
        }
        Py_ssize_t nl = nlp - d;
        Py_ssize_t body_end = (nl > st && d[nl - 1] == '\r') ? nl - 1 : nl;
        Py_ssize_t i = lines++;
        wstart[i] = st;
        if (body_end == st) { /* blank */
            if (first_blank < 0)
                first_blank = i;
            wlen[i] = 0;
            vstart[i] = vend[i] = st;
        } else {
            int trail = d[body_end - 1] == ' ';
            last_filled = i;
            const unsigned char *sp = memchr(d + st, ' ', (size_t)(body_end - st));
            Py_ssize_t w = sp == NULL ? body_end - st : sp - (d + st);
            if (first_bad < 0) {
                const Py_ssize_t vs = st + w + 1, ve = body_end - trail;
                Py_ssize_t spaces = -1;
                int ok = sp != NULL && w > 0 && nl + 1 - st <= max_line_bytes && ve >= vs &&
                         values_ok(d + vs, ve - vs, &spaces);
                if (ok && spaces < 0)
                    spaces = count_spaces(d + vs, ve - vs);
                if (!ok || spaces + 1 != size)
                    first_bad = i;
            }
            wlen[i] = w;
            vstart[i] = st + w + 1;
            vend[i] = body_end - trail;
            if (any_high_byte(d + st, w))
                high[n_high++] = i;
        }
        st = end = nl + 1;
    }
    Py_END_ALLOW_THREADS

    if (unterminated) {
        for (int k = 0; k < 5; k++)
            PyBuffer_Release(views[k]);
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_ValueError, "data[lo:hi] does not end with a newline");
        return NULL;
    }
    for (int k = 0; k < 5; k++)
        PyBuffer_Release(views[k]);
    PyBuffer_Release(&data);
    return Py_BuildValue("nnnnnn", lines, end, first_bad, first_blank, last_filled, n_high);
}

/* ------------------------------------------------------------------------------------------------------
 * parse_floats(text, out) -> (parsed, bad, token_start, token_end)
 *
 * Parse the space-separated tokens of text into out (float64, room for every token: text.count(b" ") + 1), each
 * exactly as Python's float() does: [+-]digits[.digits] with at most 19 digits whose integer m <= 2**53
 * and at most 22 digits after the point is m / 10**k, both exact doubles, so the division rounds once,
 * correctly (Clinger's fast path), as float() does; every other token goes through float() itself.
 * parsed: the number of tokens parsed (all of them unless one is bad). bad is -1, or the number of the
 * first token float() rejects (the caller raises).
 * ---------------------------------------------------------------------------------------------------- */
static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static PyObject *
parse_floats(PyObject *self, PyObject *args)
{
    Py_buffer text, out_v;
    if (!PyArg_ParseTuple(args, "y*w*", &text, &out_v))
        return NULL;
    const unsigned char *t = (const unsigned char *)text.buf;
    const Py_ssize_t n = text.len;
    const Py_ssize_t room = out_v.len / 8;
    double *out = (double *)out_v.buf;
    Py_ssize_t k = 0, bad = -1, bad_start = 0, bad_end = 0, pos = 0;
    int failed = 0; /* a Python exception other than ValueError is set */
    const uint64_t limit = (uint64_t)1 << 53;

    Py_BEGIN_ALLOW_THREADS
    for (;;) {
        const unsigned char *sp = memchr(t + pos, ' ', (size_t)(n - pos));
        Py_ssize_t e = sp == NULL ? n : sp - t;
        if (k >= room) {
            bad = -2;
            break;
        }
        const unsigned char *p = t + pos, *stop = t + e;
        int neg = 0, dot = 0, ok = 1, ndig = 0, nfrac = 0;
        uint64_t m = 0;
        if (p < stop && (*p == '-' || *p == '+')) {
            neg = *p == '-';
            p++;
        }
        for (; p < stop; p++) {
            unsigned c = (unsigned)*p - '0';
            if (c < 10) {
                if (++ndig > 19) {
                    ok = 0;
                    break;
                }
                m = m * 10 + c;
                nfrac += dot;
            } else if (*p == '.' && !dot) {
                dot = 1;
            } else {
                ok = 0;
                break;
            }
        }
        if (ok && ndig >= 1 && m <= limit && nfrac <= 22) {
            double v = (double)m / POW10[nfrac];
            out[k] = neg ? -v : v;
        } else {
            double v = -1.0;
            Py_BLOCK_THREADS
            PyObject *token = PyBytes_FromStringAndSize((const char *)t + pos, e - pos);
            PyObject *number = token == NULL ? NULL : PyFloat_FromString(token);
            Py_XDECREF(token);
            if (number != NULL) {
                v = PyFloat_AsDouble(number);
                Py_DECREF(number);
            } else if (PyErr_ExceptionMatches(PyExc_ValueError)) {
                PyErr_Clear();
                bad = k;
                bad_start = pos;
                bad_end = e;
            } else {
                failed = 1;
            }
            Py_UNBLOCK_THREADS
            if (bad >= 0 || failed)
                break;
            out[k] = v;
        }
        k++;
        if (sp == NULL)
            break;
        pos = e + 1;
    }
    Py_END_ALLOW_THREADS

    PyBuffer_Release(&out_v);
    PyBuffer_Release(&text);
    if (failed)
        return NULL;
    if (bad == -2) {
        PyErr_SetString(PyExc_ValueError, "out has no room for every token");
        return NULL;
    }
    return Py_BuildValue("nnnn", k, bad, bad_start, bad_end);
}


/* value_checks([name]) -> name: which check of values_ok runs ("avx2" or "sse2", the portable one, named
 * for the instruction set it uses where there is one); with a name, switch to it (tests run both). */
static PyObject *
value_checks(PyObject *self, PyObject *args)
{
    const char *name = NULL;
    if (!PyArg_ParseTuple(args, "|s", &name))
        return NULL;
    if (name != NULL) {
        if (strcmp(name, "sse2") == 0)
            values_ok = values_ok_sse2;
#if defined(__GNUC__) && defined(__x86_64__)
        else if (strcmp(name, "avx2") == 0 && __builtin_cpu_supports("avx2"))
            values_ok = values_ok_avx2;
#endif
        else
            return PyErr_Format(PyExc_ValueError, "value checks %R are not available here", PyTuple_GET_ITEM(args, 0));
    }
#if defined(__GNUC__) && defined(__x86_64__)
    if (values_ok == values_ok_avx2)
        return PyUnicode_FromString("avx2");
#endif
    return PyUnicode_FromString("sse2");
}

static PyMethodDef methods[] = {
    {"value_checks", value_checks, METH_VARARGS, "Which SIMD check of text values runs; switch it."},
    {"binary_records", binary_records, METH_VARARGS, "Find the word2vec binary records at the front of data."},
    {"build_table", build_table, METH_VARARGS, "Build the hash table of the wanted words."},
    {"match", match, METH_VARARGS, "Find the words of data that are in the table of wanted words."},
    {"text_lines", text_lines, METH_VARARGS, "Check text lines and find their words and values."},
    {"parse_floats", parse_floats, METH_VARARGS, "Parse space-separated numbers exactly as float() does."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_cscan", "The compiled scanner of gensim_transfer.formats.", -1, methods,
};

PyMODINIT_FUNC
PyInit__cscan(void)
{
#if defined(__GNUC__) && defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        values_ok = values_ok_avx2;
#endif
    return PyModule_Create(&module);
}
