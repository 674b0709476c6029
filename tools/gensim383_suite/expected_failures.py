"""gensim 3.8.3's tests that still fail on gensim 4.x with ``legacy.enable()``, each with its reason.

Keep in step with the table "gensim 3.8.3's own tests" in ``docs/legacy.md``.
"""

EXPECTED = {
}
