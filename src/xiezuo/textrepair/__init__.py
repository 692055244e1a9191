"""Repair Chinese web text damaged by mirror sites: the ftfy of Chinese news.

>>> from xiezuo.textrepair import repair
>>> repair("儀隴縣黨政代表團(tuán)來(lái)龍灣區(qū)考察交流,,共謀發(fā)展")
'仪陇县党政代表团来龙湾区考察交流，共谋发展'
"""

from xiezuo.textrepair.diagnosis import Diagnosis, diagnose
from xiezuo.textrepair.pipeline import (
    DEFAULT_CONFIG,
    FIXERS,
    RepairConfig,
    apply_plan,
    plan,
    repair,
    repair_and_explain,
)
from xiezuo.textrepair.steps import Step

__all__ = [
    "DEFAULT_CONFIG",
    "FIXERS",
    "Diagnosis",
    "RepairConfig",
    "Step",
    "apply_plan",
    "diagnose",
    "plan",
    "repair",
    "repair_and_explain",
]
