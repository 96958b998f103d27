"""The layers of pyproject.toml hold for the models too: a relation names its target
by string (or a settings name), which the import check does not see."""

import tomllib
from pathlib import Path

from django.apps import apps

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
# Highest first, as import-linter reads them.
LAYERS = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"][0]["layers"]


def layer_of(model) -> int | None:
    """The model's layer, counted from the bottom; None for Django's own apps."""
    package = model._meta.app_config.name.split(".")[0]
    return len(LAYERS) - LAYERS.index(package) if package in LAYERS else None


def test_no_model_relation_points_to_a_higher_layer():
    upward = [
        f"{model._meta.label}.{field.name} → {field.related_model._meta.label}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        # Relations declared on this model (reverse accessors are the other side's).
        if (field.is_relation and field.concrete) or (field.many_to_many and not field.auto_created)
        if layer_of(model) is not None
        and layer_of(field.related_model) is not None
        and layer_of(field.related_model) > layer_of(model)
    ]
    assert upward == []


def test_every_app_of_the_project_has_a_layer():
    ours = {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(PYPROJECT.parent)
        and "site-packages" not in Path(config.path).parts
    }
    assert ours <= set(LAYERS)
