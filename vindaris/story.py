"""The bundled example's quarter, as `vindaris demo` tells it: what happened when.

Data only; :mod:`vindaris.demo` turns it into commits. The dates fit its
PLAN_DAY (09-28) and LAST_DAY (11-24).
"""

from __future__ import annotations

# The bundled example's story, by ref. An entry is "MM-DD value [pr:BRANCH]
# [note]" events separated by ";"; an item's first event creates its file.
# Only `state:` lines change, so an item's file is touched only when its
# state changes: to look stalled nowhere but where the story says so, work is
# active for less than stall_after_days (14) before it is done, and the active
# items at the end start on or after 11-16 (within 14 days of both 11-24 and
# the end of week 48).
ITEM_STORY: dict[str, str] = {
    "grow-mid-market/analyst-webinar-series": "09-28 planned; 10-12 active; 10-22 dropped pr:drop-analyst-webinars",
    "grow-mid-market/announce-partner-program": "09-28 planned",
    "grow-mid-market/close-plans-top-20": "09-28 planned; 11-16 active Top 20 list agreed in the forecast call.",
    "grow-mid-market/outbound-revops-campaign": "10-14 planned; 11-17 active",
    "grow-mid-market/saas-connect-berlin":
        "09-28 planned; 10-05 active; 10-15 done 61 qualified conversations.",
    "grow-mid-market/team-pricing-tier": "09-28 planned; 10-19 active; 10-28 done pr:team-tier-launch",
    "partner-channel/co-marketing-fund": "09-28 planned; 10-20 dropped",
    "partner-channel/partner-deal-registration": "10-21 planned",
    "partner-channel/partner-enablement-kit": "09-28 planned; 10-27 active",
    "partner-channel/reseller-shortlist": "09-28 planned; 10-01 active; 10-14 done",
    "partner-channel/sign-first-resellers": "09-28 planned; 10-19 active First calls with both resellers booked.",
    "self-serve-trials/competitor-comparison-pages": "09-28 planned; 11-16 active",
    "self-serve-trials/in-app-card-checkout":
        "09-28 planned; 11-04 active; "
        "11-17 blocked pr:checkout-waits-on-vat Finance has not signed the VAT provider yet.",
    "self-serve-trials/sales-assist-for-trials": "10-27 planned",
    "self-serve-trials/trial-fit-scoring": "09-28 planned; 11-18 active",
    "self-serve-trials/trial-signup-page": "09-28 planned; 10-12 active; 10-22 done",
    "guided-activation/activation-email-sequence": "09-28 planned; 10-26 active; 11-05 done",
    "guided-activation/connector-setup-wizard": "09-28 planned; 11-17 active",
    "guided-activation/onboarding-checklist": "10-16 planned pr:checklist-not-tour",
    "guided-activation/product-tour": "09-28 planned; 10-05 active; 10-16 dropped pr:checklist-not-tour",
    "guided-activation/sample-data-workspace": "09-28 planned; 10-07 active; 10-20 done",
    "keep-customers/annual-contracts-push": "09-28 planned; 11-19 active",
    "keep-customers/expansion-playbook": "09-28 planned; 11-02 active",
    "keep-customers/go-live-tracker": "09-28 planned; 11-16 active",
    "keep-customers/implementation-capacity-plan": "09-28 planned; 10-12 active; 10-21 done",
    "keep-customers/usage-based-addon": "10-20 planned",
    "faster-onboarding/backlog-clearing-sprint": "09-28 planned; 11-23 active Sprint runs until 12-04.",
    "faster-onboarding/connector-self-install": "10-13 planned; 11-18 active",
    "faster-onboarding/implementation-templates": "09-28 planned; 10-19 active; 10-29 done",
    "faster-onboarding/partner-implementers": "09-28 planned; 10-27 dropped",
    "proactive-success/at-risk-alerts": "09-28 planned; 10-19 active; 10-30 done pr:at-risk-alerts-live",
    "proactive-success/churn-interviews": "11-10 planned pr:churn-interviews; 11-17 active",
    "proactive-success/health-score-model": "09-28 planned; 10-05 active; 10-16 done pr:health-score-live",
    "proactive-success/qbr-playbook": "09-28 planned; 10-26 active; 11-06 done pr:qbr-playbook-done",
    "proactive-success/retention-discounts": "09-28 planned; 10-09 dropped",
    "proactive-success/success-plans-rollout": "09-28 planned; 11-16 active",
    "reliable-platform/canary-deploys": "09-28 planned; 11-17 active",
    "reliable-platform/frontend-bundle-split": "09-28 planned; 10-19 active; 10-29 done",
    "reliable-platform/multi-az-postgres": "09-28 planned; 10-12 active; 10-21 done",
    "reliable-platform/soc2-auditor-fieldwork": "09-28 planned",
    "reliable-platform/soc2-evidence-automation": "09-28 planned; 11-18 active",
    "reliable-platform/status-page": "11-04 planned",
    "reliable-platform/switch-dashboards-to-v2": "10-14 planned",
    "query-engine-v2/columnar-cluster-upgrade":
        "09-28 planned; 10-21 active; "
        "11-03 blocked pr:cluster-upgrade-blocked The provider moved the maintenance window again.",
    "query-engine-v2/migrate-dashboards-batch-1": "09-28 planned; 10-26 active; 11-05 done pr:batch-2-waits",
    "query-engine-v2/migrate-dashboards-batch-2":
        "09-28 planned; 11-05 active pr:batch-2-waits; 11-06 blocked pr:batch-2-waits Needs the cluster upgrade first.",
    "query-engine-v2/migrate-dashboards-batch-3": "11-09 planned",
    "query-engine-v2/query-benchmarks": "09-28 planned; 09-29 active; 10-08 done",
    "query-engine-v2/query-planner-rewrite": "09-28 planned; 11-19 active",
    "query-engine-v2/sql-compat-layer": "09-28 planned; 10-07 active; 10-20 dropped pr:drop-sql-compat",
    "result-cache/cache-key-design": "09-28 planned; 10-05 active; 10-15 done",
    "result-cache/edge-cache-rollout": "10-15 planned; 11-16 active",
    "result-cache/invalidate-on-ingest": "10-28 planned",
}

# Key results not listed here and unchanged at the end (gross-revenue-churn,
# signed-resellers) get no check-in at all.
KR_STORY: dict[str, str] = {
    "grow-mid-market/new-arr":
        "10-05 90; 10-12 210; 10-19 330; 10-26 460; 11-02 610 First Team tier upgrades.; "
        "11-09 760; 11-16 890; 11-23 1020",
    "grow-mid-market/qualified-pipeline":
        "10-12 1450; 10-26 1700 SaaS Connect leads qualified.; 11-09 1920; 11-23 2150",
    "partner-channel/partner-pipeline": "10-20 25; 11-03 60",
    "self-serve-trials/trial-signups": "10-13 170; 10-27 215 New sign-up page.; 11-10 240; 11-24 265",
    "self-serve-trials/trial-to-paid": "10-13 4.4; 10-27 4.9; 11-10 5.4; 11-24 5.8",
    "guided-activation/time-to-first-dashboard":
        "10-06 92; 10-13 88; 10-20 81; 10-27 70 Sample data workspace is live for every trial.; "
        "11-03 63; 11-10 57; 11-17 52; 11-24 48",
    "guided-activation/activation-rate": "10-13 25; 10-27 28; 11-10 31; 11-24 33",
    "keep-customers/logo-churn": "10-05 2.0; 10-19 1.9; 11-02 1.8; 11-16 1.7",
    "keep-customers/nrr": "10-12 104; 11-02 105; 11-16 106",
    "keep-customers/onboarding-days": "10-06 35; 10-20 31; 11-03 27; 11-17 24",
    "faster-onboarding/implementation-backlog": "10-13 17; 10-27 14; 11-03 12; 11-17 10; 11-24 9",
    "proactive-success/success-plan-coverage":
        "10-05 34; 10-12 39; 10-19 45; 10-26 51; 11-02 57; 11-09 63 QBRs now end with a success plan.; "
        "11-16 69; 11-23 74",
    "reliable-platform/p95-dashboard-load": "10-20 3150; 11-03 2900 Frontend bundle split shipped.",
    "reliable-platform/uptime":
        "10-06 99.66; 10-13 99.70; 10-20 99.74; 10-27 99.80 Postgres runs in two zones.; "
        "11-03 99.84; 11-10 99.87; 11-17 99.89; 11-24 99.91",
    "query-engine-v2/dashboards-migrated": "10-27 5; 11-03 12; 11-10 18 Batch 1 complete.",
    "query-engine-v2/p95-query-time":
        "10-13 2520; 10-27 2450 Planner tweaks only, the big joins need the cluster upgrade.",
    "result-cache/cache-hit-rate": "10-13 2; 10-20 6; 10-27 11; 11-03 17; 11-10 22; 11-17 28; 11-24 34",
}

PR_TITLES: dict[str, str] = {
    "drop-analyst-webinars": "Drop the analyst webinar series",
    "team-tier-launch": "Team tier is live",
    "checkout-waits-on-vat": "In-app checkout waits on the VAT provider contract",
    "checklist-not-tour": "Replace the product tour with an onboarding checklist",
    "at-risk-alerts-live": "At-risk alerts are live in #cs-alerts",
    "churn-interviews": "Churn interviews: find out why churn has not moved",
    "health-score-live": "Health score model is live and synced to the CRM",
    "qbr-playbook-done": "QBR playbook done",
    "cluster-upgrade-blocked": "Cluster upgrade blocked on the provider's maintenance window",
    "batch-2-waits": "Batch 1 migrated; batch 2 waits for the cluster upgrade",
    "drop-sql-compat": "Drop the SQL compatibility layer",
}
