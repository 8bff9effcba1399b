"""The plugin's own CI: textmend's stage contract, run on the plugin's stage."""

from textmend import Pipeline, registry
from textmend.testing import check_stage
from textmend_example_plugin import PuaBullets


def test_pua_bullets_keeps_the_contract() -> None:
    check_stage(PuaBullets())
    check_stage(PuaBullets(uniform=True))


def test_pua_bullets_is_registered_and_runs_in_a_pipeline() -> None:
    assert registry.get_stage_class("pua_bullets") is PuaBullets
    assert Pipeline(["pua_bullets"]).clean("\uf0b7 one\n\uf0b7 two") == "\u2022 one\n\u2022 two"
