"""The closed vocabularies, defined once.

The rules pack's validation, the typed determination, the API's request and response schemas and the
CLI's choices all derive their allowed values from here, so a value cannot be spelt one way in the data
and another in a face. Each vocabulary is a Literal type and the tuple of its values.
"""

from __future__ import annotations

from typing import Literal, get_args

Outcome = Literal["no_license_required", "license_exception", "indeterminate", "license_required"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)
# Which outcome wins when items (or requirements) disagree: the strictest.
OUTCOME_SEVERITY = {outcome: rank for rank, outcome in enumerate(OUTCOMES)}

ReviewPolicy = Literal["presumption_of_approval", "case_by_case", "presumption_of_denial", "policy_of_denial"]
REVIEW_POLICIES: tuple[str, ...] = get_args(ReviewPolicy)
# None (no review policy stated) is the least strict.
POLICY_STRICTNESS: dict[str | None, int] = {None: 0, **{p: rank + 1 for rank, p in enumerate(REVIEW_POLICIES)}}

TraceStatus = Literal["applied", "not_applicable", "not_in_force", "not_enforced", "needs_input", "info"]
TRACE_STATUSES: tuple[str, ...] = get_args(TraceStatus)

# Where a value the engine read came from.
InputSource = Literal["catalog", "user", "default", "derived", "list snapshot"]

EnforcementStatus = Literal["not_enforced", "suspended", "unknown"]

LicenseExceptionName = Literal["NAC", "ACA", "LPP", "AIA", "ACM"]
LICENSE_EXCEPTIONS: tuple[str, ...] = get_args(LicenseExceptionName)

# How a restricted-party list entry binds an export.
ListEffect = Literal["license", "red_flag", "warning"]

EndUse = Literal["civil", "military", "supercomputer"]
END_USES: tuple[str, ...] = get_args(EndUse)

ExporterRole = Literal["designer", "distributor", "foundry", "osat"]
EXPORTER_ROLES: tuple[str, ...] = get_args(ExporterRole)

Precision = Literal["fp64", "fp32", "tf32", "fp16", "bf16", "fp8", "int8", "fp6", "fp4", "int4"]
PRECISIONS: tuple[str, ...] = get_args(Precision)

# The metrics a criterion (a letter's coverage, a reform's rule) may test.
Metric = Literal["tpp", "pd", "memory_bw_gbs", "interconnect_bw_gbs", "memory_plus_interconnect_gbs", "datacenter",
                 "die_area_mm2", "memory_gb"]
METRICS: tuple[str, ...] = get_args(Metric)
Comparison = Literal[">=", ">", "<=", "<", "=="]
COMPARISONS: tuple[str, ...] = get_args(Comparison)

ScreeningStatus = Literal["clear", "possible_match", "confirmed_match"]

CapScope = Literal["country", "consignee", "ultimate_parent", "internal", "ratio"]
CAP_SCOPES: tuple[str, ...] = get_args(CapScope)

Role = Literal["viewer", "analyst", "officer", "admin"]
ROLES: tuple[str, ...] = get_args(Role)
