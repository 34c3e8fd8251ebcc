"""The words a roster uses for each category, mapped to the register's codes.

The first word of each list is the one an export writes, so an exported file reads back the same.
"""

import unicodedata

from ..models import DisabilityType, Employment, Health, LabourCapacity, Relation, UrbanRural

WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "relation": {
        Relation.SELF: ("本人", "户主", "self", "head"),
        Relation.SPOUSE: ("配偶", "妻", "夫", "妻子", "丈夫", "spouse"),
        Relation.CHILD: ("子女", "子", "女", "儿子", "女儿", "长子", "长女", "次子", "次女", "child"),
        Relation.PARENT: ("父母", "父亲", "母亲", "父", "母", "parent"),
        Relation.GRANDCHILD: ("孙子女", "孙子", "孙女", "外孙", "外孙女", "grandchild"),
        Relation.SIBLING: ("兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹", "sibling"),
        Relation.OTHER: ("其他", "其它", "other"),
    },
    "urban_rural": {
        UrbanRural.URBAN: ("城市", "城镇", "非农业", "非农", "城", "城镇户口", "非农业户口", "urban"),
        UrbanRural.RURAL: ("农村", "农业", "乡村", "农", "农村户口", "农业户口", "rural"),
    },
    "disability_type": {
        DisabilityType.NONE: ("", "无", "否", "none"),
        DisabilityType.LIMB: ("肢体", "肢体残疾", "physical"),
        DisabilityType.MENTAL: ("精神", "精神残疾", "mental"),
        DisabilityType.INTELLECTUAL: ("智力", "智力残疾", "intellectual"),
        DisabilityType.VISUAL: ("视力", "视力残疾", "visual"),
        DisabilityType.HEARING: ("听力", "听力残疾", "hearing"),
        DisabilityType.SPEECH: ("言语", "言语残疾", "语言", "speech"),
        DisabilityType.MULTIPLE: ("多重", "多重残疾", "multiple"),
    },
    "disability_grade": {
        "0": ("", "无", "0"),
        "1": ("一级", "1", "一", "1级", "grade 1"),
        "2": ("二级", "2", "二", "2级", "grade 2"),
        "3": ("三级", "3", "三", "3级", "grade 3"),
        "4": ("四级", "4", "四", "4级", "grade 4"),
    },
    "health": {
        Health.HEALTHY: ("健康", "良好", "healthy"),
        Health.CHRONIC: ("慢性病", "患病", "chronic", "chronic illness"),
        Health.SERIOUS: ("重病", "大病", "重大疾病", "serious", "serious illness"),
    },
    "labour_capacity": {
        LabourCapacity.FULL: ("完全", "完全劳动能力", "有劳动能力", "正常", "full"),
        LabourCapacity.PARTIAL: ("部分", "部分劳动能力", "部分丧失劳动能力", "partial"),
        LabourCapacity.NONE: ("丧失", "丧失劳动能力", "无劳动能力", "完全丧失劳动能力", "none", "lost"),
    },
    "employment": {
        Employment.EMPLOYED: ("在业", "就业", "在职", "employed"),
        Employment.FLEXIBLE: ("灵活就业", "flexible", "flexible employment"),
        Employment.UNEMPLOYED: ("失业", "登记失业", "待业", "下岗", "unemployed"),
        Employment.UNREGISTERED: ("未登记失业", "unregistered unemployed"),
        Employment.STUDENT: ("在校", "学生", "在校生", "student", "in school"),
        Employment.RETIRED: ("退休", "retired"),
        Employment.NONE: ("无", "无业", "none"),
    },
}
# Columns whose empty cell means the register's default rather than an error.
DEFAULTS: dict[str, str] = {
    "disability_type": DisabilityType.NONE,
    "disability_grade": "0",
    "health": Health.HEALTHY,
    "labour_capacity": LabourCapacity.FULL,
    "employment": Employment.NONE,
}


_REMEMBERED = 10_000


def _clean(word: str) -> str:
    return "".join(unicodedata.normalize("NFKC", word).split()).lower()


class Vocabulary:
    """Words read for the codes of some columns; an import with columns of its own (the recipients
    import's 保障类别) makes one of its words and reads the rest with the roster's."""

    def __init__(self, words: dict[str, dict[str, tuple[str, ...]]], defaults: dict[str, str]) -> None:
        self.words, self.defaults = words, defaults
        self._lookup = {
            field: {_clean(w): code for code, spelled in mapping.items() for w in spelled}
            for field, mapping in words.items()
        }
        # (field, cell) → code, as met: a column of a roster holds a handful of different words,
        # and cleaning each cell (Unicode normalisation) was a good part of checking a row.
        self._met: dict[tuple[str, str], str | None] = {}

    def code_for(self, field: str, word: str) -> str | None:
        """The register's code for a word in a cell, or None when the word is not known."""
        key = (field, word)
        if key in self._met:
            return self._met[key]
        cleaned = _clean(word)
        if not cleaned and field in self.defaults:
            code: str | None = self.defaults[field]
        else:
            code = self._lookup[field].get(cleaned)
        if len(self._met) < _REMEMBERED:
            self._met[key] = code
        return code

    def allowed(self, field: str) -> str:
        return "、".join(words[0] for words in self.words[field].values() if words[0])

    def accepted(self, field: str) -> str:
        """Every word read for each code, the canonical one first: for the template's notes."""
        return "；".join(
            " / ".join(w for w in words if w) for words in self.words[field].values() if words[0]
        )

    def extended(self, words: dict[str, dict[str, tuple[str, ...]]]) -> "Vocabulary":
        return Vocabulary({**self.words, **words}, self.defaults)


ROSTER = Vocabulary(WORDS, DEFAULTS)
code_for = ROSTER.code_for
allowed = ROSTER.allowed
accepted = ROSTER.accepted


def word_for(field: str, code: object) -> str:
    """The word an export writes for a code."""
    return WORDS[field][str(code) if field == "disability_grade" else code][0]  # type: ignore[index]
