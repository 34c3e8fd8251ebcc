"""The services a county starts from: the registers the seeds' communities keep for the disabled
persons' federation (残联) and the senior card (老年证) the community takes to the door. Rows of
the county's own once added (`services.services_seed`), to rename, change or add to; the names
are the county's words, data like an area's name, not messages to translate."""

from typing import NamedTuple


class Usual(NamedTuple):
    code: str
    name: str
    office: str
    steps: list[str]
    community_delivers: bool = False


USUAL = [
    Usual("cataract", "白内障免费治疗", "区残联", ["登记", "已上报", "已手术"]),
    Usual("prosthesis", "残疾人免费安装假肢", "区残联", ["登记", "已上报", "已安装"]),
    Usual("fuel_subsidy", "残疾人机动车燃油补贴", "区残联", ["登记", "已上报", "已发放"]),
    Usual("out_of_school", "残疾儿童未入学登记", "区残联", ["登记", "已上报", "已入学"]),
    Usual("matchmaking", "残疾人免费相亲会", "区残联", ["登记", "已参加"]),
    Usual("senior_card", "老年证", "区老龄办", ["已申请", "已发证", "已送达"], community_delivers=True),
]
