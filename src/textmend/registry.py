"""Stage names to stage classes: the built-ins plus the ``textmend.stages`` entry points.

A third-party package registers stages in its ``pyproject.toml``::

    [project.entry-points."textmend.stages"]
    my_stage = "my_package.stages:MyStage"

The entry point may name one stage class or a sequence of them. A plugin
cannot shadow a built-in stage: a clashing name raises :class:`ConfigError`.
"""

from __future__ import annotations

import dataclasses
import importlib
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Any, Literal, Union, get_args, get_origin

from textmend.errors import ConfigError
from textmend.stage import DocumentStage, LineStage, Stage

__all__ = [
    "ENTRY_POINT_GROUP",
    "OptionInfo",
    "StageInfo",
    "get_stage_class",
    "list_stages",
    "make_stage",
    "stage_classes",
]

ENTRY_POINT_GROUP = "textmend.stages"

# Modules holding built-in stages; each exports a ``STAGES`` tuple of classes.
BUILTIN_MODULES = (
    "textmend.stages.unicode",
    "textmend.stages.markup",
    "textmend.stages.links",
    "textmend.stages.residue",
    "textmend.stages.urls",
    "textmend.stages.layout",
    "textmend.stages.titles",
    "textmend.stages.tail",
    "textmend.stages.ocr",
    "textmend.stages.ocr_layout",
    "textmend.stages.ocr_words",
)


@dataclass(frozen=True)
class OptionInfo:
    """One option of a stage: its name, type (as written) and default."""

    name: str
    type: str
    default: Any


@dataclass(frozen=True)
class StageInfo:
    """What :func:`list_stages` reports about a stage."""

    name: str
    summary: str
    kind: Literal["line", "document"]
    options: tuple[OptionInfo, ...]
    origin: str  # "builtin" or the distribution that registered it
    cls: type[Stage]


def _is_stage_class(obj: object) -> bool:
    return (
        isinstance(obj, type)
        and issubclass(obj, (LineStage, DocumentStage))
        and isinstance(getattr(obj, "name", None), str)
    )


def _load_builtins() -> dict[str, type[Stage]]:
    found: dict[str, type[Stage]] = {}
    for module_name in BUILTIN_MODULES:
        module = importlib.import_module(module_name)
        for cls in module.STAGES:
            if cls.name in found:
                raise ConfigError(f"two built-in stages are named {cls.name!r}")
            found[cls.name] = cls
    return found


def _load_plugins(builtins: Mapping[str, type[Stage]]) -> dict[str, tuple[type[Stage], str]]:
    found: dict[str, tuple[type[Stage], str]] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        obj = ep.load()
        classes: Iterable[object] = obj if isinstance(obj, (list, tuple)) else (obj,)
        origin = ep.dist.name if ep.dist is not None else ep.value
        for cls in classes:
            if not _is_stage_class(cls):
                raise ConfigError(
                    f"entry point {ep.name!r} in group {ENTRY_POINT_GROUP!r} ({ep.value}) "
                    "does not name a LineStage or DocumentStage subclass with a `name`"
                )
            assert isinstance(cls, type)
            name = cls.name  # type: ignore[attr-defined]
            if name in builtins or name in found:
                raise ConfigError(
                    f"stage name {name!r} from entry point {ep.value} is already taken"
                )
            found[name] = (cls, origin)
    return found


@lru_cache(maxsize=1)
def _registry() -> dict[str, tuple[type[Stage], str]]:
    builtins = _load_builtins()
    table = {name: (cls, "builtin") for name, cls in builtins.items()}
    table.update(_load_plugins(builtins))
    return table


def refresh() -> None:
    """Forget the cached registry (after installing a plugin in a running process)."""
    _registry.cache_clear()


def stage_classes() -> dict[str, type[Stage]]:
    """Every available stage class by name."""
    return {name: cls for name, (cls, _) in _registry().items()}


def get_stage_class(name: str) -> type[Stage]:
    """The stage class registered as ``name``; :class:`ConfigError` names the valid ones."""
    table = _registry()
    if name not in table:
        valid = ", ".join(sorted(table))
        raise ConfigError(f"unknown stage {name!r}; valid stages: {valid}")
    return table[name][0]


def _type_name(tp: Any) -> str:
    if get_origin(tp) is Literal:
        return " | ".join(repr(a) for a in get_args(tp))
    if isinstance(tp, type):
        return tp.__name__
    return str(tp).replace("typing.", "")


def _option_types(cls: type[Stage]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints.get(f.name, Any) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]


def _fits(value: Any, tp: Any) -> bool:
    origin = get_origin(tp)
    if tp is Any:
        return True
    if origin is Literal:
        return value in get_args(tp)
    if origin is Union or (origin is not None and str(origin) == "<class 'types.UnionType'>"):
        return any(_fits(value, a) for a in get_args(tp))
    if tp is type(None):
        return value is None
    if tp is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if origin in (tuple, frozenset):
        return isinstance(value, (tuple, list, frozenset, set))
    if isinstance(tp, type):
        return isinstance(value, tp)
    return True


def _coerce(value: Any, tp: Any) -> Any:
    """Lists from TOML/JSON become the tuples and frozensets frozen stages expect."""
    origin = get_origin(tp)
    if origin is tuple and isinstance(value, list):
        return tuple(value)
    if origin is frozenset and isinstance(value, (list, tuple, set)):
        return frozenset(value)
    return value


def make_stage(name: str, options: Mapping[str, Any] | None = None) -> Stage:
    """Build the stage ``name`` with ``options``, checked against its fields.

    >>> make_stage("whitespace", {"no_such": 1})
    Traceback (most recent call last):
    ...
    textmend.errors.ConfigError: unknown option 'no_such' for stage 'whitespace'; valid options: ...
    """
    cls = get_stage_class(name)
    return configure(cls, options or {})


def configure(cls: type[Stage], options: Mapping[str, Any], base: Stage | None = None) -> Stage:
    """An instance of ``cls`` (or a copy of ``base``) with ``options`` checked and applied."""
    types: dict[str, Any] = _option_types(cls) if dataclasses.is_dataclass(cls) else {}
    checked: dict[str, Any] = {}
    for key, value in options.items():
        if key not in types:
            valid = ", ".join(sorted(types)) or "(none)"
            raise ConfigError(
                f"unknown option {key!r} for stage {cls.name!r}; valid options: {valid}"
            )
        value = _coerce(value, types[key])
        if not _fits(value, types[key]):
            raise ConfigError(
                f"option {key!r} of stage {cls.name!r} must be {_type_name(types[key])}, "
                f"not {value!r}"
            )
        checked[key] = value
    if base is not None:
        return dataclasses.replace(base, **checked)  # type: ignore[type-var]
    return cls(**checked)


def _describe(name: str, cls: type[Stage], origin: str) -> StageInfo:
    options: list[OptionInfo] = []
    if dataclasses.is_dataclass(cls):
        types = _option_types(cls)
        for f in dataclasses.fields(cls):
            default = f.default
            if default is dataclasses.MISSING and f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            options.append(OptionInfo(f.name, _type_name(types[f.name]), default))
    kind: Literal["line", "document"] = "line" if issubclass(cls, LineStage) else "document"
    return StageInfo(name, cls.summary, kind, tuple(options), origin, cls)


def list_stages() -> list[StageInfo]:
    """Every available stage with its summary and options, sorted by name."""
    return [_describe(name, cls, origin) for name, (cls, origin) in sorted(_registry().items())]
