"""From a new policy text to reviewed graph additions.

``beleidsgraaf extract FILE`` reads a plain text or a PDF (:mod:`.reading`), cleans it for matching while
keeping the verbatim text for quotes (:mod:`.normalise`), finds known and new entities (:mod:`.entities`) and
relations, adoptions, funding and milestones (:mod:`.relations`) with rules and Dutch lexicons
(``lexicon/*.yaml``), and writes the proposals to a review file (:mod:`.extractor`). ``beleidsgraaf review``
lets a person decide on each proposal and writes the accepted ones as normal, validated records
(:mod:`.review`). Deterministic and offline: no model, no network.
"""
