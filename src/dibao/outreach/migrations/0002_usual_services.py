"""The usual services (disability services, the senior card) for every county already set up; a
county set up later adds them from its services page (`services.services_seed`)."""

from django.db import migrations

USUAL = [
    ("cataract", "白内障免费治疗", "区残联", ["登记", "已上报", "已手术"], False),
    ("prosthesis", "残疾人免费安装假肢", "区残联", ["登记", "已上报", "已安装"], False),
    ("fuel_subsidy", "残疾人机动车燃油补贴", "区残联", ["登记", "已上报", "已发放"], False),
    ("out_of_school", "残疾儿童未入学登记", "区残联", ["登记", "已上报", "已入学"], False),
    ("matchmaking", "残疾人免费相亲会", "区残联", ["登记", "已参加"], False),
    ("senior_card", "老年证", "区老龄办", ["已申请", "已发证", "已送达"], True),
]


def seed(apps, schema_editor):
    Area = apps.get_model("areas", "Area")
    Service = apps.get_model("outreach", "Service")
    for county in Area.objects.filter(level="county"):
        have = set(Service.objects.filter(county=county).values_list("code", flat=True))
        Service.objects.bulk_create(
            [
                Service(county=county, code=code, name=name, office=office, steps=steps, community_delivers=door)
                for code, name, office, steps, door in USUAL
                if code not in have
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
