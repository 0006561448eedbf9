"""``backstride knowledge validate``: every problem of the packaged knowledge base at once."""

from __future__ import annotations

import typer

knowledge_app = typer.Typer(
    name="knowledge",
    help="Check the clinical knowledge base that ships with backstride.",
    no_args_is_help=True,
)


def collect_problems() -> list[str]:
    """Problems of the knowledge base and of the interview questions, all at once."""
    from backstride.knowledge import validate_knowledge
    from backstride.knowledge.questions import validate_questions

    return list(validate_knowledge()) + validate_questions()


@knowledge_app.command("validate")
def validate_command() -> None:
    """List every problem in the knowledge base and the questions; exit 2 if there is any."""
    problems = collect_problems()
    if problems:
        typer.echo(f"error: the knowledge base has {len(problems)} problem(s):", err=True)
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(code=2)
    from backstride.knowledge import load_knowledge
    from backstride.knowledge.questions import load_questions

    kb = load_knowledge()
    bank = load_questions()
    typer.echo(
        f"OK: knowledge base {kb.version} ({len(kb.findings)} findings, {len(kb.conditions)} conditions, "
        f"{len(kb.red_flag_rules)} rules, {len(kb.advice)} advice items, {len(kb.sources)} sources); "
        f"questions {bank.version} ({len(bank.questions)} questions)"
    )


def register(app: typer.Typer) -> None:
    """Add the ``knowledge`` command group to the top-level app."""
    app.add_typer(knowledge_app, name="knowledge")
