"""China's administrative divisions: GB/T 2260 codes of every province-, prefecture- and county-level division.

The table ships as ``data/divisions.tsv`` (regenerate it with ``python -m xiezuo.divisions.build_data``;
its header names the source package, version and data date). It is read once, at first use.

>>> from xiezuo.divisions import by_code, lookup
>>> lookup("仪陇县").code, lookup("南充市").code, lookup("四川省").code
('511324', '511300', '510000')
>>> lookup("龙湾").division.parent.name
'温州市'
>>> lookup("朝阳").ambiguous, lookup("朝阳", parent="北京").code
(True, '110105')
>>> lookup("温州湾新区").functional_area
True
>>> by_code("640000").short_names
('宁夏',)
"""

from xiezuo.divisions.lookup import Lookup, lookup
from xiezuo.divisions.names import (
    FUNCTIONAL_AREA_NAME,
    FUNCTIONAL_AREA_SUFFIX,
    is_functional_area_name,
    short_names,
)
from xiezuo.divisions.scan import NameMatch, common_words, find_names
from xiezuo.divisions.table import Division, Level, all_divisions, by_code, names, source

__all__ = [
    "FUNCTIONAL_AREA_NAME",
    "FUNCTIONAL_AREA_SUFFIX",
    "Division",
    "Level",
    "Lookup",
    "NameMatch",
    "all_divisions",
    "by_code",
    "common_words",
    "find_names",
    "is_functional_area_name",
    "lookup",
    "names",
    "short_names",
    "source",
]
