"""Made-up people with valid ID numbers and plausible names, from a seeded random generator."""

import datetime
import random

from stdnum.cn import ric

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
    "戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英玉兰萍建华红梅海燕志强国庆小红"
    "春华德胜淑珍凤英文斌宏伟丽娟晓东建国桂兰玉梅金凤秋菊冬梅雪梅"
)


def id_number(rng: random.Random, area_code: str, birth: datetime.date, male: bool) -> str:
    """A valid 18-character number: area, birth date, sequence (odd for men), check digit."""
    sequence = rng.randrange(0, 50) * 2 + (1 if male else 0)
    body = f"{area_code[:6]}{birth:%Y%m%d}{rng.randrange(0, 10)}{sequence:02d}"
    return body + ric.calc_check_digit(body + "0")  # it ignores the last character


def birth_date(rng: random.Random, min_age: int, max_age: int, today: datetime.date) -> datetime.date:
    start = today.replace(year=today.year - max_age)
    span = (today.replace(year=today.year - min_age) - start).days
    return start + datetime.timedelta(days=rng.randrange(0, max(span, 1)))


def name(rng: random.Random, surname: str | None = None) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return (surname or rng.choice(SURNAMES)) + given
