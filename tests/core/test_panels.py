"""A page shows the panels apps above it register, without importing them."""

from dibao.core.panels import HOUSEHOLD_PAGE, PanelSlot


def test_panels_are_built_in_the_order_registered_from_what_the_page_passes():
    slot = PanelSlot("test")
    slot.register("first", template="a.html", build=lambda household, month: (household, month))
    slot.register("second", template="b.html", build=lambda household, month: month)
    shown = slot.panels("h", "2026-03")
    assert [(p.name, p.template, p.content) for p in shown] == [
        ("first", "a.html", ("h", "2026-03")),
        ("second", "b.html", "2026-03"),
    ]


def test_registering_a_name_again_replaces_it():
    slot = PanelSlot("test")
    slot.register("one", template="a.html", build=lambda: 1)
    slot.register("one", template="b.html", build=lambda: 2)
    assert [(p.template, p.content) for p in slot.panels()] == [("b.html", 2)]


def test_benefits_registers_the_assessment_panel_on_the_household_page():
    assert "assessment_panel" in HOUSEHOLD_PAGE._panels
