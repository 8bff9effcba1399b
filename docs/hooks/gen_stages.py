"""Generate the stage reference (``stages.md``) from the registry.

Used two ways:

- as a MkDocs hook (``hooks:`` in mkdocs.yml): the page is generated at build
  time, so it always lists the stages of the installed textmend;
- from Python: ``render()`` returns the page and ``stage_examples()`` the
  examples, which tests/test_docs.py executes.

For each stage the page shows its summary, kind, what its docstring says it
repairs and leaves alone, its options with defaults, and the examples of its
docstring, each run here and labelled *repair* (the output differs from the
input) or *no-op* (it does not). Every stage's docstring carries at least one
of each (STYLE.md); the test checks it.
"""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
import textwrap
from dataclasses import dataclass
from typing import Any

import textmend
from textmend import registry
from textmend.profiles import PROFILES


@dataclass
class Example:
    source: str  # the doctest source lines, without prompts
    want: str  # the expected output as doctest shows it ("" for a statement)
    kind: str  # "repair", "no-op" or "setup"


def _call_input(node: ast.AST) -> ast.expr | None:
    """The first argument of the ``fix_line``/``fix_lines``/``clean``/``explain`` call in ``node``."""
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Attribute)
            and sub.func.attr in {"fix_line", "fix_lines", "clean", "explain"}
            and sub.args
        ):
            return sub.args[0]
    return None


def stage_examples(cls: type) -> list[Example]:
    """The docstring examples of stage ``cls``, run and labelled."""
    doc = inspect.getdoc(cls) or ""
    module = importlib.import_module(cls.__module__)
    namespace: dict[str, Any] = dict(vars(module))
    out: list[Example] = []
    for ex in doctest.DocTestParser().get_examples(doc):
        tree = ast.parse(ex.source, mode="exec")
        kind = "setup"
        if len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr):
            arg = _call_input(tree.body[0])
            result = eval(compile(ast.Expression(tree.body[0].value), "<doc>", "eval"), namespace)
            if arg is not None:
                given = eval(compile(ast.Expression(arg), "<doc>", "eval"), namespace)
                if isinstance(result, tuple):  # fix_lines(...) without [0]
                    result = result[0]
                kind = "no-op" if result == given else "repair"
        else:
            exec(compile(tree, "<doc>", "exec"), namespace)
        out.append(Example(ex.source.rstrip("\n"), ex.want.rstrip("\n"), kind))
    return out


def _prose(cls: type) -> str:
    """The docstring up to its first example."""
    doc = inspect.getdoc(cls) or ""
    lines = []
    for line in doc.split("\n"):
        if line.lstrip().startswith(">>>"):
            break
        lines.append(line)
    text = "\n".join(lines).strip()
    # reST inline literals to Markdown ones.
    return text.replace("``", "`")


def _md(text: str) -> str:
    """Plain text safe in Markdown and in a table cell."""
    return text.replace("&", "&amp;").replace("|", "&#124;").replace("<", "&lt;").replace("*", "\\*")


def _pycon(example: Example) -> str:
    lines = example.source.split("\n")
    shown = [">>> " + lines[0]] + ["... " + ln for ln in lines[1:]]
    if example.want:
        shown.append(example.want)
    return "\n".join(shown)


def _profiles_of(name: str) -> str:
    found = [p for p, names in PROFILES.items() if name in names]
    return ", ".join(f"`{p}`" for p in found) or "none (add it to a pipeline by name)"


def render() -> str:
    """The whole stage reference page, as Markdown."""
    stages = textmend.list_stages()
    parts = [
        "# Stage reference",
        "",
        "Generated from the registry (`textmend.list_stages()`) when the site is built,",
        "so it lists exactly the stages of this version. Every example below comes from",
        "the stage's docstring, runs in the test suite and is labelled by what it",
        "shows: a **repair** or a **no-op** (text the stage must leave alone).",
        "Line stages are called with `fix_line(line)`, document stages with",
        "`fix_lines(lines)`, which returns the new lines and the edits; in practice",
        "you name stages in a `Pipeline` (see [Concepts](concepts.md)).",
        "",
        "| stage | kind | profiles | summary |",
        "| --- | --- | --- | --- |",
    ]
    for info in stages:
        parts.append(
            f"| [`{info.name}`](#{info.name}) | {info.kind} | {_profiles_of(info.name)} "
            f"| {_md(info.summary)} |"
        )
    for info in stages:
        parts += ["", f"## `{info.name}` {{#{info.name}}}", ""]
        parts.append(f"*{_md(info.summary)}*")
        parts.append("")
        origin = "built in" if info.origin == "builtin" else f"from `{info.origin}`"
        parts.append(
            f"A {info.kind} stage ({origin}, `{info.cls.__module__}.{info.cls.__name__}`); "
            f"in profiles: {_profiles_of(info.name)}."
        )
        parts += ["", _prose(info.cls), ""]
        if info.options:
            parts += ["**Options**", "", "| option | type | default |", "| --- | --- | --- |"]
            for opt in info.options:
                typ = opt.type.replace("|", "&#124;")
                parts.append(f"| `{opt.name}` | `{typ}` | `{opt.default!r}` |")
            parts.append("")
        else:
            parts += ["No options.", ""]
        examples = stage_examples(info.cls)
        parts += ["**Examples**", ""]
        setup: list[Example] = []
        for ex in examples:
            if ex.kind == "setup":
                setup.append(ex)
                continue
            label = "Repair" if ex.kind == "repair" else "No-op"
            parts += [f"{label}:", "", "```pycon"]
            parts.append("\n".join(_pycon(e) for e in [*setup, ex]))
            parts += ["```", ""]
    return "\n".join(parts).rstrip() + "\n"


# -- MkDocs hook -------------------------------------------------------------------------


def on_files(files: Any, config: Any) -> Any:
    from mkdocs.structure.files import File

    files.append(File.generated(config, "stages.md", content=render()))
    return files


if __name__ == "__main__":
    print(render(), end="")
