"""Every write to a region goes through these functions: they check permission, change the data
and record an ``Activity`` in one transaction. Views call them; nothing else writes.
"""

from regions.services.actions import action_create, action_update, agreement_give, agreement_withdraw
from regions.services.advice import (
    review_create,
    support_request_close,
    support_request_create,
    support_request_reply,
    support_request_take,
)
from regions.services.checklists import progress_set
from regions.services.coalition import (
    partnership_add,
    partnership_remove,
    partnership_set_role,
    partnership_set_trekker,
    region_set_phase,
)
from regions.services.figures import figures_import, indicator_target_set, indicator_value_set
from regions.services.history import activity_record, activity_record_many
from regions.services.region_import import regions_import

__all__ = [
    "action_create",
    "action_update",
    "agreement_give",
    "agreement_withdraw",
    "activity_record",
    "activity_record_many",
    "figures_import",
    "indicator_target_set",
    "indicator_value_set",
    "partnership_add",
    "partnership_remove",
    "partnership_set_role",
    "partnership_set_trekker",
    "progress_set",
    "region_set_phase",
    "regions_import",
    "review_create",
    "support_request_close",
    "support_request_create",
    "support_request_reply",
    "support_request_take",
]
