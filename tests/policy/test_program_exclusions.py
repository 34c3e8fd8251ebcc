"""The rule of programs held apart, without the database: who a holding covers, both directions
of a pair, and the scope of each."""

from dibao.policy.programs.exclusions import Holding, Rule, conflict

PERSON = Rule("extreme_poverty", "dibao", "person", "特困人员不同时纳入低保。", "…")
HOUSEHOLD = Rule("near_poverty", "dibao", "household", "低保边缘家庭是不符合低保条件的家庭。", "…")
RULES = [PERSON, HOUSEHOLD]


def test_a_pair_holds_both_ways():
    whole = Holding.of("dibao", member_id=None)
    person = Holding.of("extreme_poverty", member_id=7)
    assert conflict(person, [whole], RULES).rule is PERSON
    assert conflict(whole, [person], RULES).rule is PERSON


def test_a_person_pair_needs_the_same_person():
    single = Holding.of("dibao", member_id=None, single_member_id=7)
    assert conflict(Holding.of("extreme_poverty", member_id=8), [single], RULES) is None
    assert conflict(Holding.of("extreme_poverty", member_id=7), [single], RULES).held == single


def test_a_household_pair_needs_only_the_same_household():
    single = Holding.of("dibao", member_id=None, single_member_id=7)
    assert conflict(Holding.of("near_poverty", member_id=None), [single], RULES).rule is HOUSEHOLD


def test_programs_not_paired_and_the_same_program_are_no_conflict():
    held = [Holding.of("dibao", member_id=None), Holding.of("disability_care", member_id=3)]
    assert conflict(Holding.of("disability_living", member_id=3), held, RULES) is None
    assert conflict(Holding.of("dibao", member_id=None), held, RULES) is None
