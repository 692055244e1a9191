"""The indicator catalogue as the programme measures it (domain.md "Indicators"): names, units and counting
rules in words. Installed by a migration; `load_demo` installs it again when a test database was flushed.
Administrators edit it afterwards (through the indicators pages, with the change log); installing again
adds what is missing and leaves their edits alone."""

from __future__ import annotations

from typing import Any

# code (= its counting rule), name, area, unit, counting rule in words
CATALOGUE = [
    (
        "fiscal_aid_funds",
        "财政援助资金",
        "funds",
        "wan_yuan",
        "项目资金“到位”交易金额减去“退回”金额，按交易日期计入当年；按项目类别分列。",
    ),
    ("projects", "协作项目", "funds", "count", "当年度的协作项目数（不含已取消）；按类别、状态分列。"),
    ("industrial_projects", "产业项目", "industry", "count", "当年度“产业发展”类项目数（不含已取消）。"),
    (
        "cadres_east_to_west",
        "东部选派党政干部",
        "talent",
        "persons",
        "挂职开始日期在当年、由东部派往西部的党政干部，同一人只计一次。",
    ),
    (
        "cadres_west_to_east",
        "西部选派党政干部",
        "talent",
        "persons",
        "挂职开始日期在当年、由西部派往东部的党政干部，同一人只计一次。",
    ),
    (
        "professionals_east_to_west",
        "东部选派专业技术人才",
        "talent",
        "persons",
        "开始日期在当年、由东部派往西部的教育、医疗、农技等专业技术人才，同一人只计一次；按领域分列。",
    ),
    (
        "professionals_west_to_east",
        "西部选派专业技术人才",
        "talent",
        "persons",
        "开始日期在当年、由西部派往东部的专业技术人才，同一人只计一次；按领域分列。",
    ),
    (
        "rural_workers",
        "帮助农村劳动力就业",
        "labour",
        "persons",
        "起始日期在当年的劳务协作记录的就业人数之和；其中脱贫劳动力、按就业去向分列。",
    ),
    (
        "rural_workers_formerly_poor",
        "其中：脱贫劳动力就业",
        "labour",
        "persons",
        "起始日期在当年的劳务协作记录中脱贫劳动力人数之和；按就业去向分列。",
    ),
    (
        "consumption",
        "采购和帮助销售农副产品",
        "consumption",
        "wan_yuan",
        "起始日期在当年的消费协作金额之和；按采购与帮助销售、按渠道分列。",
    ),
    (
        "enterprises_guided",
        "引导企业投资",
        "industry",
        "count",
        "签约日期在当年、已签约（含开工、投产）的招商企业，同一企业只计一次；按阶段分列。",
    ),
    (
        "actual_investment",
        "实际到位投资",
        "industry",
        "wan_yuan",
        "到位日期在当年的投资到位金额之和；按企业所处阶段分列。",
    ),
    ("co_built_parks", "共建产业园区", "industry", "count", "建立日期不晚于当年年底的共建产业园区数（累计）。"),
    (
        "village_pairings",
        "企业和社会组织结对帮扶村",
        "social",
        "count",
        "结对日期不晚于当年年底（或未填日期）的村企、社会组织与村结对数（累计）；按类型分列。",
    ),
    (
        "social_donations",
        "社会帮扶资金和物资",
        "social",
        "wan_yuan",
        "捐赠日期在当年的资金和物资折款之和；其中资金、物资分列，并按捐赠方分列。",
    ),
    ("students_aided", "结对助学学生", "social", "persons", "资助日期在当年的受助学生人数之和。"),
    ("volunteers", "志愿服务人次", "social", "person_times", "活动日期在当年的志愿者人次之和。"),
]


def install(indicator_model: Any) -> int:
    """Add the catalogue's indicators that are not there yet; returns how many were added."""
    have = set(indicator_model.objects.values_list("code", flat=True))
    added = [
        indicator_model(code=code, name=name, area=area, unit=unit, rule=code, counting_rule=words, order=order * 10)
        for order, (code, name, area, unit, words) in enumerate(CATALOGUE, start=1)
        if code not in have
    ]
    indicator_model.objects.bulk_create(added)
    return len(added)
