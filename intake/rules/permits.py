"""The permit vocabulary the portal and the rules share, defined once.

Permit types are the portal's routes; salary periods are how a contract or a
declaration states a wage; occupation categories pick a row of the salary
threshold table and are free identifiers ops may add to (``default`` is the row
used when a submission names none).
"""

from __future__ import annotations

import re
from typing import Literal, get_args

PermitType = Literal["fixed_term", "intra_corporate_transfer", "unlimited"]
PERMIT_TYPES: tuple[PermitType, ...] = get_args(PermitType)

SalaryPeriod = Literal["month", "year", "hour"]
SALARY_PERIODS: tuple[SalaryPeriod, ...] = get_args(SalaryPeriod)

DEFAULT_CATEGORY = "default"
# A lower-case identifier like highly_qualified, at most 40 characters (the column's width).
OCCUPATION_CATEGORY = re.compile(r"[a-z][a-z0-9_]{0,39}")
