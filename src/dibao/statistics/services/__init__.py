"""Every write of statistics: the population a county enters or imports (`population`) and the
snapshot of a closed month (`snapshot`)."""

from .population import (
    PopulationRefused,
    check_year,
    parse_population,
    population_areas,
    population_import,
    population_set,
)
from .snapshot import snapshot_write

__all__ = [
    "PopulationRefused",
    "check_year",
    "parse_population",
    "population_areas",
    "population_import",
    "population_set",
    "snapshot_write",
]
