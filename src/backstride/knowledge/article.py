"""What "the article" is, in one place for every output that speaks of it.

backstride is built on one article for the public; its title is the first statement of the seed
coverage map (data/seed_coverage.yaml, s01). The web pages, the terminal and the FHIR export say
"the article" (whose advice it is, where studies disagree with it), and each names it once, where it
first says it, with ``the_article_words``. It lives here, below every adapter and the FHIR mapping,
so they all say the same sentence (the layers: design/ARCHITECTURE.md).
"""

from __future__ import annotations

from typing import Any

from backstride.knowledge.loader import KnowledgeBase


def article_title(kb: KnowledgeBase) -> str:
    """The title of the article backstride is built on (``kb``'s seed statement s01)."""
    return str(kb.seed_statements[0].text)


def the_article_words(kb: KnowledgeBase, where: str = "page") -> str:
    """What "the article" is, in one sentence for a person, said once where ``where`` (a page, the
    report, the text in a terminal, a record) first speaks of it."""
    return (
        f'When this {where} says "the article", it means "{article_title(kb)}": a guide for the public '
        "that backstride is built on. backstride keeps all of its advice and says plainly where studies "
        "disagree with it."
    )


def says_the_article(*texts: Any) -> bool:
    """Whether any of ``texts`` speaks of "the article" (which must then be named)."""
    return any("the article" in str(text).lower() for text in texts)


__all__ = ["article_title", "says_the_article", "the_article_words"]
