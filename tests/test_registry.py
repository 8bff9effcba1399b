"""The registry: built-in stages by name, options checked against their fields."""

from __future__ import annotations

import dataclasses

import pytest

from textmend import ConfigError, DocumentStage, LineStage, PROFILES, list_stages
from textmend.registry import get_stage_class, make_stage, stage_classes


def test_every_profile_names_registered_stages() -> None:
    classes = stage_classes()
    for profile, names in PROFILES.items():
        for name in names:
            assert name in classes, (profile, name)


def test_builtin_stages_follow_the_protocol() -> None:
    for name, cls in stage_classes().items():
        assert cls.name == name
        assert cls.summary and "\n" not in cls.summary
        assert issubclass(cls, (LineStage, DocumentStage))
        assert dataclasses.is_dataclass(cls)
        stage = cls()  # every option has a default
        with pytest.raises(dataclasses.FrozenInstanceError):
            for field in dataclasses.fields(stage):
                setattr(stage, field.name, getattr(stage, field.name))
            raise dataclasses.FrozenInstanceError("no options")
        if isinstance(stage, LineStage):
            assert hasattr(stage.trigger, "search")


def test_list_stages_is_sorted_and_complete() -> None:
    infos = list_stages()
    assert [i.name for i in infos] == sorted(stage_classes())
    assert all(i.origin == "builtin" for i in infos if i.cls.__module__.startswith("textmend."))


def test_make_stage_checks_options() -> None:
    stage = make_stage("blank_lines", {"max_run": 2})
    assert stage.max_run == 2  # type: ignore[attr-defined]
    with pytest.raises(ConfigError, match="valid options: max_run"):
        make_stage("blank_lines", {"max_runs": 2})
    with pytest.raises(ConfigError, match="must be int"):
        make_stage("blank_lines", {"max_run": True})


def test_unknown_stage_lists_valid_ones() -> None:
    with pytest.raises(ConfigError, match="valid stages: .*blank_lines"):
        get_stage_class("blank_line")
