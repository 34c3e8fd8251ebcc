import pytest

from dibao.registry.models import DisabilityType, Employment, Health, LabourCapacity, Relation, UrbanRural
from dibao.registry.roster import vocabulary


@pytest.mark.parametrize(
    ("field", "word", "code"),
    [
        ("relation", "本人", Relation.SELF),
        ("relation", "户主", Relation.SELF),
        ("relation", " 配偶 ", Relation.SPOUSE),
        ("relation", "孙子女", Relation.GRANDCHILD),
        ("urban_rural", "非农业", UrbanRural.URBAN),
        ("urban_rural", "城镇", UrbanRural.URBAN),
        ("urban_rural", "农业", UrbanRural.RURAL),
        ("disability_type", "言语", DisabilityType.SPEECH),
        ("disability_type", "", DisabilityType.NONE),
        ("disability_grade", "一级", "1"),
        ("disability_grade", "1", "1"),
        ("disability_grade", "一", "1"),
        ("health", "慢性病", Health.CHRONIC),
        ("labour_capacity", "丧失劳动能力", LabourCapacity.NONE),
        ("labour_capacity", "部分", LabourCapacity.PARTIAL),
        ("employment", "灵活就业", Employment.FLEXIBLE),
        ("employment", "在校", Employment.STUDENT),
        ("employment", "Retired", Employment.RETIRED),
        ("relation", "邻居", None),
        ("relation", "", None),
    ],
)
def test_words_map_to_codes(field, word, code):
    assert vocabulary.code_for(field, word) == code


@pytest.mark.parametrize(
    ("field", "choices"),
    [
        ("relation", Relation),
        ("urban_rural", UrbanRural),
        ("disability_type", DisabilityType),
        ("health", Health),
        ("labour_capacity", LabourCapacity),
        ("employment", Employment),
    ],
)
def test_every_code_has_a_canonical_word_that_reads_back(field, choices):
    for code in choices.values:
        assert vocabulary.code_for(field, vocabulary.word_for(field, code)) == code


def test_export_words_are_the_canonical_ones():
    assert vocabulary.word_for("relation", Relation.SELF) == "本人"
    assert vocabulary.word_for("urban_rural", UrbanRural.RURAL) == "农村"
    assert vocabulary.word_for("disability_grade", 2) == "二级"
    assert vocabulary.word_for("disability_grade", 0) == ""
    assert "丧失" in vocabulary.allowed("labour_capacity")
