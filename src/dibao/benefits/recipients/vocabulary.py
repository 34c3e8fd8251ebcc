"""The words of the recipients import's own column (保障类别), read with the roster's words."""

from dibao.policy.models import BenefitClass
from dibao.registry.roster.vocabulary import ROSTER

RECIPIENTS = ROSTER.extended(
    {
        "benefit_class": {
            BenefitClass.A: ("A类", "A", "一类", "一", "1类", "1", "甲类", "甲", "Class A"),
            BenefitClass.B: ("B类", "B", "二类", "二", "2类", "2", "乙类", "乙", "Class B"),
            BenefitClass.C: ("C类", "C", "三类", "三", "3类", "3", "丙类", "丙", "Class C"),
        },
    }
)
