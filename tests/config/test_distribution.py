"""Where each large table stands on the way to Citus (dibao.config.distribution): the county column
it is said to have exists and names a county, and the tables said to be ready are exactly those
whose primary key and every unique constraint include it — recomputed from the models, so the list
in docs/scaling.md cannot claim more, or less, than holds."""

import pytest
from django.apps import apps
from django.db import models

from dibao.config.distribution import CITUS_READY, LARGE_TABLES, REFERENCE_TABLES


def unique_field_sets(model: type[models.Model]) -> list[set[str]]:
    """The primary key and every unique constraint of `model`, each as its fields' names."""
    sets = [{model._meta.pk.name}]
    sets += [{f.name} for f in model._meta.concrete_fields if f.unique and not f.primary_key]
    sets += [set(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    sets += [set(fields) for fields in model._meta.unique_together]
    return sets


def ready(label: str) -> bool:
    column = LARGE_TABLES[label]
    model = apps.get_model(label)
    return column is not None and all(column in fields for fields in unique_field_sets(model))


@pytest.mark.parametrize("label", sorted(name for name, column in LARGE_TABLES.items() if column is not None))
def test_a_county_column_said_to_be_there_is_a_reference_to_an_area(label):
    field = apps.get_model(label)._meta.get_field(LARGE_TABLES[label])
    assert isinstance(field, models.ForeignKey)
    assert field.related_model is apps.get_model("areas.Area")


def test_the_tables_said_ready_for_citus_are_exactly_those_whose_keys_carry_the_county():
    assert {label for label in LARGE_TABLES if ready(label)} == set(CITUS_READY)


def test_the_household_is_unique_by_number_within_its_county_but_keyed_by_id_alone():
    # What is left for the household (docs/scaling.md): its number already is per county.
    sets = unique_field_sets(apps.get_model("registry.Household"))
    assert {"county", "number"} in sets
    assert {"id"} in sets


def test_a_person_is_unique_across_counties_which_citus_cannot_hold_per_county():
    # docs/scaling.md: the one current household per ID number is a check across all counties.
    assert {"id_number"} in unique_field_sets(apps.get_model("registry.Member"))


def test_every_table_named_exists():
    for label in [*LARGE_TABLES, *REFERENCE_TABLES]:
        assert apps.get_model(label) is not None
